// File: contentgate/little_endian.h
// Little-endian loads and stores at byte pointers: the channel file format is
// little-endian. Callers check bounds first; these only move bytes (memcpy,
// so any alignment is fine, and each compiles to one plain load or store).

#ifndef CONTENTGATE_LITTLE_ENDIAN_H_
#define CONTENTGATE_LITTLE_ENDIAN_H_

#include <cstdint>
#include <cstring>

namespace contentgate::little_endian {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "loads below assume a little-endian host; add byte swaps to port");

inline uint16_t Load16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline uint32_t Load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void Store16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, sizeof v); }
inline void Store32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, sizeof v); }
inline void Store64(uint8_t* p, uint64_t v) { std::memcpy(p, &v, sizeof v); }

}  // namespace contentgate::little_endian

#endif  // CONTENTGATE_LITTLE_ENDIAN_H_
