// File: lib/utf8.h
// UTF-8 well-formedness as channel-file strings require it: RFC 3629 (no
// overlong forms, no surrogates, nothing above U+10FFFF) and no NUL byte.

#ifndef CONTENTGATE_LIB_UTF8_H_
#define CONTENTGATE_LIB_UTF8_H_

#include <cstddef>
#include <cstdint>

#include "bytes.h"

namespace contentgate::internal {

// Returned by FindUtf8Error for a well-formed string.
inline constexpr size_t kUtf8Ok = ~size_t{0};

// The exact scan behind FindUtf8Error: the same result, without the
// whole-string ASCII check first.
size_t FindUtf8ErrorSlow(const uint8_t* data, size_t size);

// True when every byte of `data[0, size)` is ASCII and none is NUL. Without
// early exits (one branch per string): every word's "non-ASCII or zero" bits
// are ORed together, the last word overlapping the one before; strings under
// 8 bytes are read with overlapping 4-byte or single-byte loads. Reads only
// `data[0, size)`.
inline bool IsAsciiNoNul(const uint8_t* data, size_t size) {
  constexpr uint64_t kHighBits = 0x8080808080808080ull;
  constexpr uint64_t kLowBits = 0x0101010101010101ull;
  uint64_t w;
  uint64_t acc = 0;
  if (size >= 8) {
    size_t i = 0;
    for (; size - i >= 16; i += 16) {
      const uint64_t w0 = Load64(data + i);
      const uint64_t w1 = Load64(data + i + 8);
      acc |= (w0 | (w0 - kLowBits)) | (w1 | (w1 - kLowBits));
    }
    if (size - i >= 8) {
      const uint64_t w0 = Load64(data + i);
      acc |= w0 | (w0 - kLowBits);
    }
    w = Load64(data + size - 8);
  } else if (size >= 4) {
    w = uint64_t{Load32(data)} | uint64_t{Load32(data + size - 4)} << 32;
  } else if (size != 0) {
    // Bytes 0, size / 2 and size - 1 cover a string of 1 to 3 bytes; the
    // other five bytes are 0x01.
    w = uint64_t{data[0]} | uint64_t{data[size / 2]} << 8 | uint64_t{data[size - 1]} << 16 |
        0x0101010101000000ull;
  } else {
    w = kLowBits;
  }
  // Without high bits, w - 0x01..01 sets a high bit exactly in a zero byte.
  acc |= w | (w - kLowBits);
  return (acc & kHighBits) == 0;
}

// IsAsciiNoNul(data, size) for size <= kWindowSize, without a branch: reads
// the whole window data[0, kWindowSize), which must be readable, and masks
// off the bytes from `size` on. Exact: a borrow out of a masked-off byte
// only reaches higher bytes, which are masked off too.
inline bool IsAsciiNoNulWindow(const uint8_t* data, size_t size) {
  constexpr uint64_t kHighBits = 0x8080808080808080ull;
  constexpr uint64_t kLowBits = 0x0101010101010101ull;
  uint64_t acc = 0;
  for (size_t j = 0; j < kWindowSize / 8; ++j) {
    const uint64_t w = Load64(data + 8 * j);
    acc |= (w | (w - kLowBits)) & WindowMask(size, j);
  }
  return (acc & kHighBits) == 0;
}

// The index of the first byte of `data[0, size)` that starts a malformed
// sequence (or is a NUL), or kUtf8Ok when the whole string is well-formed
// and NUL-free. Linear; ASCII strings are accepted 8 bytes at a time inline.
inline size_t FindUtf8Error(const uint8_t* data, size_t size) {
  return IsAsciiNoNul(data, size) ? kUtf8Ok : FindUtf8ErrorSlow(data, size);
}

// True when `data[0, size)` is well-formed UTF-8 without NUL.
inline bool IsValidUtf8NoNul(const uint8_t* data, size_t size) {
  return FindUtf8Error(data, size) == kUtf8Ok;
}

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_UTF8_H_
