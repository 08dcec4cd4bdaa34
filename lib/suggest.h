// File: lib/suggest.h
// "Did you mean": the known name closest to an unknown one, by a small
// bounded edit distance, for the messages of CG202, CG307 and CG703.

#ifndef CONTENTGATE_LIB_SUGGEST_H_
#define CONTENTGATE_LIB_SUGGEST_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace contentgate::internal {

// Edit distance between `a` and `b` (insertions, deletions, substitutions
// and transpositions of adjacent bytes each count 1), or `limit` + 1 when
// it is larger than `limit` or both strings are longer than 64 bytes (names
// are at most 64). O(min(|a|, |b|) * limit) time (only the table's cells
// within `limit` of its diagonal), no allocation.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit);

// Collects candidates and keeps the one closest to `name` within the bound
// for its length: distance 1 for names of up to 4 bytes, 2 beyond. Ties go
// to the earliest candidate. The candidates must outlive the suggester.
// Its work is bounded whatever the number of candidates: it stops looking
// once a candidate at distance 1 is found (none later can be closer) or
// once it has computed kCellBudget table cells in all (candidates after
// that are not considered), so a message costs at most a few milliseconds
// even over 65,535 long names that all nearly match.
class NameSuggester {
 public:
  explicit NameSuggester(std::string_view name);

  void Consider(std::string_view candidate);

  // " (did you mean 'x'?)" for the closest candidate, or "" when none is
  // close enough.
  std::string Suffix() const;

  // Edit-distance table cells computed so far.
  uint64_t cells() const { return cells_; }

  static constexpr uint64_t kCellBudget = uint64_t{1} << 22;

 private:
  std::string_view name_;
  size_t limit_;
  size_t best_distance_;
  std::string_view best_;
  uint64_t cells_ = 0;
};

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_SUGGEST_H_
