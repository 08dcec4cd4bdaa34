/* File: lib/core/string_scan.c
 * Scans of one string's own bytes: the exact UTF-8 check (RFC 3629, no
 * NUL), '*' counts, and the 8-byte ASCII test of the pool-facts pass; the
 * sequence check for the C++ code (string_scan.h). */

#include "string_scan.h"

#include "core_internal.h"

static const uint64_t kHighBits = 0x8080808080808080ull;
static const uint64_t kLowBits = 0x0101010101010101ull;

static int ascii_no_nul(uint64_t w) { return ((w | (w - kLowBits)) & kHighBits) == 0; }

uint32_t cg_utf8_sequence_length(const uint8_t* p, uint64_t avail) {
  return cg_utf8_sequence(p, avail);
}

uint64_t cg_scan_utf8_error(const uint8_t* p, uint64_t len) {
  uint64_t i = 0;
  while (i < len) {
    uint32_t n;
    while (len - i >= 8 && ascii_no_nul(cg_load64(p + i))) i += 8;
    if (i == len) break;
    n = cg_utf8_sequence(p + i, len - i);
    if (n == 0) return i;
    i += n;
  }
  return len;
}

static uint64_t cg_gather_high_bits(uint64_t high) {
  return ((high >> 7) * 0x0102040810204080ull) >> 56;
}

uint64_t cg_ascii_word(uint64_t w, uint64_t* stars) {
  *stars = cg_gather_high_bits(cg_star_bytes(w));
  return (uint64_t)ascii_no_nul(w);
}

uint64_t cg_scan_stars(const uint8_t* p, uint64_t len) {
  uint64_t i = 0, stars = 0;
  for (; len - i >= 8; i += 8) stars += cg_count_high_bits(cg_star_bytes(cg_load64(p + i)));
  for (; i < len; ++i) stars += p[i] == '*';
  return stars;
}
