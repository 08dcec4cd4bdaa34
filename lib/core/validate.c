/* File: lib/core/validate.c
 * cg_validate: the envelope (phase 1) and layout (phase 2) checks in
 * channel-file.md's order, then the content phase; and how a diagnostic is
 * counted and handed to the caller. */

#include "core_internal.h"

void cg_diag_init(cg_diag* d, uint16_t code, uint64_t offset) {
  d->code = code;
  d->severity = CG_ERROR;
  d->offset = (uint32_t)offset;
  d->instance = CG_NONE;
  d->instance_id = 0;
  d->criterion = CG_NONE;
  d->sensor = CG_NONE;
  d->values[0] = 0;
  d->values[1] = 0;
}

static void copy_diag(cg_diag* to, const cg_diag* from) {
  to->code = from->code;
  to->severity = from->severity;
  to->offset = from->offset;
  to->instance = from->instance;
  to->instance_id = from->instance_id;
  to->criterion = from->criterion;
  to->sensor = from->sensor;
  to->values[0] = from->values[0];
  to->values[1] = from->values[1];
}

/* Counts and reports `d` (severity from its code); sets s->stop when the
 * caller asked to stop. */
static void emit(cg_state* s, cg_diag* d) {
  const int warning = d->code == 315 || d->code == 316 || d->code == 401;
  d->severity = (uint8_t)(warning ? CG_WARNING : CG_ERROR);
  if (warning) {
    ++s->result->warnings;
  } else {
    if (s->result->errors == 0) copy_diag(&s->result->first_error, d);
    ++s->result->errors;
  }
  if (s->options->on_diag != NULL) {
    if (s->options->on_diag(s->options->ctx, d) != 0) s->stop = 1;
  } else if (!warning) {
    s->stop = 1;
  }
}

CG_NOINLINE int cg_report(cg_state* s, uint16_t code, uint64_t offset, uint32_t criterion,
                          uint64_t v0, uint64_t v1) {
  cg_diag* d = &s->diag;
  cg_diag_init(d, code, offset);
  d->instance = s->instance;
  d->instance_id = s->instance_id;
  d->criterion = criterion;
  d->sensor = s->sensor;
  d->values[0] = v0;
  d->values[1] = v1;
  emit(s, d);
  return s->stop;
}

uint32_t cg_crc_of(const cg_state* s, const uint8_t* p, size_t n) {
  return s->options->crc32c != NULL ? s->options->crc32c(0, p, n) : cg_crc32c(0, p, n);
}

/* Reports `code` at header `offset` with two values; phases 1 and 2 stop. */
static int fail(cg_state* s, uint16_t code, uint64_t offset, uint64_t v0, uint64_t v1) {
  cg_report(s, code, offset, CG_NONE, v0, v1);
  return 0;
}

/* Stops at the first non-zero byte: for a file that has a magic, its first.
   (A fuzzing build traces every comparison, so a scan of the whole file on
   every validation was a quarter of the fuzz targets' time.) */
static int all_zero(const uint8_t* p, uint64_t n) {
  uint64_t i;
  for (i = 0; i < n; ++i) {
    if (p[i] != 0) return 0;
  }
  return 1;
}

/* Phase 1: returns 1 when the envelope passes. */
CG_NOINLINE static int check_envelope(cg_state* s) {
  const uint8_t* p = s->data;
  const uint64_t size = s->size;
  uint32_t stored, computed, flags;
  uint64_t reserved;
  if (size > s->schema->max_file_size) {
    return fail(s, 106, CG_HEADER_FILE_SIZE, size, s->schema->max_file_size);
  }
  if (size != 0 && all_zero(p, size)) return fail(s, 108, 0, size, 0);
  if (size < CG_HEADER_SIZE) return fail(s, 100, 0, size, CG_HEADER_SIZE);
  if (p[0] != 'C' || p[1] != 'H' || p[2] != 'N' || p[3] != 'L') {
    return fail(s, 101, CG_HEADER_MAGIC, cg_load32(p), 0);
  }
  if (cg_load16(p + CG_HEADER_FORMAT_VERSION) != CG_FORMAT_VERSION) {
    return fail(s, 102, CG_HEADER_FORMAT_VERSION, cg_load16(p + CG_HEADER_FORMAT_VERSION),
                CG_FORMAT_VERSION);
  }
  if (cg_load16(p + CG_HEADER_HEADER_SIZE) != CG_HEADER_SIZE) {
    return fail(s, 103, CG_HEADER_HEADER_SIZE, cg_load16(p + CG_HEADER_HEADER_SIZE),
                CG_HEADER_SIZE);
  }
  stored = cg_load32(p + CG_HEADER_HEADER_CRC);
  computed = cg_crc_of(s, p, CG_HEADER_HEADER_CRC);
  if (stored != computed) return fail(s, 104, CG_HEADER_HEADER_CRC, stored, computed);
  if (cg_load32(p + CG_HEADER_FILE_SIZE) != size) {
    return fail(s, 105, CG_HEADER_FILE_SIZE, cg_load32(p + CG_HEADER_FILE_SIZE), size);
  }
  flags = cg_load32(p + CG_HEADER_FLAGS);
  if (flags != 0) return fail(s, 107, CG_HEADER_FLAGS, flags, 0);
  reserved = cg_load64(p + CG_HEADER_RESERVED);
  if (reserved != 0) return fail(s, 107, CG_HEADER_RESERVED, reserved, 0);
  return 1;
}

/* Phase 2: returns 1 when the layout passes; sets the layout and the pool. */
CG_NOINLINE static int check_layout(cg_state* s) {
  const uint8_t* p = s->data;
  const uint64_t size = s->size;
  const uint64_t table = cg_load32(p + CG_HEADER_INSTANCE_TABLE_OFFSET);
  const uint64_t instances = cg_load32(p + CG_HEADER_INSTANCE_COUNT);
  const uint64_t criterion_table = cg_load32(p + CG_HEADER_CRITERION_TABLE_OFFSET);
  const uint64_t criteria = cg_load32(p + CG_HEADER_CRITERION_COUNT);
  const uint64_t pool_offset = cg_load32(p + CG_HEADER_POOL_OFFSET);
  const uint64_t pool_size = cg_load32(p + CG_HEADER_POOL_SIZE);
  const uint32_t stored_crc = cg_load32(p + CG_HEADER_PAYLOAD_CRC);
  const uint64_t instance_end = CG_HEADER_SIZE + CG_INSTANCE_ENTRY_SIZE * instances;
  const uint64_t criterion_end = instance_end + CG_CRITERION_ENTRY_SIZE * criteria;
  uint32_t crc;
  if (table != CG_HEADER_SIZE) {
    return fail(s, 110, CG_HEADER_INSTANCE_TABLE_OFFSET, table, CG_HEADER_SIZE);
  }
  if (!cg_in_range(CG_HEADER_SIZE, CG_INSTANCE_ENTRY_SIZE * instances, size)) {
    return fail(s, 111, CG_HEADER_INSTANCE_COUNT, instances, instance_end);
  }
  if (criterion_table != instance_end) {
    return fail(s, 112, CG_HEADER_CRITERION_TABLE_OFFSET, criterion_table, instance_end);
  }
  if (!cg_in_range(criterion_table, CG_CRITERION_ENTRY_SIZE * criteria, size)) {
    return fail(s, 111, CG_HEADER_CRITERION_COUNT, criteria, criterion_end);
  }
  if (pool_offset != criterion_end) {
    return fail(s, 112, CG_HEADER_POOL_OFFSET, pool_offset, criterion_end);
  }
  if (!cg_in_range(pool_offset, pool_size, size)) {
    return fail(s, 111, CG_HEADER_POOL_SIZE, pool_size, pool_offset + pool_size);
  }
  if (pool_offset + pool_size < size) {
    return fail(s, 113, CG_HEADER_POOL_SIZE, pool_offset + pool_size,
                size - pool_offset - pool_size);
  }
  crc = cg_crc_of(s, p + CG_HEADER_SIZE, (size_t)(size - CG_HEADER_SIZE));
  if (crc != stored_crc) return fail(s, 114, CG_HEADER_PAYLOAD_CRC, stored_crc, crc);
  if (instances > s->schema->max_instances) {
    return fail(s, 208, CG_HEADER_INSTANCE_COUNT, instances, s->schema->max_instances);
  }
  s->instance_count = instances;
  s->criterion_count = criteria;
  s->criterion_table = criterion_table;
  s->pool = p + pool_offset;
  s->pool_size = pool_size;
  return 1;
}

/* The state's bytes at the start of the scratch, rounded up to 8. */
#define CG_STATE_BYTES ((sizeof(cg_state) + 7u) & ~(size_t)7u)

size_t cg_scratch_size(size_t file_size) {
  const uint64_t pool = file_size > CG_HEADER_SIZE ? file_size - CG_HEADER_SIZE : 0;
  return 8 + CG_STATE_BYTES + cg_pool_scratch_size(pool);
}

int cg_validate(const uint8_t* data, size_t size, const cg_schema* schema,
                const cg_options* options, void* scratch, size_t scratch_size, cg_result* result) {
  /* The state lives in the scratch: the stack holds frames only. */
  uint8_t* base = (uint8_t*)scratch;
  cg_state* s;
  if (result == NULL) return -1;
  cg_diag_init(&result->first_error, 0, 0);
  result->errors = 0;
  result->warnings = 0;
  result->pool_bytes_examined = 0;
  if (schema == NULL || schema->layout_version != CG_SCHEMA_LAYOUT_VERSION || options == NULL ||
      scratch == NULL || scratch_size < cg_scratch_size(size)) {
    return -1;
  }
  base += (8 - ((uintptr_t)base & 7u)) & 7u;
  s = (cg_state*)(void*)base;
  s->data = data;
  s->size = size;
  s->schema = schema;
  s->options = options;
  s->result = result;
  s->reference = (options->flags & CG_OPTION_REFERENCE) != 0;
  s->stop = 0;
  s->instance = CG_NONE;
  s->instance_id = 0;
  s->sensor = CG_NONE;
  s->instance_count = 0;
  s->criterion_count = 0;
  s->criterion_table = 0;
  s->pool = NULL;
  s->pool_size = 0;
  s->covered_end = 0;
  if (check_envelope(s) && check_layout(s)) {
    cg_pool_facts_init(s, base + CG_STATE_BYTES);
    cg_check_content(s);
  }
  return result->first_error.code;
}
