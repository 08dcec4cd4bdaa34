// File: lib/suggest.cc
// Bounded edit distance and the closest-name suggester.

#include "suggest.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"

namespace contentgate::internal {
namespace {

// Names are at most 64 bytes (schema.md).
constexpr size_t kMaxLength = 64;

// The optimal-string-alignment distance of `a` and `b` (|a| >= |b|, |a| -
// |b| <= limit, |b| <= kMaxLength) or limit + 1, computed only on the cells
// within `limit` of the diagonal (any other cell is larger than limit);
// adds the cells it computed to `*cells`.
size_t BandedDistance(std::string_view a, std::string_view b, size_t limit, uint64_t* cells) {
  const size_t over = limit + 1;
  const size_t width = b.size() + 1;
  // Three rows of the table: two back, previous, current. A cell next to a
  // row's band holds `over`, so the next row never reads an unset cell.
  size_t rows[3][kMaxLength + 2];
  size_t* two_back = rows[0];
  size_t* previous = rows[1];
  size_t* current = rows[2];
  for (size_t j = 0; j < width; ++j) previous[j] = j <= limit ? j : over;
  previous[width] = over;
  for (size_t i = 1; i <= a.size(); ++i) {
    const size_t lo = i > limit ? i - limit : 1;
    const size_t hi = std::min(b.size(), i + limit);
    current[0] = i <= limit ? i : over;
    size_t row_min = current[0];
    if (lo > 1) current[lo - 1] = over;
    for (size_t j = lo; j <= hi; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, two_back[j - 2] + 1);
      }
      current[j] = std::min(d, over);
      row_min = std::min(row_min, current[j]);
    }
    if (hi + 1 <= width) current[hi + 1] = over;
    *cells += hi >= lo ? hi - lo + 1 : 0;
    if (row_min > limit) return over;
    size_t* recycled = two_back;
    two_back = previous;
    previous = current;
    current = recycled;
  }
  return std::min(previous[width - 1], over);
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b, size_t limit) {
  if (b.size() > a.size()) std::swap(a, b);
  if (a.size() - b.size() > limit || b.size() > kMaxLength) return limit + 1;
  uint64_t cells = 0;
  return BandedDistance(a, b, limit, &cells);
}

NameSuggester::NameSuggester(std::string_view name)
    : name_(name), limit_(name.size() <= 4 ? 1 : 2), best_distance_(limit_ + 1) {}

void NameSuggester::Consider(std::string_view candidate) {
  if (candidate == name_ || best_distance_ == 1 || cells_ >= kCellBudget) return;
  std::string_view a = name_;
  std::string_view b = candidate;
  if (b.size() > a.size()) std::swap(a, b);
  if (a.size() - b.size() > limit_ || b.size() > kMaxLength) return;
  const size_t d = BandedDistance(a, b, limit_, &cells_);
  if (d < best_distance_) {
    best_distance_ = d;
    best_ = candidate;
  }
}

std::string NameSuggester::Suffix() const {
  if (best_distance_ > limit_) return {};
  return absl::StrCat(" (did you mean '", absl::string_view(best_.data(), best_.size()), "'?)");
}

}  // namespace contentgate::internal
