// File: tests/json_compare.h
// Comparing the two JSON readers, shared by the tests and the source fuzz
// target (no GoogleTest): ParseJsonDoc (the flat two-pass reader) must
// give exactly what ParseJsonDocViaTree (ParseJson's tree) gives.

#ifndef CONTENTGATE_TESTS_JSON_COMPARE_H_
#define CONTENTGATE_TESTS_JSON_COMPARE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "json_flat.h"

namespace contentgate::test {

// Why `a` and `b` differ at `path` (kind, value, position, size, or a
// member's key), or "" when they are the same value at the same positions.
inline std::string JsonNodeDifference(internal::JsonRef a, internal::JsonRef b,
                                      const std::string& path) {
  if (a.kind() != b.kind() || a.boolean() != b.boolean() || a.u() != b.u() ||
      a.text() != b.text() || a.offset() != b.offset() || a.line() != b.line() ||
      a.column() != b.column() || a.items().size() != b.items().size() ||
      a.members().size() != b.members().size()) {
    return absl::StrCat(path, ": kind ", static_cast<int>(a.kind()), "/",
                        static_cast<int>(b.kind()), " text '", std::string(a.text()), "'/'",
                        std::string(b.text()), "' at ", a.line(), ":", a.column(), "/", b.line(),
                        ":", b.column());
  }
  for (size_t i = 0; i < a.items().size(); ++i) {
    std::string d = JsonNodeDifference(a.items()[i], b.items()[i], absl::StrCat(path, "/", i));
    if (!d.empty()) return d;
  }
  for (size_t i = 0; i < a.members().size(); ++i) {
    if (a.members()[i].key() != b.members()[i].key()) return absl::StrCat(path, ": key ", i);
    std::string d = JsonNodeDifference(a.members()[i].value(), b.members()[i].value(),
                                       absl::StrCat(path, "/", std::string(a.members()[i].key())));
    if (!d.empty()) return d;
  }
  return "";
}

// Why the two readers disagree on `text` (acceptance, the error and its
// position, or the first differing value), or "" when they agree.
inline std::string JsonReadersDifference(std::string_view text, int max_depth = 64) {
  internal::JsonDoc fast;
  internal::JsonDoc slow;
  internal::JsonError fast_error;
  internal::JsonError slow_error;
  const bool fast_ok = internal::ParseJsonDoc(text, &fast, &fast_error, max_depth);
  const bool slow_ok = internal::ParseJsonDocViaTree(text, &slow, &slow_error, max_depth);
  if (fast_ok != slow_ok) return fast_ok ? "only the flat reader accepts" : "only the tree accepts";
  if (!fast_ok) {
    if (fast_error.message != slow_error.message) return "error message";
    if (fast_error.duplicate_key != slow_error.duplicate_key) return "duplicate_key";
    if (fast_error.pointer != slow_error.pointer) return "error pointer";
    if (fast_error.line != slow_error.line || fast_error.column != slow_error.column) {
      return "error position";
    }
    return "";
  }
  return JsonNodeDifference(fast.root(), slow.root(), "");
}

}  // namespace contentgate::test

#endif  // CONTENTGATE_TESTS_JSON_COMPARE_H_
