// File: lib/suggest.cc
// Bounded edit distance and the closest-name suggester.

#include "suggest.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"

namespace contentgate::internal {
namespace {

// Names are at most 64 bytes (schema.md).
constexpr size_t kMaxLength = 64;

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b, size_t limit) {
  if (b.size() > a.size()) std::swap(a, b);
  if (a.size() - b.size() > limit || b.size() > kMaxLength) return limit + 1;
  // Three rows of the optimal-string-alignment table: two back, previous,
  // current.
  const size_t width = b.size() + 1;
  size_t rows[3][kMaxLength + 1];
  size_t* two_back = rows[0];
  size_t* previous = rows[1];
  size_t* current = rows[2];
  for (size_t j = 0; j < width; ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    size_t row_min = current[0];
    for (size_t j = 1; j < width; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, two_back[j - 2] + 1);
      }
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return limit + 1;
    size_t* recycled = two_back;
    two_back = previous;
    previous = current;
    current = recycled;
  }
  return std::min(previous[width - 1], limit + 1);
}

NameSuggester::NameSuggester(std::string_view name)
    : name_(name), limit_(name.size() <= 4 ? 1 : 2), best_distance_(limit_ + 1) {}

void NameSuggester::Consider(std::string_view candidate) {
  if (candidate == name_) return;
  const size_t d = EditDistance(name_, candidate, limit_);
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
