// File: tests/json_flat_test.cc
// The flat document's reader agrees with ParseJson (values, positions,
// errors) on hand-picked texts and on every truncation and many one-byte
// changes of a source file; a dense array costs 12 bytes per value in a
// constant number of allocations; a text over the size cap is refused
// unread; a refused text costs no more heap than an accepted one;
// compiling a source of N instances makes at most one heap allocation per
// instance, errors past the report's cap allocate nothing each, and the
// compiler holds nothing per value beyond the document.

#include "json_flat.h"

#include <sys/mman.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "alloc_counter.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/source.h"
#include "contentgate/source_dump.h"
#include "gtest/gtest.h"
#include "json_compare.h"
#include "json_doc.h"
#include "test_support.h"

namespace contentgate {
namespace {

// Expects ParseJsonDoc and ParseJsonDocViaTree to agree on `text`.
void ExpectAgree(std::string_view text) {
  EXPECT_EQ(test::JsonReadersDifference(text, 8), "") << text;
}

TEST(JsonFlatTest, AgreesWithTheTreeOnHandPickedTexts) {
  const std::string_view texts[] = {
      "0",
      "-0",
      "18446744073709551615",
      "18446744073709551616",
      "-9223372036854775809",
      "1.5e3",
      "1E400",
      "-1e-400",
      "0.0",
      "01",
      "1.",
      "1e",
      "-",
      "+1",
      ".5",
      "1x",
      "true",
      "false",
      "null",
      "tru",
      "nulls",
      "[]",
      "{}",
      "[1,]",
      "[,1]",
      "{\"a\":1,}",
      "{\"a\" 1}",
      "{1:2}",
      " \n\t\r [ 1 , \n 2 ] \r\n",
      "\xEF\xBB\xBF{\"a\": [true]}",
      "\xEF\xBB\xBF\xEF\xBB\xBF"
      "1",
      "",
      "   ",
      "1 2",
      "[1] x",
      std::string_view("1 \0", 3),
      std::string_view("[\"a\0\"]", 6),
      "\"\\u0000\"",
      "\"\\ud83d\\ude00\"",
      "\"\\ud83d\"",
      "\"\\ude00\"",
      "\"\\ud83dx\"",
      "\"\\u12g4\"",
      "\"\\x\"",
      "\"a\\/b\\\\\\\"\\b\\f\\n\\r\\t\"",
      "\"\xC3\xA9\"",
      "\"\xC0\xAF\"",
      "\"\xE0\x80\xAF\"",
      "\"\xED\xA0\x80\"",
      "\"\xF4\x90\x80\x80\"",
      "\"\xF0\x9F\x98\x80\"",
      "\"\xFF\"",
      "\"\xE2\x82\"",
      "\"tab\there\"",
      "\"unterminated",
      "{\"a\":1,\"a\":2}",
      "{\"a\\u0062\":1,\"ab\":2}",
      "{\"x\":{\"y\":[{\"z\":0,\"z\":1}]}}",
      "[[[[[[[[1]]]]]]]]",
      "[[[[[[[[[1]]]]]]]]]",
      "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{}}}}}}}",
      "{\"k\\\"ey\": \"v\\u00e9\", \"e\": \"plain\"}",
  };
  for (std::string_view text : texts) ExpectAgree(text);

  // Objects at and past the stack table's 32 keys, with and without a
  // duplicate; keys alike in length and first eight bytes.
  for (const int n : {31, 32, 40}) {
    std::string big = "{";
    for (int i = 0; i < n; ++i) absl::StrAppend(&big, i == 0 ? "" : ",", "\"k", i, "\":", i);
    ExpectAgree(big + "}");
    ExpectAgree(big + ",\"k3\":0}");
    ExpectAgree(absl::StrCat(big, ",\"k", n - 1, "\":0}"));
  }
  ExpectAgree("{\"abcdefghX\":1,\"abcdefghY\":2,\"abcdefgh\\u0058\":3}");
  ExpectAgree("{\"abcdefghX\":1,\"abcdefghY\":2,\"abcdefghZ\":3}");

  // Strings scanned eight bytes at a time: each special byte or sequence at
  // every position of a 24-byte string, as a value and as a key.
  const std::string_view specials[] = {"\\n",      "\\u00e9", "\\\"",     "\x01", "\x7F", "\x1F",
                                       "\xC3\xA9", "\xFF",    "\xE2\x82", "\"",   "\\"};
  for (const std::string_view special : specials) {
    for (size_t at = 0; at <= 24; ++at) {
      const std::string text =
          std::string(at, 'a') + std::string(special) + std::string(24 - at, 'b');
      ExpectAgree(absl::StrCat("[\"", text, "\"]"));
      ExpectAgree(absl::StrCat("{\"", text, "\": \"", text, "\"}"));
    }
  }
}

TEST(JsonFlatTest, AgreesWithTheTreeOnEveryTruncationAndByteChangeOfASource) {
  const DumpResult dumped =
      DumpChannelFile(AsBytes(test::Encode(test::BaseContent())), test::ExampleSchema());
  ASSERT_TRUE(dumped.source_json.has_value());
  const std::string source = *dumped.source_json + R"({"x": "\u00e9\n", "y": [1.5, -2]})";
  for (size_t n = 0; n <= source.size(); ++n) ExpectAgree(std::string_view(source).substr(0, n));
  const char replacements[] = {'"', '\\', '{', '}', '[',  ']', ',',  ':',    '0',
                               '-', 'e',  '.', ' ', '\n', 'x', '\0', '\x80', '\xC3'};
  for (size_t i = 0; i < source.size(); ++i) {
    for (char c : replacements) {
      std::string changed = source;
      changed[i] = c;
      ExpectAgree(changed);
    }
  }
}

// Positions are ParseJson's: 1-based, columns in bytes counted from the
// line's first byte (a BOM included), lines ended by "\n" (a "\r" before it
// is the previous line's last byte).
TEST(JsonFlatTest, PositionsAfterLineBreaksAndABomAreParseJsons) {
  const std::string_view text =
      "\xEF\xBB\xBF{\"a\": 1,\n  \"b\": [true,\r\n\t\"x\\n\", -2.5],\r\n\"c\": {}}";
  internal::JsonDoc doc;
  internal::JsonError error;
  ASSERT_TRUE(internal::ParseJsonDoc(text, &doc, &error));
  internal::JsonValue tree;
  ASSERT_TRUE(internal::ParseJson(text, &tree, &error));
  const internal::JsonRef root = doc.root();
  const internal::JsonRef b = root.Find("b");
  ASSERT_TRUE(b);
  const struct {
    internal::JsonRef flat;
    const internal::JsonValue& tree;
    uint32_t line;
    uint32_t column;
  } cases[] = {
      {root, tree, 1, 4},
      {root.Find("a"), tree.members[0].second, 1, 10},
      {b, tree.members[1].second, 2, 8},
      {b.items()[0], tree.members[1].second.items[0], 2, 9},
      {b.items()[1], tree.members[1].second.items[1], 3, 2},
      {b.items()[2], tree.members[1].second.items[2], 3, 9},
      {root.Find("c"), tree.members[2].second, 4, 6},
  };
  for (const auto& c : cases) {
    ASSERT_TRUE(c.flat);
    EXPECT_EQ(c.flat.line(), c.line) << c.flat.offset();
    EXPECT_EQ(c.flat.column(), c.column) << c.flat.offset();
    EXPECT_EQ(c.flat.line(), c.tree.line) << c.flat.offset();
    EXPECT_EQ(c.flat.column(), c.tree.column) << c.flat.offset();
  }
  EXPECT_EQ(b.items()[1].text(), "x\n");
  EXPECT_EQ(b.items()[2].text(), "-2.5");
}

// A dense array costs its 12-byte nodes, the line table and a few small
// blocks (the child counts, while parsing): no allocation per value, and
// the arena is allocated once.
TEST(JsonFlatTest, DenseArrayCostsTwelveBytesPerValueInConstantAllocations) {
  for (const size_t n : {10000u, 100000u}) {
    std::string text = "[0";
    size_t lines = 1;
    for (size_t i = 1; i < n; ++i) {
      const bool line_break = i % 1000 == 0;
      text += line_break ? ",\n0" : ",0";
      lines += line_break ? 1 : 0;
    }
    text += "]";
    internal::JsonDoc doc;
    internal::JsonError error;
    uint64_t allocations = 0;
    const uint64_t peak = test::PeakBytesDuring([&] {
      allocations =
          test::CountAllocations([&] { EXPECT_TRUE(internal::ParseJsonDoc(text, &doc, &error)); });
    });
    EXPECT_EQ(doc.node_count(), n + 1);
    EXPECT_EQ(doc.root().items().size(), n);
    EXPECT_EQ(doc.root().items()[n - 1].line(), lines);
    EXPECT_LE(peak, 12 * (n + 1) + 4 * lines + 256) << n << " values";
    // The arena, the line starts, the child counts' first block and list.
    EXPECT_LE(allocations, 4u) << n << " values";
  }
}

// A text over kJsonDocMaxSize is an error that names its size, found
// before a byte is read (the text here is address space, never touched).
TEST(JsonFlatTest, TextOverTheSizeCapIsRefusedUnread) {
  internal::JsonError error;
  EXPECT_TRUE(internal::JsonDocSizeFits(internal::kJsonDocMaxSize, &error));
  ASSERT_FALSE(internal::JsonDocSizeFits(internal::kJsonDocMaxSize + 1, &error));
  EXPECT_EQ(error.message, "the text is 1073741825 bytes long; at most 1073741824 can be read");

  const size_t size = internal::kJsonDocMaxSize + 1;
  void* const map =
      mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (map == MAP_FAILED) GTEST_SKIP() << "cannot reserve 1 GiB of address space";
  const std::string_view text(static_cast<const char*>(map), size);
  internal::JsonDoc doc;
  EXPECT_FALSE(internal::ParseJsonDoc(text, &doc, &error));
  EXPECT_EQ(error.message, "the text is 1073741825 bytes long; at most 1073741824 can be read");
  EXPECT_EQ(error.line, 1u);
  EXPECT_EQ(error.column, 1u);
  const CompileResult result = CompileSource(text, test::ExampleSchema(), ValidateOptions{});
  ASSERT_EQ(result.report.diagnostics().size(), 1u);
  EXPECT_EQ(result.report.diagnostics()[0].code(), Code::kSourceNotJson);
  EXPECT_EQ(result.report.diagnostics()[0].line(), 1u);
  EXPECT_EQ(result.report.diagnostics()[0].column(), 1u);
  munmap(map, size);
}

// A source of `count` instances of both example types, each of type 1 with
// its own prefix operand (longer than std::string's inline buffer), and its
// encoding.
void MakeSource(uint32_t count, std::string* source, std::string* encoded) {
  const Schema& schema = test::ExampleSchema();
  Content content;
  content.channel_id = 291;
  content.content_version = 3;
  const Content base = test::BaseContent();
  for (uint32_t i = 0; i < count; ++i) {
    Instance instance = base.instances[i % 2];
    instance.id = i + 1;
    // Type 1's prefix (type 2's first operand is a regex, compiled once).
    if (i % 2 == 0) {
      instance.criteria[0].text = absl::StrCat(instance.criteria[0].text, "-instance-", i);
    }
    content.instances.push_back(instance);
  }
  *encoded = test::Encode(content);
  const DumpResult dumped = DumpChannelFile(AsBytes(*encoded), schema);
  ASSERT_TRUE(dumped.source_json.has_value());
  *source = *dumped.source_json;
}

// A text the reader refuses gets ParseJson's error without being held as
// ParseJson's tree (about a hundred bytes per value): refusing a long array
// costs no more heap than accepting it.
TEST(JsonFlatTest, RefusedTextCostsNoMoreHeapThanAccepted) {
  std::string accepted = "[";
  for (int i = 0; i < 20000; ++i) absl::StrAppend(&accepted, i == 0 ? "" : ",", "{\"k\":[0]}");
  accepted += "]";
  const std::string refused = accepted + " x";
  internal::JsonDoc doc;
  internal::JsonError error;
  const uint64_t accept_peak =
      test::PeakBytesDuring([&] { EXPECT_TRUE(internal::ParseJsonDoc(accepted, &doc, &error)); });
  doc = internal::JsonDoc();
  const uint64_t refuse_peak =
      test::PeakBytesDuring([&] { EXPECT_FALSE(internal::ParseJsonDoc(refused, &doc, &error)); });
  EXPECT_EQ(error.line, 1u);
  EXPECT_EQ(error.column, refused.size());
  EXPECT_LE(refuse_peak, accept_peak + 4096) << "accepted: " << accept_peak;
}

TEST(SourceCompileAllocationTest, AtMostOneAllocationPerInstance) {
  // Sensor 7.11 would warn (CG401) on every instance.
  const ValidateOptions options = test::TargetSensors(test::ExampleSchema(), {"7.16"});
  for (const uint32_t count : {1000u, 4000u}) {
    std::string source;
    std::string encoded;
    MakeSource(count, &source, &encoded);
    CompileResult result{Report(), std::nullopt};
    const uint64_t allocations = test::CountAllocations(
        [&] { result = CompileSource(source, test::ExampleSchema(), options); });
    ASSERT_TRUE(result.channel_file.has_value());
    EXPECT_EQ(*result.channel_file, encoded);
    EXPECT_LE(allocations, count) << count << " instances";
  }
}

TEST(SourceCompileAllocationTest, ErrorsPastTheCapCostNoAllocationEach) {
  // `"instances": [0,0,...]`: every element is CG702, and only the first
  // 100 are kept, so only those get a message and a JSON Pointer.
  const Schema& schema = test::ExampleSchema();  // loaded before counting
  for (const size_t count : {2000u, 20000u}) {
    std::string text = R"({"channel": 291, "content_version": 1, "instances": [0)";
    for (size_t i = 1; i < count; ++i) text += ",0";
    text += "]}";
    CompileResult result{Report(), std::nullopt};
    const uint64_t allocations =
        test::CountAllocations([&] { result = CompileSource(text, schema, ValidateOptions{}); });
    EXPECT_EQ(result.report.errors(), count);
    ASSERT_EQ(result.report.diagnostics().size(), 100u);
    EXPECT_EQ(result.report.diagnostics()[0].code(), Code::kSourceBadKey);
    EXPECT_EQ(result.report.diagnostics()[99].pointer(), "/instances/99");
    EXPECT_EQ(result.report.diagnostics()[99].column(), 252u);
    EXPECT_LE(allocations, 200u) << count << " instances";  // 141 and 145 here
  }
}

// The compiler keeps nothing per value beyond the document: compiling
// `"instances": [0, 0, ...]` (under max_instances, so the model is built)
// or a source with an unknown member holding an object of many members
// raises the heap above what parsing it does by a constant (the kept
// diagnostics, the report), the same for 20,000 values as for 60,000.
TEST(SourceCompileAllocationTest, CompileHoldsNothingPerValueBeyondTheDocument) {
  const Schema& schema = test::ExampleSchema();  // loaded before measuring
  const auto overhead = [&](const std::string& text) {
    internal::JsonDoc doc;
    internal::JsonError error;
    const uint64_t parse_peak =
        test::PeakBytesDuring([&] { EXPECT_TRUE(internal::ParseJsonDoc(text, &doc, &error)); });
    doc = internal::JsonDoc();
    CompileResult result{Report(), std::nullopt};
    const uint64_t compile_peak =
        test::PeakBytesDuring([&] { result = CompileSource(text, schema, ValidateOptions{}); });
    EXPECT_GE(result.report.errors(), 1u);
    return static_cast<int64_t>(compile_peak) - static_cast<int64_t>(parse_peak);
  };
  for (const bool zeros : {true, false}) {
    int64_t overheads[2];
    const size_t counts[2] = {20000, 60000};
    for (int k = 0; k < 2; ++k) {
      std::string text = R"({"channel": 291, "content_version": 1, "instances": [)";
      text += zeros ? "0" : R"(], "x": {"k0": 0)";
      for (size_t i = 1; i < counts[k]; ++i) {
        text += zeros ? ",0" : absl::StrCat(",\"k", i, "\":0");
      }
      text += zeros ? "]}" : "}}";
      overheads[k] = overhead(text);
    }
    EXPECT_LE(overheads[0], 256 * 1024) << (zeros ? "zeros" : "members");
    EXPECT_LE(overheads[1], overheads[0] + 4096) << (zeros ? "zeros" : "members");
  }
}

}  // namespace
}  // namespace contentgate
