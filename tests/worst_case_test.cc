// Issue 12's worst cases at small size, bounded by counts (RE2 compilations,
// heap allocations, diagnostics), never by time: the Unicode class escape
// rule of CG314, the false CG314 that no longer happens, one compilation per
// distinct pattern per file, and the shapes of bench/worst_case_content.h.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "alloc_counter.h"
#include "contentgate/channel_file.h"
#include "contentgate/core.h"
#include "contentgate/diagnostic.h"
#include "contentgate/regex_cache.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "regex_check.h"
#include "test_support.h"
#include "worst_case_content.h"

namespace contentgate {
namespace {

using bench::kNarrowTypeId;
using bench::kShapeStringFields;
using bench::kWideTypeId;
using internal::CheckRegex;
using internal::CountUnicodeClassEscapes;
using internal::Re2Compilations;

const Schema& WorstSchema() {
  static const Schema* const schema = [] {
    SchemaLoadResult loaded = LoadSchema(bench::WorstCaseSchemaJson());
    EXPECT_TRUE(loaded.schema.has_value());
    return loaded.schema.has_value() ? new Schema(std::move(*loaded.schema)) : nullptr;
  }();
  return *schema;
}

// Pool bytes the C core examines validating `file` against WorstSchema()'s
// core tables to the end (every diagnostic taken), in its fast or its
// reference (CG_OPTION_REFERENCE) mode.
uint64_t CorePoolBytesExamined(const std::string& file, uint32_t flags = 0) {
  cg_options options{};
  options.on_diag = [](void*, const cg_diag*) { return 0; };
  options.flags = flags;
  std::vector<uint64_t> scratch((cg_scratch_size(file.size()) + 7) / 8);
  cg_result result{};
  const int code = cg_validate(reinterpret_cast<const uint8_t*>(file.data()), file.size(),
                               &WorstSchema().core_schema(), &options, scratch.data(),
                               scratch.size() * 8, &result);
  EXPECT_GE(code, 0);
  return result.pool_bytes_examined;
}

std::string Repeat(const std::string& unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

// A file of `wide` (or `narrow`) instances, one regex per instance in s0.
std::string RegexFile(const std::vector<std::pair<std::string, bool>>& patterns,
                      uint16_t type_id = kWideTypeId) {
  Content content;
  content.channel_id = 12;
  content.content_version = 1;
  const uint32_t fields = type_id == kWideTypeId ? kShapeStringFields + 1 : kShapeStringFields;
  for (size_t k = 0; k < patterns.size(); ++k) {
    Instance instance;
    instance.id = static_cast<uint32_t>(k + 1);
    instance.template_type_id = type_id;
    instance.criteria.resize(fields);
    instance.criteria[0].op = Op::kRegex;
    instance.criteria[0].text = patterns[k].first;
    instance.criteria[0].nocase = patterns[k].second;
    content.instances.push_back(std::move(instance));
  }
  return EncodeChannelFile(content);
}

std::vector<const Diagnostic*> Find(const Report& report, Code code) {
  std::vector<const Diagnostic*> found;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code() == code) found.push_back(&d);
  }
  return found;
}

TEST(UnicodeClassEscapeCount, CountsAsRe2ReadsThem) {
  EXPECT_EQ(CountUnicodeClassEscapes(Repeat("\\pL", 9)), 9u);
  EXPECT_EQ(CountUnicodeClassEscapes("\\p{Greek}\\PL\\P{Lu}"), 3u);
  EXPECT_EQ(CountUnicodeClassEscapes("[\\pL\\pN]x[^\\PL]"), 3u);  // inside brackets
  EXPECT_EQ(CountUnicodeClassEscapes(Repeat("\\\\p", 20)), 0u);   // escaped backslash, then p
  EXPECT_EQ(CountUnicodeClassEscapes("\\\\\\pL"), 1u);            // \\ then \pL
  EXPECT_EQ(CountUnicodeClassEscapes("\\Q\\pL\\pN\\E\\pS"), 1u);  // \Q...\E is literal
  EXPECT_EQ(CountUnicodeClassEscapes("\\Q\\pL"), 0u);             // literal to the end
  EXPECT_EQ(CountUnicodeClassEscapes("pL p \\"), 0u);
}

TEST(UnicodeClassEscapeRule, NineIsCg314BeforeRe2EightCompiles) {
  for (const bool nocase : {false, true}) {
    for (const std::string& nine :
         {Repeat("\\pL", 9), "[" + Repeat("\\pN", 9) + "]", "a" + Repeat("\\P{Greek}b", 9)}) {
      const uint64_t before = Re2Compilations();
      const RegexCache::Verdict v = CheckRegex(nine, nocase, 100000);
      EXPECT_FALSE(v.ok) << nine;
      EXPECT_EQ(v.error, "it holds 9 Unicode class escapes (\\p, \\P); at most 8 are allowed");
      EXPECT_EQ(Re2Compilations(), before) << nine;  // RE2 never saw it
    }
    const uint64_t before = Re2Compilations();
    EXPECT_TRUE(CheckRegex(Repeat("\\pL", 8), nocase, 100000).ok);
    EXPECT_TRUE(CheckRegex("[" + Repeat("\\pN", 8) + "]", nocase, 100000).ok);
    EXPECT_TRUE(CheckRegex(Repeat("\\\\p", 40), nocase, 100000).ok);  // no escape counted
    EXPECT_EQ(Re2Compilations(), before + 3);
  }
}

TEST(UnicodeClassEscapeRule, ReportedAsCg314AtTheCriterionWithoutCompiling) {
  RegexCache cache;
  ValidateOptions options;
  options.regex_cache = &cache;
  const std::string file = RegexFile({{"ok[0-9]+", false}, {Repeat("\\pL", 9), true}});
  const Report report = ValidateChannelFile(AsBytes(file), WorstSchema(), options);
  const std::vector<const Diagnostic*> cg314 = Find(report, Code::kBadRegex);
  ASSERT_EQ(cg314.size(), 1u);
  EXPECT_EQ(cg314[0]->instance(), 1u);
  EXPECT_EQ(cg314[0]->criterion(), 0u);
  EXPECT_NE(cg314[0]->message().find("9 Unicode class escapes"), std::string_view::npos)
      << cg314[0]->message();
  EXPECT_EQ(report.errors(), 1u);
  EXPECT_EQ(cache.compilations(), 1u);  // only ok[0-9]+ reached RE2
}

TEST(FalseCg314, EmptyAlternationRepeatsCompileWithinTheirLimit) {
  const RegexCache::Verdict v = CheckRegex("(?:|){1000}(?:|){1000}", false, 4);
  EXPECT_TRUE(v.ok) << v.error;
  EXPECT_EQ(v.program_size, 4);
  const std::string file = RegexFile({{"(?:|){1000}(?:|){1000}", false}});
  const Report report = ValidateChannelFile(AsBytes(file), WorstSchema());
  EXPECT_TRUE(report.valid());
  EXPECT_TRUE(Find(report, Code::kBadRegex).empty());
}

TEST(RegexOncePerFile, DistinctPatternsCompiledOncePerFileAndOncePerCache) {
  std::vector<std::pair<std::string, bool>> patterns;
  for (int k = 0; k < 30; ++k) {
    patterns.emplace_back("^evil[0-9]+$", k % 3 == 0);
    patterns.emplace_back("pipe_[a-f]{4}", false);
  }
  const std::string file = RegexFile(patterns);
  // Without a cache: each distinct (pattern, NOCASE) once per call.
  for (int run = 0; run < 2; ++run) {
    const uint64_t before = Re2Compilations();
    EXPECT_TRUE(ValidateChannelFile(AsBytes(file), WorstSchema()).valid());
    EXPECT_EQ(Re2Compilations() - before, 3u);
  }
  // With a cache: once for the cache's lifetime, across files.
  RegexCache cache;
  ValidateOptions options;
  options.regex_cache = &cache;
  const uint64_t before = Re2Compilations();
  EXPECT_TRUE(ValidateChannelFile(AsBytes(file), WorstSchema(), options).valid());
  EXPECT_TRUE(ValidateChannelFile(AsBytes(file), WorstSchema(), options).valid());
  EXPECT_EQ(cache.compilations(), 3u);
  EXPECT_EQ(Re2Compilations() - before, 3u);
}

TEST(RegexNeverReachesRe2, InvalidUtf8Pattern) {
  RegexCache cache;
  ValidateOptions options;
  options.regex_cache = &cache;
  const std::string file = RegexFile({{"ab\xFF[^a]{1000}", false}, {std::string("a\0b", 3), true}});
  const Report report = ValidateChannelFile(AsBytes(file), WorstSchema(), options);
  const std::vector<const Diagnostic*> cg311 = Find(report, Code::kBadUtf8);
  ASSERT_EQ(cg311.size(), 2u);
  EXPECT_EQ(cg311[0]->instance(), 0u);
  EXPECT_EQ(cg311[1]->instance(), 1u);
  EXPECT_EQ(cg311[1]->criterion(), 0u);
  EXPECT_EQ(cache.compilations(), 0u);
}

// The C99 core checks CG312 before it calls the check_regex hook.
TEST(RegexNeverReachesRe2, OverlongPattern) {
  RegexCache cache;
  ValidateOptions options;
  options.regex_cache = &cache;
  const std::string file =
      RegexFile({{Repeat("[^a]{1000}", 7), false}}, kNarrowTypeId);  // 70 bytes > 64
  const Report report = ValidateChannelFile(AsBytes(file), WorstSchema(), options);
  const std::vector<const Diagnostic*> cg312 = Find(report, Code::kStringLength);
  ASSERT_EQ(cg312.size(), 1u);
  EXPECT_EQ(cg312[0]->instance(), 0u);
  EXPECT_EQ(cg312[0]->criterion(), 0u);
  EXPECT_EQ(cache.compilations(), 0u);
}

TEST(WorstCaseShapes, RegexShapesRejectedByRuleNeverReachRe2) {
  for (const bench::RegexShape shape :
       {bench::RegexShape::kUnicodeClasses30k, bench::RegexShape::kDistinct255,
        bench::RegexShape::kBracketed8k}) {
    const Content content = bench::MakeRegexContent(shape, 3, false);
    const std::string file = EncodeChannelFile(content);
    RegexCache cache;
    ValidateOptions options;
    options.regex_cache = &cache;
    const Report report = ValidateChannelFile(AsBytes(file), WorstSchema(), options);
    EXPECT_EQ(Find(report, Code::kBadRegex).size(), content.instances.size())
        << bench::RegexShapeName(shape);
    EXPECT_EQ(report.errors(), content.instances.size());
    EXPECT_EQ(cache.compilations(), 0u) << bench::RegexShapeName(shape);
    // The literal twin of the same lengths compiles, once per pattern.
    const std::string twin = EncodeChannelFile(bench::MakeRegexContent(shape, 3, true));
    EXPECT_TRUE(ValidateChannelFile(AsBytes(twin), WorstSchema(), options).valid());
    EXPECT_EQ(cache.compilations(), content.instances.size());
  }
}

TEST(WorstCaseShapes, WithinRuleRegexShapeIsValid) {
  const std::string file =
      EncodeChannelFile(bench::MakeRegexContent(bench::RegexShape::kWithinRule8k, 2, false));
  const uint64_t before = Re2Compilations();
  EXPECT_TRUE(ValidateChannelFile(AsBytes(file), WorstSchema()).valid());
  EXPECT_EQ(Re2Compilations() - before, 2u);
}

TEST(WorstCaseShapes, SharedStringValidFileAllocatesNothingWithAReusedReport) {
  const std::string file = EncodeChannelFile(bench::MakeSharedStringContent(50, 4096));
  Report report;
  ValidateChannelFile(AsBytes(file), WorstSchema(), ValidateOptions{}, &report);
  ASSERT_TRUE(report.valid());
  EXPECT_EQ(report.warnings(), 0u);
  const uint64_t allocations = test::CountAllocations(
      [&] { ValidateChannelFile(AsBytes(file), WorstSchema(), ValidateOptions{}, &report); });
  EXPECT_EQ(allocations, 0u);
}

// Every string references the same 4 KB: each pool byte is examined a
// bounded number of times, where the reference scan reads it per criterion.
TEST(WorstCaseShapes, SharedStringValidFileExaminesEachPoolByteBoundedTimes) {
  const std::string file = EncodeChannelFile(bench::MakeSharedStringContent(50, 4096));
  EXPECT_LE(CorePoolBytesExamined(file), 4 * uint64_t{file.size()} + 64);
  EXPECT_GT(CorePoolBytesExamined(file, CG_OPTION_REFERENCE), 4 * uint64_t{file.size()} + 64);
}

// Over-long (CG312) strings shared by every criterion: reported without
// reading them once per criterion.
TEST(WorstCaseShapes, SharedOverlongExaminesEachPoolByteBoundedTimes) {
  const std::string file = EncodeChannelFile(bench::MakeSharedOverlongContent(20, 2048));
  EXPECT_LE(CorePoolBytesExamined(file), 4 * uint64_t{file.size()} + 64);
  EXPECT_GT(CorePoolBytesExamined(file, CG_OPTION_REFERENCE), 4 * uint64_t{file.size()} + 64);
}

TEST(WorstCaseShapes, SharedOverlongReportsEveryCriterionWithoutAllocating) {
  constexpr uint32_t kInstances = 20;
  const std::string file = EncodeChannelFile(bench::MakeSharedOverlongContent(kInstances, 2048));
  ValidateOptions options;
  options.max_diagnostics = 1000;
  Report report;
  ValidateChannelFile(AsBytes(file), WorstSchema(), options, &report);
  const std::vector<const Diagnostic*> cg312 = Find(report, Code::kStringLength);
  ASSERT_EQ(cg312.size(), kInstances * kShapeStringFields);
  EXPECT_EQ(cg312.back()->instance(), kInstances - 1);
  EXPECT_EQ(cg312.back()->criterion(), kShapeStringFields - 1);
  // The glob half also has 136 '*' against max_wildcards 16 (CG313).
  EXPECT_EQ(Find(report, Code::kTooManyWildcards).size(), kInstances * kShapeStringFields / 2);
  const uint64_t allocations = test::CountAllocations(
      [&] { ValidateChannelFile(AsBytes(file), WorstSchema(), options, &report); });
  EXPECT_EQ(allocations, 0u);
}

// Issue 12's memory goal for the shape: the library's heap is the scratch
// (at most the file's size plus 4 KiB) and the kept diagnostics, whose
// messages name the values but never hold the 16 KB string.
TEST(WorstCaseShapes, SharedOverlongHeapIsScratchPlusKeptDiagnostics) {
  constexpr uint32_t kInstances = 100;
  const std::string file = EncodeChannelFile(bench::MakeSharedOverlongContent(kInstances, 16384));
  const uint64_t scratch = cg_scratch_size(file.size());
  ASSERT_LE(scratch, file.size() + 4096);
  for (const size_t cap : {Report::kDefaultMaxDiagnostics, size_t{100000}}) {
    ValidateOptions options;
    options.max_diagnostics = cap;
    std::optional<Report> report;
    const uint64_t peak = test::PeakBytesDuring(
        [&] { report.emplace(ValidateChannelFile(AsBytes(file), WorstSchema(), options)); });
    ASSERT_EQ(report->errors(), kInstances * kShapeStringFields * 3 / 2);  // CG312 + CG313
    const size_t kept = report->diagnostics().size();
    EXPECT_EQ(kept, std::min<size_t>(cap, report->errors()));
    // A vector grown by doubling holds at most twice its size, and held the
    // old block while it moved to the new one.
    EXPECT_LE(peak, scratch + 64 + 3 * kept * sizeof(Diagnostic)) << "cap " << cap;
    for (const Diagnostic& d : report->diagnostics()) {
      EXPECT_LE(d.message().size(), 100u) << d.message();
      EXPECT_EQ(d.message().find("\xC3\xA9"), std::string_view::npos) << d.message();
    }
  }
}

// 10,000 erroneous elements, a cap of 10: every error counted, 10 kept.
TEST(WorstCaseShapes, ZeroInstancesKeepOnlyTheCappedDiagnostics) {
  const std::string source = bench::MakeZeroInstancesSource(20000);
  ValidateOptions options;
  options.max_diagnostics = 10;
  const CompileResult result = CompileSource(source, test::ExampleSchema(), options);
  EXPECT_FALSE(result.channel_file.has_value());
  EXPECT_GE(result.report.errors(), 9000u);  // one per element: about 10,000
  EXPECT_LE(result.report.diagnostics().size(), 10u);
  ASSERT_FALSE(result.report.diagnostics().empty());
  EXPECT_EQ(result.report.diagnostics()[0].pointer(), "/instances/0");
}

}  // namespace
}  // namespace contentgate
