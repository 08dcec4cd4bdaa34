// CG314 regex verdicts: the program-size limit on both sides at several
// limits, fast failure of huge patterns, NOCASE sizing, the cache.

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

TEST(RegexTest, HugePatternStopsAtTheBudget) {
  // \pL{100} has a 119,304-instruction program with default options. Under
  // the budget for 1000 it fails as too large instead of compiling fully.
  ASSERT_EQ(DefaultProgramSize("\\pL{100}", false), 119304);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(internal::RegexMaxMemFor(1000));
  RE2 re("\\pL{100}", options);
  EXPECT_FALSE(re.ok());
  EXPECT_EQ(re.error_code(), RE2::ErrorPatternTooLarge);
  const RegexCache::Verdict v = CheckRegex("\\pL{100}", false, 1000);
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.error.find("max_regex_program 1000"), std::string::npos) << v.error;
  EXPECT_FALSE(CheckRegex("\\pL{100}", false, 100000).ok);
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
  // The key includes NOCASE and the limit.
  EXPECT_TRUE(cache.Check("x{2000}", false, 100000).ok == false);  // RE2: repeat > 1000
  EXPECT_FALSE(cache.Check("[a-z]{400}", true, 1000).ok);
  EXPECT_TRUE(cache.Check("[a-z]{400}", false, 1000).ok);
}

}  // namespace
}  // namespace contentgate
