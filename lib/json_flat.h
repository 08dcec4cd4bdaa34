// File: lib/json_flat.h
// A flat positioned JSON document for the source compiler: the same values,
// positions and errors as json_doc.h's tree, in 12 bytes per value (an
// object member is a key node and a value node) held in one arena allocated
// once, read through small by-value handles (JsonRef). Strings without
// escapes and numbers are read from the text, escaped strings from one
// decoded buffer, and line and column from a table of line starts.

#ifndef CONTENTGATE_LIB_JSON_FLAT_H_
#define CONTENTGATE_LIB_JSON_FLAT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "json_doc.h"

namespace contentgate::internal {

class JsonDoc;

// The longest text a JsonDoc holds, 1 GiB: offsets and indexes are 30-bit.
inline constexpr size_t kJsonDocMaxSize = size_t{1} << 30;

// Whether a text of `size` bytes fits a JsonDoc; when it does not, `error`
// says so, naming the size and the limit (at line 1, column 1).
bool JsonDocSizeFits(size_t size, JsonError* error);

// One value or object key of a JsonDoc, in 12 bytes: the offset of its
// first byte in the text (30 bits), a count (31 bits: a container's
// children, a number token's bytes, a string's decoded bytes) and a payload
// (30 bits: a container's first child in the arena, an escaped string's
// start in the decoded buffer), with the kind (3 bits) and a flag (a
// boolean's value; whether a string had escapes) in the spare top bits.
// Read it through a JsonRef.
class JsonNode {
 public:
  using Kind = JsonValue::Kind;
  static constexpr uint32_t kLow30 = (uint32_t{1} << 30) - 1;
  static constexpr uint32_t kLow31 = (uint32_t{1} << 31) - 1;

  // Uninitialized: an arena's nodes are written before they are read.
  JsonNode() = default;
  // `offset` and `payload` are below 2^30, `count` at most 2^30.
  JsonNode(Kind kind, bool flag, uint32_t offset, uint32_t count, uint32_t payload)
      : offset_kind_(offset | (static_cast<uint32_t>(kind) & 3u) << 30),
        count_flag_(count | static_cast<uint32_t>(flag) << 31),
        payload_kind_(payload | (static_cast<uint32_t>(kind) >> 2) << 31) {}

  Kind kind() const { return static_cast<Kind>(offset_kind_ >> 30 | (payload_kind_ >> 31) << 2); }
  bool flag() const { return (count_flag_ >> 31) != 0; }
  uint32_t offset() const { return offset_kind_ & kLow30; }
  uint32_t count() const { return count_flag_ & kLow31; }
  uint32_t payload() const { return payload_kind_ & kLow30; }

 private:
  uint32_t offset_kind_;
  uint32_t count_flag_;
  uint32_t payload_kind_;
};
static_assert(sizeof(JsonNode) == 12, "a node's size bounds a source's memory per value");

class JsonMember;

// A read-only run of a container's children (JsonRef for an array's items,
// JsonMember for an object's members), random access.
template <typename Ref, uint32_t kStride>
class JsonChildren {
 public:
  class Iterator {
   public:
    Ref operator*() const { return Ref(doc_, node_); }
    Iterator& operator++() {
      node_ += kStride;
      return *this;
    }
    bool operator==(const Iterator& other) const { return node_ == other.node_; }
    bool operator!=(const Iterator& other) const { return node_ != other.node_; }

   private:
    friend class JsonChildren;
    Iterator(const JsonDoc* doc, const JsonNode* node) : doc_(doc), node_(node) {}
    const JsonDoc* doc_;
    const JsonNode* node_;
  };

  JsonChildren(const JsonDoc* doc, const JsonNode* first, size_t size)
      : doc_(doc), first_(first), size_(size) {}
  Iterator begin() const { return Iterator(doc_, first_); }
  Iterator end() const { return Iterator(doc_, first_ + size_ * kStride); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Ref operator[](size_t i) const { return Ref(doc_, first_ + i * kStride); }

 private:
  const JsonDoc* doc_;
  const JsonNode* first_;
  size_t size_;
};

// A value of a JsonDoc, or none (a failed Find): a by-value handle, valid
// while the JsonDoc stays where it is (moving the JsonDoc invalidates its
// handles) and the parsed text lives. Every accessor but operator bool
// needs a value. Nothing allocates.
class JsonRef {
 public:
  using Kind = JsonValue::Kind;
  using Items = JsonChildren<JsonRef, 1>;
  using Members = JsonChildren<JsonMember, 2>;

  JsonRef() = default;
  JsonRef(const JsonDoc* doc, const JsonNode* node) : doc_(doc), node_(node) {}
  explicit operator bool() const { return node_ != nullptr; }

  Kind kind() const { return node_->kind(); }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_number() const {
    const Kind k = kind();
    return k == Kind::kUnsigned || k == Kind::kNegative || k == Kind::kFloat;
  }
  // kBool: the value (false for any other kind).
  bool boolean() const { return kind() == Kind::kBool && node_->flag(); }
  // kUnsigned: the value, read back from its digits (0 for any other kind).
  uint64_t u() const;
  // kString: the decoded value; kNegative/kFloat: as written ("" otherwise).
  std::string_view text() const;
  // kArray: the items (empty for any other kind).
  Items items() const;
  // kObject: the members in document order (empty for any other kind).
  Members members() const;
  // The member named `key` of an object, or none; a linear scan.
  JsonRef Find(std::string_view key) const;
  // 1-based position of the value's first byte (column in bytes), found by
  // a binary search of the line starts.
  uint32_t line() const;
  uint32_t column() const;
  // The value's first byte, as an offset into the text.
  uint32_t offset() const { return node_->offset(); }
  // Where the node is in its document's arena (JsonDoc::At's argument).
  uint32_t index() const;

 private:
  const JsonDoc* doc_ = nullptr;
  const JsonNode* node_ = nullptr;
};

// One member of an object: its decoded key and its value.
class JsonMember {
 public:
  JsonMember(const JsonDoc* doc, const JsonNode* key) : doc_(doc), key_(key) {}
  std::string_view key() const { return JsonRef(doc_, key_).text(); }
  JsonRef value() const { return JsonRef(doc_, key_ + 1); }

 private:
  const JsonDoc* doc_;
  const JsonNode* key_;
};

// Index of no node: JsonDoc::At gives none for it.
inline constexpr uint32_t kNoJsonNode = UINT32_MAX;

// The parsed document. It owns the node arena (12 bytes per value and per
// object key; every container's children contiguous), the line-start table
// (4 bytes per line) and the decoded escaped strings, each allocated once
// and exactly sized; it views the text, which must outlive it.
class JsonDoc {
 public:
  // The top-level value, after a successful parse.
  JsonRef root() const { return JsonRef(this, nodes_.get()); }
  // The node at arena `index` (from JsonRef::index()); none for
  // kNoJsonNode or an index past the arena.
  JsonRef At(uint32_t index) const {
    return index < node_count_ ? JsonRef(this, nodes_.get() + index) : JsonRef();
  }
  // Values and object keys held.
  uint32_t node_count() const { return node_count_; }

 private:
  friend class JsonRef;
  friend class JsonDocWriter;
  friend class JsonDocCopier;
  // Views `text` and indexes its `lines` lines (every '\n' starts one: a
  // valid JSON text has none inside a string).
  void SetText(std::string_view text, uint32_t lines);
  void AllocateNodes(uint32_t count);

  std::string_view text_;
  std::unique_ptr<JsonNode[]> nodes_;
  uint32_t node_count_ = 0;
  std::unique_ptr<uint32_t[]> line_starts_;  // offsets; the first is 0
  uint32_t line_count_ = 0;
  std::string decoded_;  // strings with escapes, decoded
};

inline JsonRef::Items JsonRef::items() const {
  const bool array = is_array();
  return Items(doc_, array ? doc_->nodes_.get() + node_->payload() : nullptr,
               array ? node_->count() : 0);
}

inline JsonRef::Members JsonRef::members() const {
  const bool object = is_object();
  return Members(doc_, object ? doc_->nodes_.get() + node_->payload() : nullptr,
                 object ? node_->count() : 0);
}

inline std::string_view JsonRef::text() const {
  switch (kind()) {
    case Kind::kString:
      return node_->flag()
                 ? std::string_view(doc_->decoded_.data() + node_->payload(), node_->count())
                 : doc_->text_.substr(node_->offset() + size_t{1}, node_->count());
    case Kind::kNegative:
    case Kind::kFloat:
      return doc_->text_.substr(node_->offset(), node_->count());
    default:
      return {};
  }
}

inline uint64_t JsonRef::u() const {
  if (kind() != Kind::kUnsigned) return 0;
  const char* digits = doc_->text_.data() + node_->offset();
  uint64_t value = 0;
  for (uint32_t i = 0; i < node_->count(); ++i) {
    value = value * 10 + static_cast<uint64_t>(digits[i] - '0');
  }
  return value;
}

inline uint32_t JsonRef::index() const { return static_cast<uint32_t>(node_ - doc_->nodes_.get()); }

// Parses `text` exactly as ParseJson does (same acceptance, same values and
// positions, same JsonError) into `out`; a text longer than kJsonDocMaxSize
// is an error (JsonDocSizeFits). `text` must outlive `out` and must not
// change while it is parsed (pass 2 trusts what pass 1 checked). Two
// passes, in linear time: the first checks the text strictly and counts
// the values, each container's children, the decoded bytes and the lines;
// the second writes each value into its final slot. Memory: 12 bytes per
// value and per object key, 4 per line and the decoded bytes of escaped
// strings, each allocated once; while parsing, 4 to 8 bytes per container
// (the counts, in blocks that grow without copying) and, while an object
// of more than 32 members is checked for duplicate keys, a hash set of 6
// to 12 bytes per member. A dense array of scalars takes 4 allocations.
// Text the strict reader does not accept goes through CheckJson and
// ParseJson, so every error is ParseJson's.
bool ParseJsonDoc(std::string_view text, JsonDoc* out, JsonError* error, int max_depth = 64);

// The reference for ParseJsonDoc: ParseJson's tree, copied into `out` (every
// string in the decoded buffer). For tests.
bool ParseJsonDocViaTree(std::string_view text, JsonDoc* out, JsonError* error, int max_depth = 64);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_JSON_FLAT_H_
