// File: lib/json_doc.h
// A positioned JSON document as a tree: the reference the loaders' flat
// document (json_flat.h) is held to, and the parse that finds its exact
// error. Parsed with nlohmann_json's SAX interface (no exceptions), it keeps
// what a DOM loses and the loaders need: the exact form of every number (unsigned,
// negative, or with a fraction/exponent, with its text), members in document
// order, and the line and column of every value. Duplicate keys, text that
// is not JSON and invalid UTF-8 (including lone surrogate escapes) are parse
// errors with a location.

#ifndef CONTENTGATE_LIB_JSON_DOC_H_
#define CONTENTGATE_LIB_JSON_DOC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace contentgate::internal {

struct JsonValue {
  enum class Kind : uint8_t {
    kNull,
    kBool,
    kUnsigned,  // a non-negative integer that fits in 64 bits: `u` is exact
    kNegative,  // an integer written with a minus sign (-0 included): `text`
    kFloat,     // a fraction, an exponent, or an integer beyond 2^64 - 1: `text`
    kString,    // `text` is the decoded UTF-8 string
    kArray,
    kObject,
  };
  Kind kind = Kind::kNull;
  bool boolean = false;
  uint64_t u = 0;
  std::string text;              // kString: decoded value; kNegative/kFloat: as written
  std::vector<JsonValue> items;  // kArray
  std::vector<std::pair<std::string, JsonValue>> members;  // kObject, in order
  uint32_t line = 0;    // 1-based position of the value's first byte
  uint32_t column = 0;  // 1-based, in bytes
};

// Where and why parsing failed.
struct JsonError {
  bool duplicate_key = false;  // else: not JSON, or not UTF-8
  std::string message;         // names the problem (and the key, for duplicates)
  std::string pointer;         // JSON Pointer of the duplicate key; "" otherwise
  uint32_t line = 1;           // 1-based
  uint32_t column = 1;         // 1-based, in bytes
};

// Parses `text` (one leading UTF-8 BOM is skipped) per RFC 8259. The whole
// text is the JSON text: anything but JSON white space after the value, a
// NUL byte included, is an error. A number of any size is accepted (a
// double's overflow is no error: its text is kept as written). Returns true
// and fills `out`, or returns false and fills `error`. Nesting deeper than
// `max_depth` is an error ("nesting deeper than N levels") rather than a
// stack overflow.
bool ParseJson(std::string_view text, JsonValue* out, JsonError* error, int max_depth = 64);

// What ParseJson would return and report for `text`, without building the
// tree: memory is bounded by the keys of the open objects, not the text.
bool CheckJson(std::string_view text, JsonError* error, int max_depth = 64);

// Appends "/" and `token` escaped per RFC 6901 (~ as ~0, / as ~1).
void AppendPointerToken(std::string* pointer, std::string_view token);
// Appends "/" and the decimal index.
void AppendPointerIndex(std::string* pointer, size_t index);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_JSON_DOC_H_
