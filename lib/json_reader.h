// File: lib/json_reader.h
// The one internal reader of typed JSON members over a flat positioned
// document (json_flat.h): integer shapes and ranges, JSON Pointers, value descriptions
// for messages, and a Report-backed reader that the schema, events and tests
// loaders share. The value rules (ClassifyInteger, ReadInteger, pointers) are
// free functions so that a loader with its own parse path (the source
// compiler) can apply exactly the same rules.

#ifndef CONTENTGATE_LIB_JSON_READER_H_
#define CONTENTGATE_LIB_JSON_READER_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "contentgate/diagnostic.h"
#include "json_flat.h"

namespace contentgate::internal {

inline constexpr uint64_t kU32Max = 0xFFFFFFFFu;

// Debian's Abseil has its own string_view type: StrCat takes std ones
// through this.
inline absl::string_view V(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// The shape of a JSON number as an integer key sees it.
enum class IntegerShape : uint8_t {
  kUnsigned,   // a plain non-negative integer up to 2^64 - 1: exact
  kNegative,   // written with a minus sign, -0 included
  kFraction,   // has a fraction or an exponent part
  kTooLarge,   // a plain integer beyond 2^64 - 1
  kNotNumber,  // not a number at all
};

// The shape of `v`.
IntegerShape ClassifyInteger(JsonRef v);

// True for a number written without fraction or exponent, whatever its sign
// and size.
inline bool IsJsonInteger(JsonRef v) {
  const IntegerShape shape = ClassifyInteger(v);
  return shape == IntegerShape::kUnsigned || shape == IntegerShape::kNegative ||
         shape == IntegerShape::kTooLarge;
}

// The value of `v` when it is a plain integer in [lo, hi]; nullopt otherwise.
std::optional<uint64_t> IntegerInRange(JsonRef v, uint64_t lo, uint64_t hi);

// "null", "a boolean", "a number", "a string", "an array" or "an object".
std::string_view KindName(JsonRef::Kind kind);

// `text` in double quotes for a one-line message: control characters as
// \uXXXX, cut after 40 bytes at a character boundary.
std::string Quote(std::string_view text);

// A short rendering of a value for messages: numbers as written, strings
// quoted, containers by kind.
std::string Describe(JsonRef v);

// `pointer` + "/" + the escaped `key` (RFC 6901), and + "/" + `index`.
std::string ChildPointer(const std::string& pointer, std::string_view key);
std::string ItemPointer(const std::string& pointer, size_t index);

// Reads typed members of a document and reports what is wrong with them to a
// Report, each diagnostic with the value's JSON Pointer, line and column.
// `bad_key` is the code for a missing, unknown or wrongly typed key and for
// an integer of the wrong shape (CG601 for schemas, CG906 for tests files).
// Holds the report pointer only; the report must outlive the reader. Every
// JsonRef it takes is read during the call only; a JsonRef it returns is
// valid as long as the JsonDoc it came from.
class JsonReader {
 public:
  JsonReader(Report* report, Code bad_key) : report_(report), bad_key_(bad_key) {}

  Report* report() const { return report_; }
  Code bad_key() const { return bad_key_; }

  // Adds a diagnostic of `code` located at `at` (whose position it takes).
  void Add(Code code, const std::string& pointer, JsonRef at, std::string_view message);

  // Reports every key of `object` not in `allowed`.
  void CheckKeys(JsonRef object, const std::string& pointer, std::string_view what,
                 std::initializer_list<std::string_view> allowed);

  // The member `key` of `object`, or an empty JsonRef; a missing required
  // key is reported at the object.
  JsonRef Member(JsonRef object, const std::string& pointer, std::string_view what,
                 std::string_view key, bool required);

  // An optional string key: stored in `out` (when not null) if present; a
  // value of another JSON type is reported.
  void OptionalString(JsonRef object, const std::string& pointer, std::string_view key,
                      std::string* out);

  // An integer in [lo, hi]: a value that is not a JSON integer is bad_key,
  // an integer outside the range `range_code` (bad_key when nullopt).
  std::optional<uint64_t> Integer(JsonRef v, const std::string& pointer, std::string_view what,
                                  uint64_t lo, uint64_t hi,
                                  std::optional<Code> range_code = std::nullopt);

  // Member() then Integer() on the member.
  std::optional<uint64_t> IntegerKey(JsonRef object, const std::string& pointer,
                                     std::string_view what, std::string_view key, bool required,
                                     uint64_t lo, uint64_t hi,
                                     std::optional<Code> range_code = std::nullopt);

  // True when `v` is of `kind`; otherwise reports it (bad_key) and returns
  // false.
  bool ExpectKind(JsonRef v, JsonRef::Kind kind, const std::string& pointer, std::string_view what);

  // Parses `text` into `doc` (ParseJsonDoc: 12 bytes per value and per
  // key); on failure reports `not_json` (a duplicate key as `duplicate`)
  // with the position and returns false. A text longer than
  // kJsonDocMaxSize is `not_json` at line 1, column 1. `text` must outlive
  // `doc`, and `doc` every JsonRef read from it.
  bool Parse(std::string_view text, JsonDoc* doc, Code not_json, Code duplicate);

 private:
  Report* report_;
  Code bad_key_;
};

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_JSON_READER_H_
