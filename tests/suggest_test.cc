// File: tests/suggest_test.cc
// The did-you-mean suggester: the banded edit distance agrees with the full
// table, and the work of one suggestion is bounded over many long names.

#include "suggest.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace contentgate::internal {
namespace {

// The whole optimal-string-alignment table, for reference.
size_t FullDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

TEST(SuggestTest, BandedDistanceAgreesWithTheFullTable) {
  std::mt19937 random(12);
  std::uniform_int_distribution<int> letter(0, 2);
  std::uniform_int_distribution<size_t> length(0, 12);
  for (int k = 0; k < 20000; ++k) {
    std::string a(length(random), 'a');
    std::string b(length(random), 'a');
    for (char& c : a) c = static_cast<char>('a' + letter(random));
    for (char& c : b) c = static_cast<char>('a' + letter(random));
    for (size_t limit = 0; limit <= 3; ++limit) {
      const size_t full = std::min(FullDistance(a, b), limit + 1);
      ASSERT_EQ(EditDistance(a, b, limit), full) << a << " " << b << " limit " << limit;
    }
  }
}

// 65,535 names of 64 bytes that each share 58 bytes with the unknown name:
// every candidate runs the whole band. The suggester stops at its budget.
TEST(SuggestTest, OneSuggestionOverManyNearNamesIsBounded) {
  const std::string prefix(58, 'a');
  std::vector<std::string> names;
  for (int i = 0; i < 65535; ++i) names.push_back(prefix + absl::StrFormat("%06d", i));
  const std::string unknown = prefix + "zz0000";  // the suggester keeps a view
  NameSuggester suggest(unknown);
  for (const std::string& name : names) suggest.Consider(name);
  EXPECT_LE(suggest.cells(), NameSuggester::kCellBudget + 64 * 5);
  EXPECT_EQ(suggest.Suffix(), " (did you mean '" + names[0] + "'?)");
}

// A candidate at distance 1 ends the search: nothing later can be closer,
// and ties go to the earliest.
TEST(SuggestTest, StopsAtTheFirstCandidateAtDistanceOne) {
  const std::string prefix(60, 'b');
  const std::string unknown = prefix + "abcd";
  const std::string first = prefix + "abce";
  const std::string later = prefix + "abcf";
  NameSuggester suggest(unknown);
  suggest.Consider(first);
  const uint64_t after_first = suggest.cells();
  for (int i = 0; i < 1000; ++i) suggest.Consider(later);
  EXPECT_EQ(suggest.cells(), after_first);
  EXPECT_EQ(suggest.Suffix(), " (did you mean '" + prefix + "abce'?)");
}

}  // namespace
}  // namespace contentgate::internal
