// File: lib/json_flat_check.h
// Pass 1 of the flat document's reader (a strict check of the text that
// counts what pass 2 allocates) and the byte helpers both passes share.

#ifndef CONTENTGATE_LIB_JSON_FLAT_CHECK_H_
#define CONTENTGATE_LIB_JSON_FLAT_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace contentgate::internal {
namespace json_scan {

inline constexpr std::string_view kBom = "\xEF\xBB\xBF";

// JSON white space.
inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The value of a hex digit, or -1.
inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The four hex digits at `p`, or -1.
inline int32_t Hex4(const char* p) {
  int32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const int h = HexValue(p[i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// The first byte at or after `p` (before `end`) that is '"', '\\', a
// control character or a non-ASCII byte: eight bytes at a time while eight
// remain (the has-zero-byte and has-byte-less-than tests flag a word that
// holds one, so a word they pass holds none), then byte by byte.
inline const char* SkipPlain(const char* p, const char* end) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHigh = 0x8080808080808080;
  while (end - p >= 8) {
    uint64_t x;
    std::memcpy(&x, p, 8);
    const uint64_t quote = x ^ (kOnes * '"');
    const uint64_t backslash = x ^ (kOnes * '\\');
    const uint64_t stop = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                          ((x - kOnes * 0x20) & ~x) | x;
    if ((stop & kHigh) != 0) break;
    p += 8;
  }
  while (p != end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
    ++p;
  }
  return p;
}

// The start of the value: after one leading BOM.
inline const char* AfterBom(std::string_view text) {
  return text.substr(0, kBom.size()) == kBom ? text.data() + kBom.size() : text.data();
}

}  // namespace json_scan

// Each container's child count, in opening order, in blocks of 16, 32, 64,
// ... entries: growing never copies or frees a block (a vector's doubling
// would leave its freed blocks, up to half the final size, resident), at
// most half of the last block goes unused, and n counts take about
// log2(n / 16) allocations.
class JsonChildCounts {
 public:
  // Appends a count of 0; its index.
  size_t Append() {
    const Place place = Locate(size_);
    if (place.block == blocks_.size()) {
      blocks_.push_back(std::unique_ptr<uint32_t[]>(new uint32_t[kFirstBlock << place.block]));
    }
    blocks_[place.block][place.at] = 0;
    return size_++;
  }
  uint32_t& operator[](size_t i) {
    const Place place = Locate(i);
    return blocks_[place.block][place.at];
  }
  uint32_t operator[](size_t i) const {
    const Place place = Locate(i);
    return blocks_[place.block][place.at];
  }
  size_t size() const { return size_; }

 private:
  static constexpr size_t kFirstBlock = 16;
  struct Place {
    size_t block;
    size_t at;
  };
  // Block b holds indexes [16 (2^b - 1), 16 (2^(b+1) - 1)).
  static Place Locate(size_t i) {
    const size_t j = i + kFirstBlock;
    const auto block = static_cast<size_t>(63 - __builtin_clzll(j) - 4);
    return {block, j - (kFirstBlock << block)};
  }

  std::vector<std::unique_ptr<uint32_t[]>> blocks_;
  size_t size_ = 0;
};

// What pass 1 counts in a text it accepts.
struct JsonTextCounts {
  uint32_t nodes = 0;        // values and object keys (under 2^30: each takes a byte)
  size_t decoded = 0;        // bytes of the strings with escapes, decoded
  uint32_t lines = 1;        // one more than the line feeds
  JsonChildCounts children;  // of each container, in opening order
};

// Pass 1: whether `text` is one JSON value the strict reader accepts (RFC
// 8259 and RFC 3629 as nlohmann's lexer applies them, nesting at most
// `max_depth`; duplicate keys are pass 2's to find), counting into
// `counts`. Allocates only `counts->children` (4 bytes per container).
bool CheckJsonText(std::string_view text, int max_depth, JsonTextCounts* counts);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_JSON_FLAT_CHECK_H_
