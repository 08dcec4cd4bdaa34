// File: lib/crc32c.cc
// CRC-32C through ISA-L's crc32_iscsi (the core's crc32c hook). ISA-L takes the running CRC without
// the final XOR: seed with 0xFFFFFFFF and complement the result, which gives
// the standard check value Crc32c("123456789") == 0xE3069283.

#include <isa-l/crc.h>

#include <climits>
#include <cstddef>

#include "contentgate/channel_file.h"

namespace contentgate {

uint32_t Crc32c(absl::Span<const uint8_t> bytes) {
  return Crc32cExtend(0, bytes.data(), bytes.size());
}

uint32_t Crc32cExtend(uint32_t finished, const uint8_t* p, size_t left) {
  // crc32_iscsi takes an int length: feed large inputs in chunks.
  constexpr size_t kChunk = size_t{1} << 30;
  uint32_t crc = ~finished;
  while (left != 0) {
    const size_t n = left < kChunk ? left : kChunk;
    crc = crc32_iscsi(const_cast<unsigned char*>(p), static_cast<int>(n), crc);
    p += n;
    left -= n;
  }
  return ~crc;
}

}  // namespace contentgate
