/* File: lib/core/core_internal.h
 * Internal to the C99 core: byte-by-byte little-endian loads, the one
 * overflow-safe range check, the per-call state the phases share, and the
 * functions one phase file calls in another. */

#ifndef CONTENTGATE_LIB_CORE_CORE_INTERNAL_H_
#define CONTENTGATE_LIB_CORE_CORE_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>

#include "contentgate/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Keeps a function out of its callers, so that their frames stay small. */
#if defined(__GNUC__) || defined(__clang__)
#define CG_NOINLINE __attribute__((noinline))
#else
#define CG_NOINLINE
#endif

/* Makes `x` opaque to the optimizer, so that a value computed without
 * branches is tested once rather than split back into branches on its
 * parts (which, on random content, mispredict). */
#if defined(__GNUC__) || defined(__clang__)
#define CG_OPAQUE(x) __asm__("" : "+r"(x))
#else
#define CG_OPAQUE(x) ((void)0)
#endif

static inline uint16_t cg_load16(const uint8_t* p) {
  return (uint16_t)((unsigned)p[0] | (unsigned)p[1] << 8);
}
static inline uint32_t cg_load32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t cg_load64(const uint8_t* p) {
  return (uint64_t)cg_load32(p) | (uint64_t)cg_load32(p + 4) << 32;
}

/* The fields of one instance entry (channel-file.md). */
typedef struct cg_instance_entry {
  uint32_t id;
  uint16_t template_type_id;
  uint16_t criterion_count;
  uint32_t first_criterion;
  uint16_t flags;
  uint16_t reserved;
} cg_instance_entry;

/* Reads the instance entry at e[0, CG_INSTANCE_ENTRY_SIZE). */
static inline void cg_read_instance_entry(const uint8_t* e, cg_instance_entry* entry) {
  entry->id = cg_load32(e + CG_INSTANCE_ID);
  entry->template_type_id = cg_load16(e + CG_INSTANCE_TEMPLATE_TYPE_ID);
  entry->criterion_count = cg_load16(e + CG_INSTANCE_CRITERION_COUNT);
  entry->first_criterion = cg_load32(e + CG_INSTANCE_FIRST_CRITERION);
  entry->flags = cg_load16(e + CG_INSTANCE_FLAGS);
  entry->reserved = cg_load16(e + CG_INSTANCE_RESERVED);
}

/* True when [off, off + len) lies inside [0, size): the FlatBuffers
 * verifier's form, which cannot overflow. Every range check goes here.
 * `&`, not `&&`: no branch (size - len may wrap, but only when the first
 * test already fails). */
static inline int cg_in_range(uint64_t off, uint64_t len, uint64_t size) {
  return (len <= size) & (off <= size - len);
}

/* The pool-wide facts in the caller's scratch (pool_facts.c). Bit arrays
 * hold one bit per pool byte, block arrays one entry per 64 pool bytes. */
typedef struct cg_pool_facts {
  uint64_t* bad;       /* byte starts a UTF-8 error (malformed lead, NUL, stray) */
  uint64_t* star;      /* byte is '*' */
  uint64_t* covered;   /* CG316: covered within the block an interval starts in */
  uint32_t* next_bad;  /* first bad position at or after block k, or pool size */
  uint32_t* star_rank; /* '*' bytes before block k */
  uint32_t* reach;     /* CG316: max end of intervals from block k beyond it */
  uint32_t blocks;     /* pool_size / 64 + 1 */
  int built;           /* bad/star/next_bad/star_rank computed */
  int bitmap;          /* coverage kept in covered/reach, not as a prefix */
} cg_pool_facts;

/* Everything one cg_validate call shares. */
typedef struct cg_state {
  const uint8_t* data;
  uint64_t size;
  const cg_schema* schema;
  const cg_options* options;
  cg_result* result;
  int reference;                  /* CG_OPTION_REFERENCE */
  int stop;                       /* on_diag asked to stop, or the first error without on_diag */
  uint32_t instance, instance_id; /* the instance being checked, or CG_NONE and 0 */
  uint32_t sensor;                /* the sensor of a compatibility check, or CG_NONE */
  uint64_t instance_count;        /* the layout, once phase 2 has checked it */
  uint64_t criterion_count;
  uint64_t criterion_table; /* the criterion table's offset */
  const uint8_t* pool;
  uint64_t pool_size;
  uint64_t covered_end; /* coverage as the prefix [0, covered_end) while !facts.bitmap */
  cg_pool_facts facts;
  cg_diag diag; /* the diagnostic being reported */
} cg_state;

/* A diagnostic with no location but `offset`; the caller fills the rest. */
void cg_diag_init(cg_diag* d, uint16_t code, uint64_t offset);

/* Reports `code` at `offset` with the current instance and sensor (state),
 * a criterion index (or CG_NONE) and two values. Returns nonzero when
 * checking must stop. Six arguments: none goes through the stack. */
int cg_report(cg_state* s, uint16_t code, uint64_t offset, uint32_t criterion, uint64_t v0,
              uint64_t v1);

/* CRC-32C through the caller's hook or the portable one. */
uint32_t cg_crc_of(const cg_state* s, const uint8_t* p, size_t n);

/* Phase 3 (content.c): CG206, the instances with their criteria and
 * compatibility, CG205 and CG316. The layout has been checked. */
void cg_check_content(cg_state* s);

/* CG300-CG315 of the criteria of one instance of `type` (criteria.c).
 * The state carries the instance location. */
void cg_check_criteria(cg_state* s, const cg_template_type* type, uint64_t criteria_offset);

/* Pool facts (pool_facts.c), in the scratch after the state. */
size_t cg_pool_scratch_size(uint64_t pool_size);
void cg_pool_facts_init(cg_state* s, void* facts);
/* Computes the facts, once per file, before a string longer than 64 bytes
 * is checked (called from the criterion loop, to keep the stack shallow). */
void cg_pool_facts_build(cg_state* s);
/* From the built facts, for pool[a, a + len) with len > 0: the index (from
 * the string's start) of the first byte that starts a malformed UTF-8
 * sequence or is NUL, or len when none; and its number of '*'. O(1). */
uint64_t cg_facts_utf8_error(const cg_state* s, uint64_t a, uint64_t len);
uint64_t cg_facts_stars(const cg_state* s, uint64_t a, uint64_t len);
/* Records pool[a, a + len) (inside the pool) as referenced, for CG316. */
void cg_record_coverage(cg_state* s, uint64_t a, uint64_t len);
/* The pool bytes no recorded string covers: how many, and the first. */
uint64_t cg_unreferenced(cg_state* s, uint64_t* first);

/* Short-string scans (string_scan.c): exact on pool[a, a + len) alone. */
uint64_t cg_scan_utf8_error(const uint8_t* p, uint64_t len);
uint64_t cg_scan_stars(const uint8_t* p, uint64_t len);
/* The high bit of each byte of w that is '*', and how many high bits a
 * word of byte flags has. */
static inline uint64_t cg_star_bytes(uint64_t w) {
  const uint64_t x = w ^ 0x2A2A2A2A2A2A2A2Aull;
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
  return ~(((x & low7) + low7) | x | low7);
}
static inline uint64_t cg_count_high_bits(uint64_t high) {
  return ((high >> 7) * 0x0101010101010101ull) >> 56;
}

/* The length (1 to 4) of the well-formed UTF-8 sequence at p[0], with
 * `avail` >= 1 bytes readable, or 0 when it is malformed or NUL (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF). */
static inline uint32_t cg_utf8_sequence(const uint8_t* p, uint64_t avail) {
  const uint8_t b = p[0];
  uint8_t lo = 0x80, hi = 0xBF; /* bounds of the second byte */
  uint32_t need, k;
  if (b < 0x80) return b != 0;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b == 0xE0) {
    need = 2;
    lo = 0xA0; /* no overlong 3-byte forms */
  } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
    need = 2;
  } else if (b == 0xED) {
    need = 2;
    hi = 0x9F; /* no surrogates */
  } else if (b == 0xF0) {
    need = 3;
    lo = 0x90; /* no overlong 4-byte forms */
  } else if (b >= 0xF1 && b <= 0xF3) {
    need = 3;
  } else if (b == 0xF4) {
    need = 3;
    hi = 0x8F; /* nothing above U+10FFFF */
  } else {
    return 0; /* continuation byte, C0/C1 or F5..FF */
  }
  if (avail <= need) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (k = 2; k <= need; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
  }
  return need + 1;
}
/* 1 when the 8 bytes of w are ASCII without NUL; *stars gets bit j set for
 * each byte j (least significant first) that is '*'. */
uint64_t cg_ascii_word(uint64_t w, uint64_t* stars);

/* Bit helpers without library calls (no __builtin_popcountll, which is a
 * library call without -mpopcnt). */
static inline uint32_t cg_popcount64(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return (uint32_t)((x * 0x0101010101010101ull) >> 56);
}
/* The index of the lowest set bit of x != 0. */
static inline uint32_t cg_ctz64(uint64_t x) {
  uint32_t n = 0;
  uint32_t low = (uint32_t)x;
  if (low == 0) {
    low = (uint32_t)(x >> 32);
    n = 32;
  }
  if ((low & 0xFFFFu) == 0) {
    low >>= 16;
    n += 16;
  }
  if ((low & 0xFFu) == 0) {
    low >>= 8;
    n += 8;
  }
  if ((low & 0xFu) == 0) {
    low >>= 4;
    n += 4;
  }
  if ((low & 0x3u) == 0) {
    low >>= 2;
    n += 2;
  }
  return n + ((low & 1u) ^ 1u);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CONTENTGATE_LIB_CORE_CORE_INTERNAL_H_ */
