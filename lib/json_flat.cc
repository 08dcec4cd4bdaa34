// File: lib/json_flat.cc
// The flat document's strict single-pass reader (RFC 8259 and RFC 3629, as
// nlohmann's lexer applies them) and the copy of ParseJson's tree that both
// serves as its fallback for any text it does not accept and as its
// reference in tests.

#include "json_flat.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "json_doc.h"
#include "utf8.h"

namespace contentgate::internal {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Objects with more members than this check for duplicate keys with a hash
// set instead of a linear scan.
constexpr uint32_t kLinearKeyScanLimit = 32;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static_assert(sizeof(JsonNode) <= 24, "a node's size bounds a source's memory per value");

// Positions and sizes are 32-bit.
bool TooLong(std::string_view text, JsonDoc* out, JsonError* error) {
  *out = JsonDoc();
  *error = JsonError();
  error->message = absl::StrCat("the text is ", text.size(), " bytes long; at most ", UINT32_MAX,
                                " can be read");
  return false;
}

}  // namespace

const JsonNode* JsonNode::Find(std::string_view key) const {
  for (const JsonMember& m : members()) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

// Fills a JsonDoc, from the text (Read) or from ParseJson's tree (Copy).
class JsonDocBuilder {
 public:
  JsonDocBuilder(std::string_view text, JsonDoc* doc, int max_depth)
      : text_(text), doc_(doc), max_depth_(max_depth) {
    *doc_ = JsonDoc();
  }

  // Whether the text is JSON the strict reader accepts; false says nothing
  // about why (the caller asks ParseJson).
  bool Read() {
    p_ = text_.data();
    end_ = p_ + text_.size();
    line_start_ = p_;
    if (text_.substr(0, kBom.size()) == kBom) p_ += kBom.size();
    SkipSpace();
    if (!Value(&doc_->root_, 0)) return false;
    SkipSpace();
    if (p_ != end_) return false;
    Link();
    return true;
  }

  // Copies ParseJson's tree, which `doc_` then owns.
  void Copy(std::unique_ptr<JsonValue> tree) {
    doc_->tree_ = std::move(tree);
    CopyValue(*doc_->tree_, &doc_->root_);
    Link();
  }

 private:
  // Points each container at its children, once the arenas are final.
  void Link() {
    const auto link = [&](JsonNode* n) {
      if (n->kind == JsonNode::Kind::kArray) n->children_ = doc_->items_.data() + n->first_;
      if (n->kind == JsonNode::Kind::kObject) n->children_ = doc_->members_.data() + n->first_;
    };
    link(&doc_->root_);
    for (JsonNode& n : doc_->items_) link(&n);
    for (JsonMember& m : doc_->members_) link(&m.value);
  }

  void CopyValue(const JsonValue& v, JsonNode* out) {
    out->kind = v.kind;
    out->boolean = v.boolean;
    out->line = v.line;
    out->column = v.column;
    if (v.kind == JsonNode::Kind::kUnsigned) out->u_ = v.u;
    if (out->has_text()) SetText(out, v.text);
    if (v.is_array()) {
      std::vector<JsonNode> items(v.items.size());
      for (size_t i = 0; i < items.size(); ++i) CopyValue(v.items[i], &items[i]);
      out->first_ = doc_->items_.size();
      out->count = static_cast<uint32_t>(items.size());
      doc_->items_.insert(doc_->items_.end(), items.begin(), items.end());
    } else if (v.is_object()) {
      std::vector<JsonMember> members(v.members.size());
      for (size_t i = 0; i < members.size(); ++i) {
        members[i].key = v.members[i].first;
        CopyValue(v.members[i].second, &members[i].value);
      }
      out->first_ = doc_->members_.size();
      out->count = static_cast<uint32_t>(members.size());
      doc_->members_.insert(doc_->members_.end(), members.begin(), members.end());
    }
  }

  // `text` is within the text or the decoded buffer, so under 4 GiB.
  static void SetText(JsonNode* out, std::string_view text) {
    out->text_ = text.data();
    out->count = static_cast<uint32_t>(text.size());
  }

  void SkipSpace() {
    while (p_ != end_) {
      const char c = *p_;
      if (c == ' ' || c == '\t' || c == '\r') {
        ++p_;
      } else if (c == '\n') {
        line_start_ = ++p_;
        ++line_;
      } else {
        return;
      }
    }
  }

  void Position(JsonNode* out) const {
    out->line = line_;
    out->column = static_cast<uint32_t>(p_ - line_start_ + 1);
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  bool Value(JsonNode* out, int depth) {
    if (p_ == end_) return false;
    Position(out);
    switch (*p_) {
      case '{':
        return depth < max_depth_ && Object(out, depth);
      case '[':
        return depth < max_depth_ && Array(out, depth);
      case '"': {
        out->kind = JsonNode::Kind::kString;
        std::string_view text;
        if (!String(&text)) return false;
        SetText(out, text);
        return true;
      }
      case 't':
        out->kind = JsonNode::Kind::kBool;
        out->boolean = true;
        return Literal("true");
      case 'f':
        out->kind = JsonNode::Kind::kBool;
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Number(out);
    }
  }

  bool Number(JsonNode* out) {
    const char* start = p_;
    const auto digit = [&] { return p_ != end_ && *p_ >= '0' && *p_ <= '9'; };
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (!digit()) return false;
    uint64_t value = 0;
    bool fits = true;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (digit()) {
        const auto d = static_cast<uint64_t>(*p_ - '0');
        if (value > (UINT64_MAX - d) / 10) fits = false;
        value = value * 10 + d;
        ++p_;
      }
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (!digit()) return false;
      while (digit()) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digit()) return false;
      while (digit()) ++p_;
    }
    if (integer && !negative && fits) {
      out->kind = JsonNode::Kind::kUnsigned;
      out->u_ = value;
      return true;
    }
    out->kind = integer && negative ? JsonNode::Kind::kNegative : JsonNode::Kind::kFloat;
    SetText(out, std::string_view(start, static_cast<size_t>(p_ - start)));
    return true;
  }

  // The UTF-8 sequence at p_ (its lead byte >= 0x80), per RFC 3629.
  bool Utf8Sequence() {
    const size_t n = Utf8SequenceLength(std::string_view(p_, static_cast<size_t>(end_ - p_)));
    p_ += n;
    return n != 0;
  }

  bool Hex4(uint32_t* out) {
    if (end_ - p_ < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = HexValue(p_[i]);
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    p_ += 4;
    *out = v;
    return true;
  }

  void Put(char c) { doc_->decoded_[doc_->decoded_size_++] = c; }

  void PutRun(const char* from, const char* to) {
    const auto n = static_cast<size_t>(to - from);
    if (n != 0) std::memcpy(doc_->decoded_.get() + doc_->decoded_size_, from, n);
    doc_->decoded_size_ += n;
  }

  // p_ at a backslash: decodes one escape into the decoded buffer.
  bool Escape() {
    ++p_;
    if (p_ == end_) return false;
    const char c = *p_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        Put(c);
        return true;
      case 'b':
        Put('\b');
        return true;
      case 'f':
        Put('\f');
        return true;
      case 'n':
        Put('\n');
        return true;
      case 'r':
        Put('\r');
        return true;
      case 't':
        Put('\t');
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    uint32_t cp;
    if (!Hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    const auto put = [&](uint32_t b) { Put(static_cast<char>(b)); };
    if (cp < 0x80) {
      put(cp);
    } else if (cp < 0x800) {
      put(0xC0 | (cp >> 6));
      put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      put(0xE0 | (cp >> 12));
      put(0x80 | ((cp >> 6) & 0x3F));
      put(0x80 | (cp & 0x3F));
    } else {
      put(0xF0 | (cp >> 18));
      put(0x80 | ((cp >> 12) & 0x3F));
      put(0x80 | ((cp >> 6) & 0x3F));
      put(0x80 | (cp & 0x3F));
    }
    return true;
  }

  // p_ at the opening quote. A string without escapes is a view into the
  // text; one with escapes is decoded into the document's buffer.
  bool String(std::string_view* out) {
    const char* start = ++p_;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        *out = std::string_view(start, static_cast<size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c == '\\') break;
      if (c < 0x20) return false;
      if (c < 0x80) {
        ++p_;
      } else if (!Utf8Sequence()) {
        return false;
      }
    }
    if (p_ == end_) return false;
    if (doc_->decoded_ == nullptr) doc_->decoded_ = std::make_unique<char[]>(text_.size());
    const size_t begin = doc_->decoded_size_;
    PutRun(start, p_);
    while (p_ != end_) {
      const char* run = p_;
      while (p_ != end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20 &&
             static_cast<unsigned char>(*p_) < 0x80) {
        ++p_;
      }
      PutRun(run, p_);
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        *out = std::string_view(doc_->decoded_.get() + begin, doc_->decoded_size_ - begin);
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!Escape()) return false;
      } else if (c < 0x20) {
        return false;
      } else {
        const char* from = p_;
        if (!Utf8Sequence()) return false;
        PutRun(from, p_);
      }
    }
    return false;
  }

  bool Array(JsonNode* out, int depth) {
    out->kind = JsonNode::Kind::kArray;
    ++p_;
    const size_t base = item_stack_.size();
    SkipSpace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
    } else {
      while (true) {
        JsonNode item;
        if (!Value(&item, depth + 1)) return false;
        item_stack_.push_back(item);
        SkipSpace();
        if (p_ == end_) return false;
        if (*p_ == ']') {
          ++p_;
          break;
        }
        if (*p_ != ',') return false;
        ++p_;
        SkipSpace();
      }
    }
    out->first_ = doc_->items_.size();
    out->count = static_cast<uint32_t>(item_stack_.size() - base);
    doc_->items_.insert(doc_->items_.end(), item_stack_.begin() + static_cast<ptrdiff_t>(base),
                        item_stack_.end());
    item_stack_.resize(base);
    return true;
  }

  // The key's length and first bytes: keys with different tags differ.
  static uint64_t KeyTag(std::string_view key) {
    uint64_t tag = key.size();
    const size_t n = key.size() < 7 ? key.size() : 7;
    for (size_t i = 0; i < n; ++i) tag = (tag << 8) | static_cast<unsigned char>(key[i]);
    return tag;
  }

  // Whether `key` repeats a key of the object whose members start at `base`
  // of the member stack.
  bool Duplicate(size_t base, std::string_view key,
                 std::unique_ptr<absl::flat_hash_set<std::string_view>>* keys) {
    const size_t n = member_stack_.size() - base;
    if (*keys != nullptr) return !(*keys)->insert(key).second;
    const uint64_t tag = KeyTag(key);
    for (size_t i = base; i < member_stack_.size(); ++i) {
      if (key_tags_[i] == tag && member_stack_[i].key == key) return true;
    }
    if (n + 1 > kLinearKeyScanLimit) {
      *keys = std::make_unique<absl::flat_hash_set<std::string_view>>();
      for (size_t i = base; i < member_stack_.size(); ++i) (*keys)->insert(member_stack_[i].key);
      (*keys)->insert(key);
    }
    return false;
  }

  bool Object(JsonNode* out, int depth) {
    out->kind = JsonNode::Kind::kObject;
    ++p_;
    const size_t base = member_stack_.size();
    std::unique_ptr<absl::flat_hash_set<std::string_view>> keys;
    SkipSpace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
    } else {
      while (true) {
        if (p_ == end_ || *p_ != '"') return false;
        JsonMember member;
        if (!String(&member.key) || Duplicate(base, member.key, &keys)) return false;
        SkipSpace();
        if (p_ == end_ || *p_ != ':') return false;
        ++p_;
        SkipSpace();
        if (!Value(&member.value, depth + 1)) return false;
        member_stack_.push_back(member);
        key_tags_.push_back(KeyTag(member.key));
        SkipSpace();
        if (p_ == end_) return false;
        if (*p_ == '}') {
          ++p_;
          break;
        }
        if (*p_ != ',') return false;
        ++p_;
        SkipSpace();
      }
    }
    out->first_ = doc_->members_.size();
    out->count = static_cast<uint32_t>(member_stack_.size() - base);
    doc_->members_.insert(doc_->members_.end(),
                          member_stack_.begin() + static_cast<ptrdiff_t>(base),
                          member_stack_.end());
    member_stack_.resize(base);
    key_tags_.resize(base);
    return true;
  }

  std::string_view text_;
  JsonDoc* doc_;
  int max_depth_;
  const char* p_ = nullptr;
  const char* end_ = nullptr;
  const char* line_start_ = nullptr;
  uint32_t line_ = 1;
  // The children of the open containers, innermost last.
  std::vector<JsonNode> item_stack_;
  std::vector<JsonMember> member_stack_;
  std::vector<uint64_t> key_tags_;  // KeyTag of each member_stack_ key
};

bool ParseJsonDocViaTree(std::string_view text, JsonDoc* out, JsonError* error, int max_depth) {
  if (text.size() > UINT32_MAX) return TooLong(text, out, error);
  auto tree = std::make_unique<JsonValue>();
  JsonDocBuilder builder(text, out, max_depth);
  if (!ParseJson(text, tree.get(), error, max_depth)) return false;
  builder.Copy(std::move(tree));
  return true;
}

bool ParseJsonDoc(std::string_view text, JsonDoc* out, JsonError* error, int max_depth) {
  *error = JsonError();
  if (text.size() > UINT32_MAX) return TooLong(text, out, error);
  if (JsonDocBuilder(text, out, max_depth).Read()) return true;
  // ParseJson's error, found without holding the text as a tree (which
  // takes about a hundred times the text's size).
  *out = JsonDoc();
  if (!CheckJson(text, error, max_depth)) return false;
  return ParseJsonDocViaTree(text, out, error, max_depth);
}

}  // namespace contentgate::internal
