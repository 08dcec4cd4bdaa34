/* File: lib/core/pool_facts.c
 * Pool-wide facts in the caller's scratch, so that a string's checks cost
 * O(1) however many criteria share its bytes: UTF-8 error starts and '*'
 * positions as bitmaps with per-block summaries (computed once per file, in
 * one linear pass, on the first string longer than 64 bytes), and the pool
 * coverage behind CG316 (a prefix while the pool is canonical, else a
 * bitmap plus, per block, the farthest end of the strings starting in it). */

#include "core_internal.h"

size_t cg_pool_scratch_size(uint64_t pool_size) {
  const uint64_t blocks = (pool_size >> 6) + 1;
  return (size_t)(3 * 8 * blocks + 3 * 4 * blocks + 8);
}

void cg_pool_facts_init(cg_state* s, void* facts) {
  cg_pool_facts* f = &s->facts;
  uint8_t* base = (uint8_t*)facts;
  uint32_t k;
  f->blocks = (uint32_t)(s->pool_size >> 6) + 1;
  f->bad = (uint64_t*)(void*)base;
  f->star = f->bad + f->blocks;
  f->covered = f->star + f->blocks;
  f->next_bad = (uint32_t*)(void*)(f->covered + f->blocks);
  f->star_rank = f->next_bad + f->blocks + 1;
  f->reach = f->star_rank + f->blocks + 1;
  f->built = 0;
  f->bitmap = 0;
  if (s->reference) {
    f->bitmap = 1;
    for (k = 0; k < f->blocks; ++k) {
      f->covered[k] = 0;
      f->reach[k] = 0;
    }
  }
}

void cg_pool_facts_build(cg_state* s) {
  cg_pool_facts* f = &s->facts;
  const uint8_t* p = s->pool;
  const uint64_t n = s->pool_size;
  uint64_t seq_end = 0; /* end of the last well-formed multi-byte sequence */
  uint32_t k;
  for (k = 0; k < f->blocks; ++k) {
    const uint64_t base = (uint64_t)k << 6;
    const uint64_t end = n - base > 64 ? base + 64 : n;
    uint64_t bad = 0, star = 0, i = base;
    while (i < end) {
      const uint8_t b = p[i];
      uint64_t stars;
      if (end - i >= 8 && cg_ascii_word(cg_load64(p + i), &stars)) {
        star |= stars << (i - base);
        i += 8;
        continue;
      }
      if (b == '*') star |= (uint64_t)1 << (i - base);
      if ((b & 0xC0) == 0x80) {
        if (i >= seq_end) bad |= (uint64_t)1 << (i - base);
      } else {
        const uint32_t len = cg_utf8_sequence(p + i, n - i);
        if (len == 0) bad |= (uint64_t)1 << (i - base);
        if (len > 1) seq_end = i + len;
      }
      ++i;
    }
    f->bad[k] = bad;
    f->star[k] = star;
  }
  f->next_bad[f->blocks] = (uint32_t)n;
  for (k = f->blocks; k-- > 0;) {
    f->next_bad[k] =
        f->bad[k] != 0 ? (uint32_t)(((uint64_t)k << 6) + cg_ctz64(f->bad[k])) : f->next_bad[k + 1];
  }
  f->star_rank[0] = 0;
  for (k = 0; k < f->blocks; ++k) f->star_rank[k + 1] = f->star_rank[k] + cg_popcount64(f->star[k]);
  f->built = 1;
  s->result->pool_bytes_examined += n;
}

/* The first bad position at or after a (< pool size), or the pool size. */
static uint64_t first_bad_from(const cg_pool_facts* f, uint64_t a) {
  const uint64_t k = a >> 6;
  const uint64_t w = f->bad[k] & (~(uint64_t)0 << (a & 63));
  return w != 0 ? (k << 6) + cg_ctz64(w) : f->next_bad[k + 1];
}

static uint64_t stars_before(const cg_pool_facts* f, uint64_t x) {
  const uint64_t k = x >> 6;
  const uint64_t below = ((uint64_t)1 << (x & 63)) - 1;
  return f->star_rank[k] + cg_popcount64(f->star[k] & below);
}

static int is_continuation(uint8_t b) { return (b & 0xC0) == 0x80; }

uint64_t cg_facts_utf8_error(const cg_state* s, uint64_t a, uint64_t len) {
  const cg_pool_facts* f = &s->facts;
  const uint8_t* p = s->pool;
  const uint64_t b = a + len;
  uint64_t first;
  if (is_continuation(p[a])) return 0;
  first = first_bad_from(f, a);
  if (first < b) return first - a;
  /* The last sequence runs past the string's end: the error is its lead. */
  if (b < s->pool_size && is_continuation(p[b]) && ((f->bad[b >> 6] >> (b & 63)) & 1) == 0) {
    uint64_t j = b - 1;
    while (is_continuation(p[j])) --j;
    return j - a;
  }
  return len;
}

uint64_t cg_facts_stars(const cg_state* s, uint64_t a, uint64_t len) {
  return stars_before(&s->facts, a + len) - stars_before(&s->facts, a);
}

/* Marks [a, b), a < b: the part in a's block as bits, the rest as a reach. */
static void mark_interval(cg_pool_facts* f, uint64_t a, uint64_t b) {
  const uint64_t k = a >> 6;
  const uint64_t base = k << 6;
  const uint64_t lo = a - base;
  const uint64_t hi = b - base;
  const uint64_t upto = hi >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << hi) - 1;
  f->covered[k] |= upto & ~(((uint64_t)1 << lo) - 1);
  if (hi > 64 && b > f->reach[k]) f->reach[k] = (uint32_t)b;
}

void cg_record_coverage(cg_state* s, uint64_t a, uint64_t len) {
  cg_pool_facts* f = &s->facts;
  uint64_t x;
  uint32_t k;
  if (len == 0) return;
  if (s->reference) {
    for (x = a; x < a + len; ++x) f->covered[x >> 6] |= (uint64_t)1 << (x & 63);
    return;
  }
  if (!f->bitmap) {
    if (a == s->covered_end) {
      s->covered_end += len;
      return;
    }
    if (a + len <= s->covered_end) return;
    for (k = 0; k < f->blocks; ++k) {
      f->covered[k] = 0;
      f->reach[k] = 0;
    }
    if (s->covered_end != 0) mark_interval(f, 0, s->covered_end);
    f->bitmap = 1;
  }
  mark_interval(f, a, a + len);
}

uint64_t cg_unreferenced(cg_state* s, uint64_t* first) {
  const cg_pool_facts* f = &s->facts;
  const uint64_t n = s->pool_size;
  uint64_t reach = 0, count = 0;
  uint32_t k;
  *first = 0;
  if (!f->bitmap) {
    *first = s->covered_end;
    return n - s->covered_end;
  }
  for (k = 0; k < f->blocks; ++k) {
    const uint64_t base = (uint64_t)k << 6;
    uint64_t bits = f->covered[k], unreferenced;
    if (base >= n) break;
    if (reach > base)
      bits |= reach - base >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << (reach - base)) - 1;
    unreferenced = ~bits;
    if (n - base < 64) unreferenced &= ((uint64_t)1 << (n - base)) - 1;
    if (unreferenced != 0) {
      if (count == 0) *first = base + cg_ctz64(unreferenced);
      count += cg_popcount64(unreferenced);
    }
    if (f->reach[k] > reach) reach = f->reach[k];
  }
  return count;
}
