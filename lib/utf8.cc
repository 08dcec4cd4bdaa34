// File: lib/utf8.cc
// UTF-8 well-formedness as channel-file strings require it.

#include "utf8.h"

#include "bytes.h"

namespace contentgate::internal {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ull;
constexpr uint64_t kLowBits = 0x0101010101010101ull;

// True when the 8 bytes of `w` are all ASCII and none is zero. Without high
// bits, w - 0x01..01 sets a high bit exactly when some byte is zero.
inline bool AsciiNoNul(uint64_t w) { return ((w | (w - kLowBits)) & kHighBits) == 0; }

}  // namespace

size_t FindUtf8ErrorSlow(const uint8_t* data, size_t size) {
  size_t i = 0;
  while (i < size) {
    // ASCII fast path: 8 bytes at a time, then the last 8 bytes at once
    // (overlapping bytes already known to be ASCII).
    while (size - i >= 8 && AsciiNoNul(Load64(data + i))) i += 8;
    if (i == size) break;
    if (size - i < 8 && size >= 8 && AsciiNoNul(Load64(data + size - 8))) break;
    const uint8_t b = data[i];
    if (b < 0x80) {
      if (b == 0) return i;
      ++i;
      continue;
    }
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b == 0xE0) {
      need = 2;
      lo = 0xA0;  // no overlong 3-byte forms
    } else if (b >= 0xE1 && b <= 0xEC) {
      need = 2;
    } else if (b == 0xED) {
      need = 2;
      hi = 0x9F;  // no surrogates U+D800..U+DFFF
    } else if (b >= 0xEE && b <= 0xEF) {
      need = 2;
    } else if (b == 0xF0) {
      need = 3;
      lo = 0x90;  // no overlong 4-byte forms
    } else if (b >= 0xF1 && b <= 0xF3) {
      need = 3;
    } else if (b == 0xF4) {
      need = 3;
      hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;  // continuation byte, C0/C1 (overlong) or F5..FF
    }
    if (size - i <= need) return i;
    if (data[i + 1] < lo || data[i + 1] > hi) return i;
    for (size_t k = 2; k <= need; ++k) {
      if ((data[i + k] & 0xC0) != 0x80) return i;
    }
    i += need + 1;
  }
  return kUtf8Ok;
}

}  // namespace contentgate::internal
