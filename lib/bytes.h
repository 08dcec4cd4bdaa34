// File: lib/bytes.h
// The library's short names for the little-endian loads and stores of
// contentgate/little_endian.h.

#ifndef CONTENTGATE_LIB_BYTES_H_
#define CONTENTGATE_LIB_BYTES_H_

#include <cstddef>
#include <cstdint>

#include "contentgate/little_endian.h"

namespace contentgate::internal {

using little_endian::Load16;
using little_endian::Load32;
using little_endian::Load64;
using little_endian::Store16;
using little_endian::Store32;
using little_endian::Store64;

// The width of the branch-free string scans: strings up to this long whose
// 64 bytes from their start lie inside the buffer are scanned as one window.
inline constexpr size_t kWindowSize = 64;

// Bytes [0, size) of a window as word masks: word j (bytes [8j, 8j + 8)) of
// the window keeps the bytes below `size` through WindowMask(size, j).
// 0 <= size <= kWindowSize, 0 <= j < kWindowSize / 8.
inline uint64_t WindowMask(size_t size, size_t j) {
  // 64 bytes of 0xFF, then 64 of 0: starting at 64 - size, byte k of the
  // window reads 0xFF exactly when k < size.
  static constexpr uint8_t kTable[2 * kWindowSize] = {
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  return Load64(kTable + kWindowSize - size + 8 * j);
}

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_BYTES_H_
