// Tests of glob matching and literal search against straightforward references.
#include "glob_match.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace contentgate::internal {
namespace {

// One-shot matching through a prepared matcher.
bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase) {
  return GlobMatcher(pattern, nocase).Matches(text);
}

TEST(GlobMatchTest, EmptyPatternMatchesOnlyEmptyText) {
  EXPECT_TRUE(GlobMatch("", "", false));
  EXPECT_FALSE(GlobMatch("", "a", false));
  EXPECT_FALSE(GlobMatch("a", "", false));
}

TEST(GlobMatchTest, StarMatchesAnyRunIncludingEmpty) {
  EXPECT_TRUE(GlobMatch("*", "", false));
  EXPECT_TRUE(GlobMatch("*", "anything", false));
  EXPECT_TRUE(GlobMatch("a*", "a", false));    // empty tail
  EXPECT_TRUE(GlobMatch("*a", "a", false));    // empty head
  EXPECT_TRUE(GlobMatch("a*b", "ab", false));  // empty middle
  EXPECT_TRUE(GlobMatch("a*b", "axxb", false));
  EXPECT_FALSE(GlobMatch("a*b", "axxbc", false));
  EXPECT_TRUE(GlobMatch("a**", "a", false));
  EXPECT_TRUE(GlobMatch("***", "", false));
  EXPECT_TRUE(GlobMatch("*x*", "abxcd", false));
  EXPECT_FALSE(GlobMatch("*x*", "abcd", false));
}

TEST(GlobMatchTest, WholeTextMustMatch) {
  EXPECT_FALSE(GlobMatch("abc", "abcd", false));
  EXPECT_FALSE(GlobMatch("bcd", "abcd", false));
  EXPECT_TRUE(GlobMatch("*bcd", "abcd", false));
  EXPECT_TRUE(GlobMatch("*.exe", "a.exe.exe", false));
  EXPECT_FALSE(GlobMatch("*.exe", "a.exe.dll", false));
}

TEST(GlobMatchTest, ManyStars) {
  EXPECT_TRUE(GlobMatch("*a*a*a*a*b", "xaxaxaxaxb", false));
  EXPECT_FALSE(GlobMatch("*a*a*a*a*b", "aaaa", false));
  EXPECT_FALSE(GlobMatch("*a*a*a*a*b", "aaab", false));
  EXPECT_TRUE(GlobMatch("*a*a*a*a*b", "aaaab", false));
  EXPECT_TRUE(GlobMatch("**a**b**", "ab", false));
  EXPECT_TRUE(GlobMatch("*abcabd*", "abcabcabd", false));  // a partial match restarts
  EXPECT_TRUE(GlobMatch("*aab", "aaab", false));
  EXPECT_TRUE(GlobMatch("a*?c",
                        "a\xC3\xA9"
                        "c",
                        false));
  EXPECT_TRUE(GlobMatch("*\xC3\xA9", "x\xC3\xA9", false));
}

TEST(GlobMatchTest, BackslashIsLiteral) {
  EXPECT_TRUE(GlobMatch(R"(\\.\pipe\msagent_*)", R"(\\.\pipe\msagent_12)", false));
  EXPECT_FALSE(GlobMatch(R"(\\.\pipe\msagent_*)", R"(//./pipe/msagent_12)", false));
  // "\*" is a backslash followed by a star, not an escaped star.
  EXPECT_TRUE(GlobMatch(R"(a\*)", R"(a\anything)", false));
  EXPECT_FALSE(GlobMatch(R"(a\*)", "a*", false));
  EXPECT_TRUE(GlobMatch(R"(a\?)", R"(a\x)", false));
  EXPECT_TRUE(GlobMatch(R"(\)", R"(\)", false));
  EXPECT_TRUE(GlobMatch(R"(*\)", R"(C:\dir\)", false));
}

TEST(GlobMatchTest, QuestionMarkMatchesOneCodePoint) {
  EXPECT_TRUE(GlobMatch("?", "a", false));
  EXPECT_FALSE(GlobMatch("?", "", false));
  EXPECT_FALSE(GlobMatch("?", "ab", false));
  EXPECT_TRUE(GlobMatch("?", "\xC3\xA9", false));          // é, 2 bytes
  EXPECT_TRUE(GlobMatch("?", "\xE2\x82\xAC", false));      // €, 3 bytes
  EXPECT_TRUE(GlobMatch("?", "\xF0\x9F\x98\x80", false));  // U+1F600, 4 bytes
  EXPECT_FALSE(GlobMatch("??", "\xE2\x82\xAC", false));
  EXPECT_TRUE(GlobMatch("a?c",
                        "a\xC3\xA9"
                        "c",
                        false));
  EXPECT_FALSE(GlobMatch("a??c",
                         "a\xC3\xA9"
                         "c",
                         false));
  // A '*' gives back whole code points, so "*??" needs two characters.
  EXPECT_FALSE(GlobMatch("*??", "\xE2\x82\xAC", false));
  EXPECT_TRUE(GlobMatch("*??", "x\xE2\x82\xAC", false));
  EXPECT_TRUE(GlobMatch("*?", "\xF0\x9F\x98\x80", false));
}

TEST(GlobMatchTest, QuestionMarkOnMalformedUtf8TakesOneByte) {
  EXPECT_TRUE(GlobMatch("?", "\xFF", false));
  EXPECT_TRUE(GlobMatch("??",
                        "\xC3"
                        "A",
                        false));                         // lone lead byte
  EXPECT_TRUE(GlobMatch("??", "\xE2\x82", false));       // truncated sequence
  EXPECT_TRUE(GlobMatch("??", "\xC0\xAF", false));       // overlong form
  EXPECT_TRUE(GlobMatch("???", "\xED\xA0\x80", false));  // surrogate
}

TEST(GlobMatchTest, CharLength) {
  EXPECT_EQ(CharLength("a", 0), 1u);
  EXPECT_EQ(CharLength("\xC3\xA9", 0), 2u);
  EXPECT_EQ(CharLength("\xE2\x82\xAC", 0), 3u);
  EXPECT_EQ(CharLength("\xF0\x9F\x98\x80", 0), 4u);
  EXPECT_EQ(CharLength("\xF4\x90\x80\x80", 0), 1u);  // above U+10FFFF
  EXPECT_EQ(CharLength("\xE0\x80\x80", 0), 1u);      // overlong
  EXPECT_EQ(CharLength("\x80", 0), 1u);
}

TEST(GlobMatchTest, NocaseFoldsAsciiLettersOnly) {
  EXPECT_TRUE(GlobMatch("*RUNDLL32.EXE", "c:\\windows\\rundll32.exe", true));
  EXPECT_FALSE(GlobMatch("*RUNDLL32.EXE", "c:\\windows\\rundll32.exe", false));
  EXPECT_TRUE(GlobMatch("\xC3\xA9*", "\xC3\xA9t\xC3\xA9", true));
  EXPECT_FALSE(GlobMatch("\xC3\x89*", "\xC3\xA9t\xC3\xA9", true));  // É is not folded to é
  EXPECT_FALSE(GlobMatch("[", "{", true));  // only A-Z/a-z fold, not neighbouring bytes
  EXPECT_FALSE(GlobMatch("@", "`", true));
}

// Reference: dynamic programming over code points, obviously correct and
// O(text × pattern).
bool ReferenceGlob(std::string_view pattern, std::string_view text, bool nocase) {
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < text.size();) {
    const size_t n = CharLength(text, i);
    chars.push_back(text.substr(i, n));
    i += n;
  }
  // pattern tokens: '*', '?', or one literal byte; literal bytes of a code
  // point must match consecutive bytes of one text character.
  std::vector<std::vector<bool>> reach(pattern.size() + 1,
                                       std::vector<bool>(text.size() + 1, false));
  // reach[p][t]: pattern[0, p) matches text[0, t) (t in bytes, at any byte).
  reach[0][0] = true;
  for (size_t p = 0; p < pattern.size(); ++p) {
    for (size_t t = 0; t <= text.size(); ++t) {
      if (!reach[p][t]) continue;
      if (pattern[p] == '*') {
        size_t u = t;
        reach[p + 1][u] = true;
        while (u < text.size()) {
          u += CharLength(text, u);
          reach[p + 1][u] = true;
        }
      } else if (pattern[p] == '?') {
        if (t < text.size()) reach[p + 1][t + CharLength(text, t)] = true;
      } else if (t < text.size() && (pattern[p] == text[t] ||
                                     (nocase && FoldAscii(pattern[p]) == FoldAscii(text[t])))) {
        reach[p + 1][t + 1] = true;
      }
    }
  }
  return reach[pattern.size()][text.size()];
}

TEST(GlobMatchTest, AgreesWithReferenceOnRandomInputs) {
  std::mt19937 rng(291);
  const std::vector<std::string> pattern_atoms = {"*", "?", "a", "b", "A", "\\", "\xC3\xA9"};
  const std::vector<std::string> text_atoms = {"a",    "b",   "B", "\\", "\xC3\xA9", "\xE2\x82\xAC",
                                               "\xC3", "\x80"};
  for (int round = 0; round < 50000; ++round) {
    std::string pattern, text;
    for (int n = rng() % 7; n > 0; --n) pattern += pattern_atoms[rng() % pattern_atoms.size()];
    for (int n = rng() % 9; n > 0; --n) text += text_atoms[rng() % text_atoms.size()];
    const bool nocase = rng() % 2;
    const bool want = ReferenceGlob(pattern, text, nocase);
    ASSERT_EQ(GlobMatch(pattern, text, nocase), want)
        << "pattern '" << pattern << "' text '" << text << "' nocase " << nocase;
  }
}

// Seconds for the fastest of three runs of `matcher` over `text`.
double BestSeconds(const GlobMatcher& matcher, const std::string& text) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(matcher.Matches(text));
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

TEST(GlobMatchTest, MatcherIsLinearWithoutQuestionMarks) {
  // A long literal after a star costs O(text × pattern) in a backtracking
  // matcher; the prepared matcher finds it with KMP, so a 64 times longer
  // literal must not cost anywhere near 64 times as much (the ratio keeps the
  // check independent of machine speed and sanitizers).
  const std::string text(1 << 20, 'a');
  const double short_literal =
      BestSeconds(GlobMatcher("*" + std::string(15, 'a') + "b*", true), text);
  const double long_literal =
      BestSeconds(GlobMatcher("*" + std::string(1023, 'a') + "b*", true), text);
  EXPECT_LT(long_literal, 8 * short_literal + 0.01)
      << "short " << short_literal << " s, long " << long_literal << " s";
  EXPECT_FALSE(GlobMatcher("*" + std::string(1022, 'a') + "b", false).Matches(text));
  EXPECT_TRUE(GlobMatcher("*" + std::string(1023, 'a'), false).Matches(text));
  EXPECT_FALSE(GlobMatcher("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", true).Matches(text));
}

TEST(LiteralSearchTest, AgreesWithNaiveSearch) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string literal, text;
    for (int n = 1 + rng() % 5; n > 0; --n) literal.push_back("abAB"[rng() % 4]);
    for (int n = rng() % 12; n > 0; --n) text.push_back("abAB"[rng() % 4]);
    const bool nocase = rng() % 2;
    const size_t from = rng() % (text.size() + 1);
    size_t want = LiteralSearch::kNotFound;
    for (size_t start = from; start + literal.size() <= text.size(); ++start) {
      bool equal = true;
      for (size_t i = 0; i < literal.size(); ++i) {
        const char a = text[start + i], b = literal[i];
        equal &= nocase ? FoldAscii(a) == FoldAscii(b) : a == b;
      }
      if (equal) {
        want = start + literal.size();
        break;
      }
    }
    ASSERT_EQ(LiteralSearch(literal, nocase).FindEnd(text, from), want)
        << literal << " in " << text << " from " << from << " nocase " << nocase;
  }
  EXPECT_EQ(LiteralSearch("abcabd", false).FindEnd("abcabcabd", 0), 9u);
  EXPECT_EQ(LiteralSearch("", false).FindEnd("abc", 1), 1u);
}

TEST(GlobMatchTest, PathologicalPatternsStayLinear) {
  // Exponential backtracking would not finish; the prepared matcher costs
  // O(text + pattern) per '?'-free segment. Measured as a ratio to one KMP
  // scan of the same text (the fastest of five runs of each), so load and
  // sanitizers move both sides alike.
  const std::string text(100000, 'a');
  const LiteralSearch scan("b", false);
  const auto best_of_five = [](const auto& run) {
    double best = 1e9;
    for (int i = 0; i < 5; ++i) {
      const auto start = std::chrono::steady_clock::now();
      run();
      best = std::min(
          best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
  };
  const double baseline =
      best_of_five([&] { EXPECT_EQ(scan.FindEnd(text, 0), LiteralSearch::kNotFound); });
  const double patterns = best_of_five([&] {
    EXPECT_FALSE(GlobMatch("*a*a*a*a*b", text, false));
    EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text, true));
    EXPECT_FALSE(GlobMatch("*?*?*?*?*?*?*?*?*b", text, false));
    EXPECT_TRUE(GlobMatch("*a*a*a*a*a", text, false));
  });
  EXPECT_LT(patterns, 200 * baseline + 0.005)
      << "patterns " << patterns << " s, one scan " << baseline << " s";
}

}  // namespace
}  // namespace contentgate::internal
