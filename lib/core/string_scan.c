/* File: lib/core/string_scan.c
 * Scans of one string's own bytes: the exact UTF-8 check (RFC 3629, no
 * NUL), '*' counts, the branch-free 64-byte window checks of the fast path,
 * and bit counting without library calls. */

#include "core_internal.h"

static const uint64_t kHighBits = 0x8080808080808080ull;
static const uint64_t kLowBits = 0x0101010101010101ull;
static const uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
static const uint64_t kStars = 0x2A2A2A2A2A2A2A2Aull;

/* 64 bytes of 0xFF then 64 of 0: from 64 - len, byte k reads 0xFF iff k < len. */
static const uint8_t kWindowTable[128] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

static int ascii_no_nul(uint64_t w) { return ((w | (w - kLowBits)) & kHighBits) == 0; }

/* High bit of each byte of w that equals '*'. */
static uint64_t star_bytes(uint64_t w) {
  const uint64_t x = w ^ kStars;
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

/* The number of high bits set in a word of byte flags. */
static uint64_t count_high_bits(uint64_t high) { return ((high >> 7) * kLowBits) >> 56; }

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
  *stars = cg_gather_high_bits(star_bytes(w));
  return (uint64_t)ascii_no_nul(w);
}

uint64_t cg_scan_stars(const uint8_t* p, uint64_t len) {
  uint64_t i = 0, stars = 0;
  for (; len - i >= 8; i += 8) stars += count_high_bits(star_bytes(cg_load64(p + i)));
  for (; i < len; ++i) stars += p[i] == '*';
  return stars;
}

static uint64_t window_mask(uint64_t len, unsigned j) {
  return cg_load64(kWindowTable + 64 - len + 8 * j);
}

int cg_window_ascii(const uint8_t* p, uint64_t len) {
  uint64_t acc = 0;
  unsigned j;
  for (j = 0; j < 8; ++j) {
    const uint64_t w = cg_load64(p + 8 * j);
    acc |= (w | (w - kLowBits)) & window_mask(len, j);
  }
  return (acc & kHighBits) == 0;
}

uint64_t cg_window_stars(const uint8_t* p, uint64_t len) {
  uint64_t stars = 0;
  unsigned j;
  for (j = 0; j < 8; ++j) {
    stars += count_high_bits(star_bytes(cg_load64(p + 8 * j)) & window_mask(len, j));
  }
  return stars;
}
