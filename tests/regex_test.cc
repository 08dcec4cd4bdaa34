// CG314 regex verdicts: the program-size limit on both sides at several
// limits, RE2's default budget, NOCASE sizing, the cache and the core's hook.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <string>
#include <thread>
#include <vector>

#include "contentgate/regex_cache.h"
#include "regex_check.h"

namespace contentgate {
namespace {

using internal::CheckRegex;

// ProgramSize with RE2's default options (what the format reference defines).
int DefaultProgramSize(const std::string& pattern, bool nocase) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!nocase);
  RE2 re(pattern, options);
  return re.ok() ? re.ProgramSize() : -1;
}

TEST(RegexTest, LimitHoldsOnBothSidesAtSeveralLimits) {
  // x{n} has a program of n + 4 instructions; \pL{n} grows fast per repeat.
  const std::vector<std::string> patterns = {"a",
                                             "x{10}",
                                             "x{100}",
                                             "x{996}",
                                             "[^a]{200}",
                                             "\\pL{10}",
                                             "(foo|bar|baz){20}",
                                             "\\p{Greek}{30}",
                                             "(?s).{500}"};
  for (const uint32_t limit : {1u, 5u, 14u, 100u, 1000u, 5000u, 100000u}) {
    for (const std::string& p : patterns) {
      for (const bool nocase : {false, true}) {
        const int size = DefaultProgramSize(p, nocase);
        ASSERT_GT(size, 0) << p;
        const RegexCache::Verdict v = CheckRegex(p, nocase, limit);
        EXPECT_EQ(v.ok, static_cast<uint32_t>(size) <= limit)
            << p << " size " << size << " limit " << limit << ": " << v.error;
        if (v.ok) {
          EXPECT_EQ(v.program_size, size);
        }
      }
    }
  }
}

TEST(RegexTest, ExactlyAtTheLimitCompiles) {
  for (const char* p : {"x{996}", "\\pL{10}", "[^a]{200}", "\\p{Greek}{30}"}) {
    const int size = DefaultProgramSize(p, false);
    EXPECT_TRUE(CheckRegex(p, false, size).ok) << p;
    EXPECT_FALSE(CheckRegex(p, false, size - 1).ok) << p;
  }
}

TEST(RegexTest, OverTheLimitNamesSizeAndLimit) {
  // \pL{100} has a 119,304-instruction program with default options.
  ASSERT_EQ(DefaultProgramSize("\\pL{100}", false), 119304);
  const RegexCache::Verdict v = CheckRegex("\\pL{100}", false, 1000);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.program_size, 119304);
  EXPECT_EQ(v.error, "its program size 119304 is larger than max_regex_program 1000");
  EXPECT_TRUE(CheckRegex("\\pL{100}", false, 119304).ok);
}

TEST(RegexTest, EmptyAlternationRepeatsCompile) {
  // Thousands of instructions before RE2 flattens them, 4 after: within any
  // limit of at least 4, so CG314 must not reject them (issue 12).
  for (const char* p : {"(?:|){1000}(?:|){1000}", "(?:|){1000}(?:|){1000}(?:|){1000}(?:|){1000}",
                        "(?:(?:|)|){1000}"}) {
    const int size = DefaultProgramSize(p, false);
    ASSERT_GT(size, 0) << p;
    const RegexCache::Verdict v = CheckRegex(p, false, static_cast<uint32_t>(size));
    EXPECT_TRUE(v.ok) << p << ": " << v.error;
    EXPECT_EQ(v.program_size, size) << p;
  }
  EXPECT_EQ(DefaultProgramSize("(?:|){1000}(?:|){1000}", false), 4);
}

TEST(RegexTest, TooLargeForRe2sDefaultBudgetIsCg314) {
  // 100 x 1000 copies of a 2-byte class: past RE2's default max_mem, which
  // bounds the memory of every check.
  std::string p;
  for (int i = 0; i < 100; ++i) p += "[^a]{1000}";
  ASSERT_EQ(DefaultProgramSize(p, false), -1);
  const RegexCache::Verdict v = CheckRegex(p, false, 100000);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.program_size, 0);
  EXPECT_EQ(v.error, "RE2 rejects it: its program exceeds RE2's default max_mem");
}

TEST(RegexTest, SyntaxErrorsNameRe2sReason) {
  for (const char* p : {"(?P<n>a)(?P=n)", "x{1001}", "(?<n>a)", "(", "a**", "\\8"}) {
    const RegexCache::Verdict v = CheckRegex(p, false, 100000);
    EXPECT_FALSE(v.ok) << p;
    EXPECT_EQ(v.program_size, 0);
    EXPECT_NE(v.error.find("RE2"), std::string::npos) << v.error;
  }
}

TEST(RegexTest, NocaseIsMeasuredWithCaseFolding) {
  const int plain = DefaultProgramSize("[a-z]{400}", false);
  const int folded = DefaultProgramSize("[a-z]{400}", true);
  ASSERT_LE(plain, 1000);
  ASSERT_GT(folded, 1000);
  EXPECT_TRUE(CheckRegex("[a-z]{400}", false, 1000).ok);
  EXPECT_FALSE(CheckRegex("[a-z]{400}", true, 1000).ok);
}

TEST(RegexCacheTest, SameVerdictAcrossThreads) {
  RegexCache cache;
  std::vector<std::thread> threads;
  std::vector<RegexCache::Verdict> verdicts(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back(
        [&, t] { verdicts[t] = cache.Check(t % 2 ? "x{2000}" : "^evil[0-9]+$", false, 1000); });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < 8; ++t) {
    EXPECT_EQ(verdicts[t].ok, t % 2 == 0);
    EXPECT_EQ(verdicts[t].program_size, verdicts[t % 2].program_size);
  }
  EXPECT_FALSE(cache.Check("x{2000}", false, 100000).ok);  // RE2: repeat > 1000
}

TEST(RegexCacheTest, OneCompilationPerPatternAndNocaseWhateverTheLimit) {
  RegexCache cache;
  EXPECT_FALSE(cache.Check("[a-z]{400}", true, 1000).ok);
  EXPECT_TRUE(cache.Check("[a-z]{400}", false, 1000).ok);
  EXPECT_EQ(cache.compilations(), 2u);  // NOCASE is part of the key
  const uint64_t before = internal::Re2Compilations();
  const RegexCache::Verdict tight = cache.Check("[a-z]{400}", false, 10);
  const RegexCache::Verdict loose = cache.Check("[a-z]{400}", true, 100000);
  EXPECT_FALSE(tight.ok);
  EXPECT_NE(tight.error.find("max_regex_program 10"), std::string::npos) << tight.error;
  EXPECT_TRUE(loose.ok);
  EXPECT_EQ(cache.compilations(), 2u);
  EXPECT_EQ(internal::Re2Compilations(), before);
}

TEST(RegexCacheTest, HookReportsVerdictAndProgramSize) {
  RegexCache cache;
  const std::string p = "x{10}";
  const int size = DefaultProgramSize(p, false);
  uint64_t program_size = 99;
  const auto* bytes = reinterpret_cast<const uint8_t*>(p.data());
  EXPECT_EQ(internal::CheckRegexHook(&cache, bytes, p.size(), 0, 1000, &program_size), 0);
  EXPECT_EQ(program_size, static_cast<uint64_t>(size));
  EXPECT_EQ(internal::CheckRegexHook(&cache, bytes, p.size(), 0, 5, &program_size), 1);
  EXPECT_EQ(program_size, static_cast<uint64_t>(size));
  const std::string bad = "(";
  EXPECT_EQ(internal::CheckRegexHook(&cache, reinterpret_cast<const uint8_t*>(bad.data()),
                                     bad.size(), 1, 1000, &program_size),
            1);
  EXPECT_EQ(program_size, 0u);
  EXPECT_EQ(cache.compilations(), 2u);
}

}  // namespace
}  // namespace contentgate
