// File: lib/json_flat_read.cc
// The flat document's strict two-pass reader: pass 1 (json_flat_check.h)
// checks the text and counts; pass 2, here, writes each value straight into
// its final slot of the arena, each container's children into a block
// reserved when it opens, and checks each object's keys for duplicates.

#include "json_flat_read.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "json_doc.h"
#include "json_flat.h"
#include "json_flat_check.h"

namespace contentgate::internal {
namespace {

using json_scan::AfterBom;
using json_scan::Hex4;
using json_scan::IsSpace;
using json_scan::SkipPlain;
using Kind = JsonNode::Kind;

// Objects with at most this many members check for duplicate keys in a
// table on the stack (twice as many slots, so probes stay short); larger
// ones in a hash set.
constexpr uint32_t kSmallObject = 32;

}  // namespace

// Pass 2, on a text pass 1 accepted: no check but for duplicate keys.
class JsonDocWriter {
 public:
  // Fills `doc` from `text`; false when an object repeats a key.
  static bool Write(std::string_view text, const JsonTextCounts& counts, JsonDoc* doc) {
    doc->SetText(text, counts.lines);
    doc->AllocateNodes(counts.nodes);
    doc->decoded_.resize(counts.decoded);
    JsonDocWriter writer(text, counts.children, doc);
    writer.SkipSpace();
    return writer.Value(0);
  }

 private:
  JsonDocWriter(std::string_view text, const JsonChildCounts& counts, JsonDoc* doc)
      : begin_(text.data()),
        p_(AfterBom(text)),
        end_(text.data() + text.size()),
        counts_(&counts),
        nodes_(doc->nodes_.get()),
        decoded_(doc->decoded_.data()) {}

  // Hashes and compares object keys by node index, so a set of them takes
  // 4 bytes per slot.
  struct KeyHash {
    const JsonDocWriter* writer;
    size_t operator()(uint32_t key) const {
      const std::string_view k = writer->Key(key);
      return absl::Hash<absl::string_view>{}(absl::string_view(k.data(), k.size()));
    }
  };
  struct KeyEq {
    const JsonDocWriter* writer;
    bool operator()(uint32_t a, uint32_t b) const { return writer->Key(a) == writer->Key(b); }
  };

  uint32_t Offset(const char* at) const { return static_cast<uint32_t>(at - begin_); }

  void SkipSpace() {
    while (p_ != end_ && IsSpace(*p_)) ++p_;
  }

  bool Value(uint32_t slot) {
    const uint32_t offset = Offset(p_);
    switch (*p_) {
      case '{':
        return Object(slot);
      case '[':
        return Array(slot);
      case '"':
        String(slot);
        return true;
      case 't':
        nodes_[slot] = JsonNode(Kind::kBool, true, offset, 0, 0);
        p_ += 4;
        return true;
      case 'f':
        nodes_[slot] = JsonNode(Kind::kBool, false, offset, 0, 0);
        p_ += 5;
        return true;
      case 'n':
        nodes_[slot] = JsonNode(Kind::kNull, false, offset, 0, 0);
        p_ += 4;
        return true;
      default:
        Number(slot);
        return true;
    }
  }

  // A number token is followed by white space, a delimiter or the end.
  void Number(uint32_t slot) {
    const char* start = p_;
    bool integer = true;
    while (p_ != end_) {
      const char c = *p_;
      if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
        ++p_;
      } else if (c == '.' || c == 'e' || c == 'E') {
        integer = false;
        ++p_;
      } else {
        break;
      }
    }
    const auto n = static_cast<uint32_t>(p_ - start);
    Kind kind = Kind::kFloat;
    if (integer && *start == '-') {
      kind = Kind::kNegative;
    } else if (integer &&
               (n < 20 || (n == 20 && std::memcmp(start, "18446744073709551615", 20) <= 0))) {
      kind = Kind::kUnsigned;
    }
    nodes_[slot] = JsonNode(kind, false, Offset(start), n, 0);
  }

  void Put(char c) { decoded_[decoded_size_++] = c; }

  void PutRun(const char* from, const char* to) {
    const auto n = static_cast<size_t>(to - from);
    if (n != 0) std::memcpy(decoded_ + decoded_size_, from, n);
    decoded_size_ += n;
  }

  // p_ at a backslash of a checked escape: decodes it.
  void Escape() {
    const char c = p_[1];
    p_ += 2;
    switch (c) {
      case 'b':
        return Put('\b');
      case 'f':
        return Put('\f');
      case 'n':
        return Put('\n');
      case 'r':
        return Put('\r');
      case 't':
        return Put('\t');
      case 'u':
        break;
      default:  // '"', '\\', '/'
        return Put(c);
    }
    auto cp = static_cast<uint32_t>(Hex4(p_));
    p_ += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const auto low = static_cast<uint32_t>(Hex4(p_ + 2));
      p_ += 6;
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
  }

  // To the closing quote or the next escape of a checked string.
  void SkipToQuoteOrEscape() {
    while ((p_ = SkipPlain(p_, end_)) != end_ && *p_ != '"' && *p_ != '\\') ++p_;
  }

  // p_ at the opening quote. A string without escapes stays in the text;
  // one with escapes is decoded into the document's buffer.
  void String(uint32_t slot) {
    const uint32_t offset = Offset(p_);
    const char* start = ++p_;
    SkipToQuoteOrEscape();
    if (p_ == end_ || *p_ == '"') {
      nodes_[slot] = JsonNode(Kind::kString, false, offset, static_cast<uint32_t>(p_ - start), 0);
      ++p_;
      return;
    }
    const size_t begin = decoded_size_;
    PutRun(start, p_);
    while (p_ != end_ && *p_ == '\\') {
      Escape();
      const char* run = p_;
      SkipToQuoteOrEscape();
      PutRun(run, p_);
    }
    ++p_;
    nodes_[slot] =
        JsonNode(Kind::kString, true, offset, static_cast<uint32_t>(decoded_size_ - begin),
                 static_cast<uint32_t>(begin));
  }

  // Reserves the block of a container's `count` children (`stride` nodes
  // each) at the arena's end; the first child's index.
  uint32_t Reserve(uint32_t count, uint32_t stride) {
    const uint32_t first = free_;
    free_ += count * stride;
    return first;
  }

  // Each returns false when an object in it repeats a key.
  bool Array(uint32_t slot) {
    const uint32_t count = (*counts_)[next_count_++];
    const uint32_t first = Reserve(count, 1);
    nodes_[slot] = JsonNode(Kind::kArray, false, Offset(p_), count, first);
    ++p_;
    SkipSpace();
    for (uint32_t i = 0; i < count; ++i) {
      if (!Value(first + i)) return false;
      SkipSpace();
      ++p_;  // ',' or ']'
      SkipSpace();
    }
    if (count == 0) ++p_;
    return true;
  }

  bool Object(uint32_t slot) {
    const uint32_t count = (*counts_)[next_count_++];
    const uint32_t first = Reserve(count, 2);
    nodes_[slot] = JsonNode(Kind::kObject, false, Offset(p_), count, first);
    ++p_;
    SkipSpace();
    for (uint32_t i = 0; i < count; ++i) {
      String(first + 2 * i);
      SkipSpace();
      ++p_;  // ':'
      SkipSpace();
      if (!Value(first + 2 * i + 1)) return false;
      SkipSpace();
      ++p_;  // ',' or '}'
      SkipSpace();
    }
    if (count == 0) ++p_;
    return UniqueKeys(first, count);
  }

  std::string_view Key(uint32_t index) const {
    const JsonNode& key = nodes_[index];
    return std::string_view(key.flag() ? decoded_ + key.payload() : begin_ + key.offset() + 1,
                            key.count());
  }

  // The key's length and first eight bytes, mixed: keys with different
  // tags differ.
  static uint64_t KeyTag(std::string_view key) {
    uint64_t head = 0;
    if (key.size() >= 8) {
      std::memcpy(&head, key.data(), 8);
    } else {
      for (const char c : key) head = (head << 8) | static_cast<unsigned char>(c);
    }
    return head ^ (key.size() * 0x9E3779B97F4A7C15u);
  }

  // Whether the keys of the object whose members start at `first` differ.
  bool UniqueKeys(uint32_t first, uint32_t count) const {
    if (count < 2) return true;
    if (count <= kSmallObject) {
      uint64_t tags[kSmallObject];
      uint8_t slots[2 * kSmallObject] = {};  // member number + 1; 0 is empty
      for (uint32_t i = 0; i < count; ++i) {
        const std::string_view key = Key(first + 2 * i);
        const uint64_t tag = KeyTag(key);
        tags[i] = tag;
        for (auto s = static_cast<uint32_t>((tag * 0x9E3779B97F4A7C15u) >> 58);;
             s = (s + 1) % (2 * kSmallObject)) {
          if (slots[s] == 0) {
            slots[s] = static_cast<uint8_t>(i + 1);
            break;
          }
          const uint32_t j = slots[s] - 1u;
          if (tags[j] == tag && Key(first + 2 * j) == key) return false;
        }
      }
      return true;
    }
    absl::flat_hash_set<uint32_t, KeyHash, KeyEq> keys(count, KeyHash{this}, KeyEq{this});
    for (uint32_t i = 0; i < count; ++i) {
      if (!keys.insert(first + 2 * i).second) return false;
    }
    return true;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  const JsonChildCounts* counts_;
  size_t next_count_ = 0;
  JsonNode* nodes_;
  uint32_t free_ = 1;  // the root is node 0
  char* decoded_;
  size_t decoded_size_ = 0;
};

bool ReadJsonDoc(std::string_view text, JsonDoc* out, int max_depth) {
  JsonTextCounts counts;
  if (!CheckJsonText(text, max_depth, &counts)) return false;
  return JsonDocWriter::Write(text, counts, out);
}

}  // namespace contentgate::internal
