// File: lib/json_flat.h
// A flat positioned JSON document for the source compiler: the same values,
// positions and errors as json_doc.h's tree, held in two contiguous arenas
// (array items, object members) with strings and numbers as views into the
// input (or, for a string with escapes, into one decoded buffer), so parsing
// costs O(log n) allocations instead of several per value.

#ifndef CONTENTGATE_LIB_JSON_FLAT_H_
#define CONTENTGATE_LIB_JSON_FLAT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "json_doc.h"

namespace contentgate::internal {

// A read-only run of `size` contiguous T.
template <typename T>
class JsonRange {
 public:
  JsonRange(const T* data, size_t size) : data_(data), size_(size) {}
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](size_t i) const { return data_[i]; }

 private:
  const T* data_;
  size_t size_;
};

struct JsonMember;

// One value of a JsonDoc, in 24 bytes. Views stay valid while the JsonDoc
// and the parsed text both live.
class JsonNode {
 public:
  using Kind = JsonValue::Kind;
  Kind kind = Kind::kNull;
  bool boolean = false;
  uint32_t line = 0;    // 1-based position of the value's first byte
  uint32_t column = 0;  // 1-based, in bytes
  uint32_t count = 0;   // kArray: items; kObject: members; text values: bytes

  bool is_object() const { return kind == Kind::kObject; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_number() const {
    return kind == Kind::kUnsigned || kind == Kind::kNegative || kind == Kind::kFloat;
  }
  // kUnsigned: the value (0 for any other kind).
  uint64_t u() const { return kind == Kind::kUnsigned ? u_ : 0; }
  // kString: the decoded value; kNegative/kFloat: as written ("" otherwise).
  std::string_view text() const {
    return has_text() ? std::string_view(text_, count) : std::string_view();
  }
  // kArray: the items (empty for any other kind).
  JsonRange<JsonNode> items() const {
    return {kind == Kind::kArray ? static_cast<const JsonNode*>(children_) : nullptr,
            kind == Kind::kArray ? count : 0};
  }
  // kObject: the members in document order (empty for any other kind).
  JsonRange<JsonMember> members() const;
  // The member named `key` of an object, or nullptr.
  const JsonNode* Find(std::string_view key) const;

 private:
  friend class JsonDocBuilder;
  bool has_text() const {
    return kind == Kind::kString || kind == Kind::kNegative || kind == Kind::kFloat;
  }
  union {
    uint64_t u_ = 0;        // kUnsigned
    const char* text_;      // has_text()
    const void* children_;  // containers, once the document is complete
    uint64_t first_;        // containers, while parsing: first child's arena index
  };
};

struct JsonMember {
  std::string_view key;  // decoded
  JsonNode value;
};

inline JsonRange<JsonMember> JsonNode::members() const {
  return {kind == Kind::kObject ? static_cast<const JsonMember*>(children_) : nullptr,
          kind == Kind::kObject ? count : 0};
}

// The parsed document: owns the arenas the nodes live in (moving it keeps
// every node and view valid).
class JsonDoc {
 public:
  const JsonNode& root() const { return root_; }

 private:
  friend class JsonDocBuilder;
  JsonNode root_;
  std::vector<JsonNode> items_;
  std::vector<JsonMember> members_;
  // Strings with escapes, decoded; sized once to the text's length (no
  // decoded string is longer than its token), so views never move.
  std::unique_ptr<char[]> decoded_;
  size_t decoded_size_ = 0;
  std::unique_ptr<JsonValue> tree_;  // the values' storage when read through ParseJson
};

// Parses `text` exactly as ParseJson does (same acceptance, same values and
// positions, same JsonError), into `out`; a text longer than 4 GiB is an
// error (positions and sizes are 32-bit). `text` must outlive `out`. A
// strict single-pass reader handles well-formed text; text it does not
// accept goes through ParseJson, so every error is ParseJson's.
bool ParseJsonDoc(std::string_view text, JsonDoc* out, JsonError* error, int max_depth = 64);

// The reference for ParseJsonDoc: ParseJson's tree, copied into `out`.
// For tests.
bool ParseJsonDocViaTree(std::string_view text, JsonDoc* out, JsonError* error, int max_depth = 64);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_JSON_FLAT_H_
