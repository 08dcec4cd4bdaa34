/* File: lib/core/criteria.c
 * The criterion checks (CG300-CG315): a fast path that only decides
 * "passes every check" from each field's compiled rule, and the exact
 * checks, which report every diagnostic, for each criterion the fast path
 * does not pass (every criterion under CG_OPTION_REFERENCE). */

#include "core_internal.h"

/* The largest value of each field type's width, indexed by CG_TYPE_*. */
static const uint64_t kWidthMax[7] = {1, 0xFF, 0xFFFF, 0xFFFFFFFFu, ~(uint64_t)0, 0xFFFFFFFFu, 0};

/* 64 bytes of 0xFF then 64 of 0: from 64 - len, byte k reads 0xFF iff k < len. */
static const uint8_t kWindowTable[128] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

/* The window's word j (bytes [8j, 8j + 8)) keeps bytes below len. */
static uint64_t window_mask(uint64_t len, unsigned j) {
  return cg_load64(kWindowTable + 64 - len + 8 * j);
}

static int window_ascii(const uint8_t* p, uint64_t len) {
  uint64_t acc = 0;
  unsigned j;
  for (j = 0; j < 8; ++j) {
    const uint64_t w = cg_load64(p + 8 * j);
    acc |= (w | (w - 0x0101010101010101ull)) & window_mask(len, j);
  }
  return (acc & 0x8080808080808080ull) == 0;
}

static uint64_t window_stars(const uint8_t* p, uint64_t len) {
  uint64_t stars = 0;
  unsigned j;
  for (j = 0; j < 8; ++j) {
    stars += cg_count_high_bits(cg_star_bytes(cg_load64(p + 8 * j)) & window_mask(len, j));
  }
  return stars;
}

/* cg_record_coverage, with its common cases inline: a string that extends
 * or lies inside the covered prefix of a canonical pool. */
static void record_coverage(cg_state* s, uint64_t a, uint64_t len) {
  if (!s->reference && !s->facts.bitmap) {
    /* New and repeated strings alternate at random: no branch on which. */
    const uint64_t extends = a == s->covered_end;
    unsigned done = (unsigned)(extends | (a + len <= s->covered_end));
    s->covered_end += len & (0 - extends);
    CG_OPAQUE(done);
    if (done) return;
  }
  cg_record_coverage(s, a, len);
}

/* Where one criterion is. */
typedef struct cg_at {
  const cg_field* field;
  uint32_t index;
  uint64_t offset;
} cg_at;

static int report(cg_state* s, const cg_at* at, uint16_t code, uint64_t v0, uint64_t v1) {
  return cg_report(s, code, at->offset, at->index, v0, v1);
}

/* Strings up to this long are scanned directly (a bounded cost per
 * criterion); longer ones are answered from the pool facts. */
#define CG_SHORT_STRING 64u

/* The first UTF-8 error in pool[a, a + len) (len when none), and its '*'. */
static uint64_t string_utf8_error(cg_state* s, uint64_t a, uint64_t len) {
  if (s->reference || len <= CG_SHORT_STRING) {
    s->result->pool_bytes_examined += len;
    return cg_scan_utf8_error(s->pool + a, len);
  }
  s->result->pool_bytes_examined += 1;
  return cg_facts_utf8_error(s, a, len);
}

static uint64_t string_stars(cg_state* s, uint64_t a, uint64_t len) {
  if (s->reference || len <= CG_SHORT_STRING) {
    s->result->pool_bytes_examined += len;
    return cg_scan_stars(s->pool + a, len);
  }
  return cg_facts_stars(s, a, len);
}

static int is_string_op(uint32_t op) { return op >= CG_OP_STR_EQ && op <= CG_OP_REGEX; }

/* CG304 for one integer operand. */
static int check_integer(cg_state* s, const cg_at* at, uint64_t value, uint32_t which) {
  const cg_field* f = at->field;
  if (value < f->min || value > f->max || value > kWidthMax[f->type]) {
    return report(s, at, 304, value, which);
  }
  return 0;
}

static int enum_has(const cg_field* f, uint64_t value) {
  uint32_t lo = 0, hi = f->enum_count;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    if (f->enum_values[mid] == value) return 1;
    if (f->enum_values[mid] < value) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return 0;
}

/* eq/ne value: integer bounds, or the bool/enum value set. */
static int check_scalar_value(cg_state* s, const cg_at* at, uint64_t value) {
  switch (at->field->type) {
    case CG_TYPE_BOOL:
      return value > 1 ? report(s, at, 307, value, 0) : 0;
    case CG_TYPE_ENUM:
      return enum_has(at->field, value) ? 0 : report(s, at, 307, value, 0);
    default:
      return check_integer(s, at, value, CG_OPERAND_VALUE);
  }
}

/* CG310-CG315 of a string operand; records its pool coverage. */
static int check_string(cg_state* s, const cg_at* at, uint32_t op, int nocase, uint64_t arg0,
                        uint64_t arg1) {
  const cg_field* f = at->field;
  uint64_t bad;
  int length_ok;
  if (!cg_in_range(arg0, arg1, s->pool_size)) return report(s, at, 310, arg0, arg1);
  record_coverage(s, arg0, arg1);
  bad = string_utf8_error(s, arg0, arg1);
  if (bad != arg1 && report(s, at, 311, bad, s->pool[arg0 + bad])) return 1;
  length_ok = arg1 >= f->min_length && arg1 <= f->max_length;
  if (!length_ok && report(s, at, 312, arg1, 0)) return 1;
  if (op == CG_OP_GLOB) {
    const uint64_t stars = string_stars(s, arg0, arg1);
    if (stars > f->max_wildcards && report(s, at, 313, stars, f->max_wildcards)) return 1;
    if (stars != 0 && stars == arg1 && report(s, at, 315, stars, 0)) return 1;
  } else if (op == CG_OP_REGEX && bad == arg1 && length_ok && s->options->check_regex != NULL) {
    uint64_t program = 0;
    if (s->options->check_regex(s->options->ctx, s->pool + arg0, (size_t)arg1, nocase,
                                f->max_regex_program, &program) != 0) {
      return report(s, at, 314, program, f->max_regex_program);
    }
  }
  return 0;
}

/* Every check of one criterion, reporting what fails. Returns nonzero to stop. */
static int check_criterion(cg_state* s, const cg_at* at, uint64_t head, uint64_t arg0,
                           uint64_t arg1) {
  const cg_field* f = at->field;
  const uint32_t op = (uint32_t)(head & 0xFF);
  int nocase;
  if (op >= CG_OP_COUNT) return report(s, at, 300, op, 0);
  if (((f->ops >> op) & 1u) == 0) return report(s, at, 301, op, 0);
  /* Bits 9-63 of the first word are undefined flags and reserved bytes. */
  nocase = ((head >> 8) & CG_CRITERION_NOCASE) != 0;
  if (((head >> 9) != 0 || (nocase && !is_string_op(op))) && report(s, at, 302, head, 0)) return 1;
  switch (op) {
    case CG_OP_ANY:
      return (arg0 | arg1) != 0 ? report(s, at, 303, arg0, arg1) : 0;
    case CG_OP_EQ:
    case CG_OP_NE:
      if (arg1 != 0 && report(s, at, 303, arg0, arg1)) return 1;
      return check_scalar_value(s, at, arg0);
    case CG_OP_RANGE:
      if (check_integer(s, at, arg0, CG_OPERAND_RANGE_LOW)) return 1;
      if (check_integer(s, at, arg1, CG_OPERAND_RANGE_HIGH)) return 1;
      return arg0 > arg1 ? report(s, at, 305, arg0, arg1) : 0;
    case CG_OP_MASK:
      if (arg0 == 0 || arg0 > kWidthMax[f->type] || (arg1 & ~arg0) != 0) {
        return report(s, at, 306, arg0, arg1);
      }
      return 0;
    default:
      return check_string(s, at, op, nocase, arg0, arg1);
  }
}

/* True when a criterion on a bool, integer or enum field passes every
 * check; the operator selects its operand rule, applied without a branch. */
static int scalar_passes(const cg_field* f, uint64_t head, uint64_t arg0, uint64_t arg1) {
  const cg_operand_rule* r;
  if (head >= 5) return 0; /* flags and reserved bytes zero, a scalar operator */
  r = &f->scalar[head];
  return (arg0 - r->min0 <= r->span0) & (arg1 - r->min1 <= r->span1) &
         (arg1 - arg0 <= r->order_span) & ((arg1 & ~arg0 & r->subset) == 0) &
         (((r->value_set >> (arg0 & 63)) & 1) != 0);
}

/* True when a criterion on a string field passes every check (regex never
 * does: it needs the hook); records its coverage when it does. `any` takes
 * this path as the empty string at pool offset 0. */
static int string_passes(cg_state* s, const cg_field* f, uint64_t head, uint64_t arg0,
                         uint64_t arg1) {
  const uint64_t code = head & 0xFF;
  const int op_ok = ((head >> 9) == 0) & (code < 16) & (((f->string_ops >> (code & 15)) & 1) != 0);
  const int in_pool = cg_in_range(arg0, arg1, s->pool_size);
  const int length_ok = arg1 - f->min_length <= f->length_span;
  const int any_ok = ((head | arg0 | arg1) == 0) & (f->any_allowed != 0);
  const uint8_t* text;
  int windowed;
  unsigned pass = (unsigned)((op_ok & in_pool & length_ok) | any_ok);
  CG_OPAQUE(pass);
  if (pass == 0) return 0;
  text = s->pool + arg0;
  /* The 64-byte window stays inside the pool, which ends the file. */
  windowed = (arg1 <= 64) & cg_in_range(arg0, 64, s->pool_size);
  if (arg1 > CG_SHORT_STRING && !s->facts.built) return 0;
  if (windowed) {
    s->result->pool_bytes_examined += 64;
    if (!window_ascii(text, arg1) && cg_scan_utf8_error(text, arg1) != arg1) return 0;
  } else if (string_utf8_error(s, arg0, arg1) != arg1) {
    return 0;
  }
  if (code == CG_OP_GLOB) {
    const uint64_t stars = windowed ? window_stars(text, arg1) : string_stars(s, arg0, arg1);
    if (stars > f->max_wildcards || stars == arg1) return 0;
  }
  record_coverage(s, arg0, arg1);
  return 1;
}

/* The first criterion from `i` on that the fast path does not pass (the
 * field count when it passes them all). A string longer than 64 bytes is
 * not passed while the pool facts are not built. */
CG_NOINLINE static uint32_t fast_criteria(cg_state* s, const cg_template_type* type,
                                          uint64_t criteria_offset, uint32_t i) {
  const uint8_t* e = s->data + criteria_offset + (uint64_t)CG_CRITERION_ENTRY_SIZE * i;
  for (; i < type->field_count; ++i, e += CG_CRITERION_ENTRY_SIZE) {
    const cg_field* f = &type->fields[i];
    const uint64_t head = cg_load64(e);
    const uint64_t arg0 = cg_load64(e + CG_CRITERION_ARG0);
    const uint64_t arg1 = cg_load64(e + CG_CRITERION_ARG1);
    /* One branch on the field's kind (the same for every instance) and one
     * on the verdict. */
    if (f->type == CG_TYPE_STRING ? string_passes(s, f, head, arg0, arg1)
                                  : scalar_passes(f, head, arg0, arg1)) {
      continue;
    }
    break;
  }
  return i;
}

/* The exact checks of criterion i; nonzero to stop. */
CG_NOINLINE static int exact_criterion(cg_state* s, const cg_template_type* type,
                                       uint64_t criteria_offset, uint32_t i) {
  const uint64_t offset = criteria_offset + (uint64_t)CG_CRITERION_ENTRY_SIZE * i;
  const uint8_t* e = s->data + offset;
  cg_at at;
  at.field = &type->fields[i];
  at.index = i;
  at.offset = offset;
  return check_criterion(s, &at, cg_load64(e), cg_load64(e + CG_CRITERION_ARG0),
                         cg_load64(e + CG_CRITERION_ARG1));
}

/* True when criterion i's string needs the pool facts and they are not built. */
static int needs_facts(const cg_state* s, const cg_template_type* type, uint64_t criteria_offset,
                       uint32_t i) {
  const uint8_t* e = s->data + criteria_offset + (uint64_t)CG_CRITERION_ENTRY_SIZE * i;
  const uint64_t arg0 = cg_load64(e + CG_CRITERION_ARG0);
  const uint64_t arg1 = cg_load64(e + CG_CRITERION_ARG1);
  return !s->facts.built && !s->reference && type->fields[i].type == CG_TYPE_STRING &&
         arg1 > CG_SHORT_STRING && cg_in_range(arg0, arg1, s->pool_size);
}

/* The loop stays a small frame: the fast path, the pool facts and the
 * exact checks each run one call below it, never stacked. */
void cg_check_criteria(cg_state* s, const cg_template_type* type, uint64_t criteria_offset) {
  uint32_t i = 0;
  const uint32_t n = type->field_count;
  while (i < n) {
    if (!s->reference) i = fast_criteria(s, type, criteria_offset, i);
    if (i == n) return;
    if (needs_facts(s, type, criteria_offset, i)) {
      cg_pool_facts_build(s);
      continue;
    }
    if (exact_criterion(s, type, criteria_offset, i)) return;
    ++i;
  }
}
