/* File: tests/core/core_test.c
 * Plain-C unit tests of the validator core (no GoogleTest), so that they
 * build with any cross compiler: run natively, for 32-bit x86 and for
 * big-endian s390x under qemu-user. Each test asserts codes and locations. */

#include "contentgate/core.h"

#include <stdio.h>
#include <string.h>

static int failures = 0;
#define EXPECT(cond)                                            \
  do {                                                          \
    if (!(cond)) {                                              \
      printf("%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                               \
    }                                                           \
  } while (0)

/* ---- A small schema: type 7 with u32, string, enum and bool fields ---- */

static const uint32_t kEnumValues[2] = {1, 5};
/* Scalar rules with value_set 0: the fast path leaves scalars to the exact
 * checks; the string field has a fast-path rule. */
static const cg_field kFields[4] = {
    {"count", CG_TYPE_U32, 0, 0x1F, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 1000, {{0}}},
    {"name", CG_TYPE_STRING, 1, 0x7E1, 0x3E0, 0, 1, 100, 2, 1000, 99, 0, NULL, 0, 0, {{0}}},
    {"kind", CG_TYPE_ENUM, 0, 0x7, 0, 0, 0, 0, 0, 0, 0, 2, kEnumValues, 0, 0, {{0}}},
    {"flag", CG_TYPE_BOOL, 0, 0x7, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 1, {{0}}},
};
static const cg_template_type kTypes[1] = {{"t", 7, 4, kFields}};
static const uint16_t kTypesById[1] = {0};
static const cg_sensor_input kInputs2[1] = {{0, 2}};
static const cg_sensor_input kInputs4[1] = {{0, 4}};
static const cg_sensor kSensors[3] = {{"1.0", 1, kInputs2}, {"1.1", 0, NULL}, {"1.2", 1, kInputs4}};
static const cg_schema kSchema = {
    CG_SCHEMA_LAYOUT_VERSION, 291, 1000, 1, 1u << 20, "test", kTypes, kTypesById, 3, kSensors};

/* ---- Building files ---------------------------------------------------- */

typedef struct crit {
  uint8_t op, flags;
  uint64_t arg0, arg1;
} crit;

static void put16(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t* p, uint32_t v) {
  put16(p, v & 0xFFFFu);
  put16(p + 2, v >> 16);
}
static void put64(uint8_t* p, uint64_t v) {
  put32(p, (uint32_t)v);
  put32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t file[1 << 16];
static uint64_t scratch[(1 << 16) / 8 + 1024];

static void seal(size_t size) {
  put32(file + CG_HEADER_PAYLOAD_CRC, cg_crc32c(0, file + 64, size - 64));
  put32(file + CG_HEADER_HEADER_CRC, cg_crc32c(0, file, 60));
}

/* `n` instances of type 7 (ids 1..n), each with the 4 criteria c[4k..4k+4). */
static size_t build(uint32_t n, const crit* c, const uint8_t* pool, uint32_t pool_size) {
  const uint32_t criteria = 4 * n;
  const uint32_t ctable = 64 + 16 * n;
  const uint32_t pool_offset = ctable + 24 * criteria;
  const uint32_t size = pool_offset + pool_size;
  uint32_t k;
  memset(file, 0, size);
  memcpy(file, "CHNL", 4);
  put16(file + CG_HEADER_FORMAT_VERSION, 1);
  put16(file + CG_HEADER_HEADER_SIZE, 64);
  put32(file + CG_HEADER_CHANNEL_ID, 291);
  put32(file + CG_HEADER_FILE_SIZE, size);
  put32(file + CG_HEADER_INSTANCE_TABLE_OFFSET, 64);
  put32(file + CG_HEADER_INSTANCE_COUNT, n);
  put32(file + CG_HEADER_CRITERION_TABLE_OFFSET, ctable);
  put32(file + CG_HEADER_CRITERION_COUNT, criteria);
  put32(file + CG_HEADER_POOL_OFFSET, pool_offset);
  put32(file + CG_HEADER_POOL_SIZE, pool_size);
  for (k = 0; k < n; ++k) {
    uint8_t* e = file + 64 + 16 * k;
    put32(e + CG_INSTANCE_ID, k + 1);
    put16(e + CG_INSTANCE_TEMPLATE_TYPE_ID, 7);
    put16(e + CG_INSTANCE_CRITERION_COUNT, 4);
    put32(e + CG_INSTANCE_FIRST_CRITERION, 4 * k);
  }
  for (k = 0; k < criteria; ++k) {
    uint8_t* e = file + ctable + 24 * k;
    e[CG_CRITERION_OP] = c[k].op;
    e[CG_CRITERION_FLAGS] = c[k].flags;
    put64(e + CG_CRITERION_ARG0, c[k].arg0);
    put64(e + CG_CRITERION_ARG1, c[k].arg1);
  }
  if (pool_size != 0) memcpy(file + pool_offset, pool, pool_size);
  seal(size);
  return size;
}

/* ---- Collecting diagnostics -------------------------------------------- */

static cg_diag seen[256];
static size_t seen_count;

static int collect(void* ctx, const cg_diag* d) {
  (void)ctx;
  if (seen_count < 256) seen[seen_count++] = *d;
  return 0;
}

static cg_result result;

static int run(size_t size, const uint32_t* targets, size_t target_count, uint32_t flags) {
  cg_options o;
  memset(&o, 0, sizeof o);
  o.targets = targets;
  o.target_count = target_count;
  o.on_diag = collect;
  o.flags = flags;
  seen_count = 0;
  return cg_validate(file, size, &kSchema, &o, scratch, sizeof scratch, &result);
}

static const uint32_t kSensor2[1] = {2};

static void test_crc_check_value(void) {
  EXPECT(cg_crc32c(0, (const uint8_t*)"123456789", 9) == 0xE3069283u);
  EXPECT(cg_crc32c(cg_crc32c(0, (const uint8_t*)"1234", 4), (const uint8_t*)"56789", 5) ==
         0xE3069283u);
}

static void test_scratch_bound(void) {
  size_t size;
  for (size = 0; size < 100000; size += 997) EXPECT(cg_scratch_size(size) <= size + 4096);
  EXPECT(cg_scratch_size((size_t)1 << 30) <= ((size_t)1 << 30) + 4096);
}

static const crit kGood[4] = {
    {CG_OP_EQ, 0, 5, 0}, {CG_OP_STR_EQ, 0, 0, 3}, {CG_OP_EQ, 0, 5, 0}, {CG_OP_ANY, 0, 0, 0}};

static void test_valid_file(void) {
  const size_t size = build(1, kGood, (const uint8_t*)"abc", 3);
  EXPECT(run(size, kSensor2, 1, 0) == 0);
  EXPECT(seen_count == 0);
  EXPECT(result.errors == 0 && result.warnings == 0);
}

static void test_envelope_order(void) {
  size_t size = build(1, kGood, (const uint8_t*)"abc", 3);
  file[0] = 'X';
  seal(size);
  EXPECT(run(size, kSensor2, 1, 0) == 101);
  EXPECT(seen_count == 1 && seen[0].offset == CG_HEADER_MAGIC);
  memset(file, 0, size);
  EXPECT(run(size, kSensor2, 1, 0) == 108 && seen[0].offset == 0 && seen[0].values[0] == size);
  EXPECT(run(10, kSensor2, 1, 0) == 108);
  file[3] = 1;
  EXPECT(run(10, kSensor2, 1, 0) == 100 && seen_count == 1);
  size = build(1, kGood, (const uint8_t*)"abc", 3);
  file[CG_HEADER_FLAGS] = 1;
  put32(file + CG_HEADER_HEADER_CRC, cg_crc32c(0, file, 60));
  EXPECT(run(size, kSensor2, 1, 0) == 107 && seen[0].offset == CG_HEADER_FLAGS);
  size = build(1, kGood, (const uint8_t*)"abc", 3);
  file[70] ^= 1;
  EXPECT(run(size, kSensor2, 1, 0) == 114 && seen[0].offset == CG_HEADER_PAYLOAD_CRC);
}

static void test_layout_past_end(void) {
  size_t size = build(1, kGood, (const uint8_t*)"abc", 3);
  put32(file + CG_HEADER_INSTANCE_COUNT, 0xFFFFFFFFu);
  seal(size);
  EXPECT(run(size, kSensor2, 1, 0) == 111 && seen[0].offset == CG_HEADER_INSTANCE_COUNT);
  EXPECT(seen[0].values[1] == 64 + 16 * (uint64_t)0xFFFFFFFFu);
}

static void test_compatibility(void) {
  const crit c[4] = {
      {CG_OP_EQ, 0, 5, 0}, {CG_OP_STR_EQ, 0, 0, 3}, {CG_OP_EQ, 0, 5, 0}, {CG_OP_EQ, 0, 1, 0}};
  const size_t size = build(1, c, (const uint8_t*)"abc", 3);
  EXPECT(run(size, NULL, 0, 0) == 400);
  /* Sensor 0 supplies 2 inputs: criteria 2 and 3 are CG400; sensor 1 has no list. */
  EXPECT(seen_count == 3);
  EXPECT(seen[0].code == 400 && seen[0].sensor == 0 && seen[0].criterion == 2 &&
         seen[0].offset == 64 + 16 + 24 * 2 && seen[0].instance == 0 && seen[0].instance_id == 1);
  EXPECT(seen[1].code == 400 && seen[1].criterion == 3);
  EXPECT(seen[2].code == 402 && seen[2].sensor == 1 && seen[2].offset == 64);
}

static void test_trailing_any_warning(void) {
  const size_t size = build(1, kGood, (const uint8_t*)"abc", 3);
  const crit c[4] = {
      {CG_OP_EQ, 0, 5, 0}, {CG_OP_STR_EQ, 0, 0, 3}, {CG_OP_ANY, 0, 0, 0}, {CG_OP_ANY, 0, 0, 0}};
  const uint32_t sensor0 = 0;
  (void)size;
  EXPECT(run(build(1, c, (const uint8_t*)"abc", 3), &sensor0, 1, 0) == 0);
  EXPECT(seen_count == 1 && seen[0].code == 401 && seen[0].severity == CG_WARNING &&
         seen[0].offset == 64 && seen[0].values[0] == 2 && seen[0].values[1] == 4);
}

static void test_criteria_codes(void) {
  const crit c[4] = {
      {CG_OP_RANGE, 0, 9, 2000}, {CG_OP_EQ, 0, 0, 0}, {CG_OP_EQ, 0, 2, 0}, {CG_OP_EQ, 1, 2, 0}};
  const size_t size = build(1, c, (const uint8_t*)"abc", 3);
  EXPECT(run(size, kSensor2, 1, 0) == 304);
  EXPECT(seen_count == 5);
  EXPECT(seen[0].code == 304 && seen[0].values[0] == 2000 &&
         seen[0].values[1] == CG_OPERAND_RANGE_HIGH && seen[0].criterion == 0);
  EXPECT(seen[1].code == 301 && seen[1].criterion == 1 && seen[1].offset == 64 + 16 + 24);
  EXPECT(seen[2].code == 307 && seen[2].criterion == 2 && seen[2].values[0] == 2);
  EXPECT(seen[3].code == 302 && seen[3].criterion == 3);
  EXPECT(seen[4].code == 307 && seen[4].criterion == 3);
}

/* A long string shared by many criteria: CG311 at the right byte through the
 * pool facts, the same as the reference scan, with bounded work. */
static void test_shared_long_string(void) {
  enum { kInstances = 200 };
  static crit c[4 * kInstances];
  static uint8_t pool[90];
  size_t size, k;
  uint64_t facts_examined;
  for (k = 0; k < sizeof pool; ++k) pool[k] = 'a';
  pool[80] = 0xC3; /* a 2-byte sequence cut by the string's end at 81 */
  pool[81] = 0xA9;
  for (k = 0; k < kInstances; ++k) {
    const crit row[4] = {
        {CG_OP_ANY, 0, 0, 0}, {CG_OP_PREFIX, 0, 0, 81}, {CG_OP_ANY, 0, 0, 0}, {CG_OP_ANY, 0, 0, 0}};
    memcpy(&c[4 * k], row, sizeof row);
  }
  size = build(kInstances, c, pool, sizeof pool);
  EXPECT(run(size, kSensor2, 1, 0) == 311);
  EXPECT(result.errors == kInstances);
  EXPECT(seen[0].code == 311 && seen[0].values[0] == 80 && seen[0].values[1] == 0xC3);
  facts_examined = result.pool_bytes_examined;
  EXPECT(facts_examined <= 4 * size);
  EXPECT(run(size, kSensor2, 1, CG_OPTION_REFERENCE) == 311);
  EXPECT(seen[0].values[0] == 80 && result.errors == kInstances);
  EXPECT(result.pool_bytes_examined >= 81 * (uint64_t)kInstances);
}

static void test_overlong_and_nul(void) {
  static uint8_t pool[200];
  crit c[4] = {
      {CG_OP_ANY, 0, 0, 0}, {CG_OP_GLOB, 0, 0, 150}, {CG_OP_ANY, 0, 0, 0}, {CG_OP_ANY, 0, 0, 0}};
  size_t k, size;
  for (k = 0; k < sizeof pool; ++k) pool[k] = k % 10 == 0 ? '*' : 'x';
  pool[120] = 0;
  size = build(1, c, pool, sizeof pool);
  EXPECT(run(size, kSensor2, 1, 0) == 311);
  EXPECT(seen_count == 3);
  EXPECT(seen[0].code == 311 && seen[0].values[0] == 120 && seen[0].values[1] == 0);
  EXPECT(seen[1].code == 312 && seen[1].values[0] == 150);
  EXPECT(seen[2].code == 313 && seen[2].values[0] == 14 && seen[2].values[1] == 2);
  c[1].arg0 = 130;
  c[1].arg1 = 70;
  size = build(1, c, pool, sizeof pool);
  EXPECT(run(size, kSensor2, 1, 0) == 313 && seen[0].values[0] == 7);
}

static void test_unreferenced_pool(void) {
  /* Non-canonical: strings at 100..110 and 0..3, bytes 3..100 and 110..200 unreferenced. */
  static uint8_t pool[200];
  const crit c[8] = {{CG_OP_ANY, 0, 0, 0}, {CG_OP_STR_EQ, 0, 100, 10}, {CG_OP_ANY, 0, 0, 0},
                     {CG_OP_ANY, 0, 0, 0}, {CG_OP_ANY, 0, 0, 0},       {CG_OP_STR_EQ, 0, 0, 3},
                     {CG_OP_ANY, 0, 0, 0}, {CG_OP_ANY, 0, 0, 0}};
  size_t size;
  uint32_t flags;
  memset(pool, 'p', sizeof pool);
  size = build(2, c, pool, sizeof pool);
  for (flags = 0; flags <= CG_OPTION_REFERENCE; ++flags) {
    EXPECT(run(size, kSensor2, 1, flags) == 0);
    EXPECT(seen_count == 1 && seen[0].code == 316 && seen[0].values[0] == 187 &&
           seen[0].values[1] == 3 && seen[0].offset == 64 + 32 + 24 * 8 + 3);
  }
}

static int stop_at_first(void* ctx, const cg_diag* d) {
  (void)ctx;
  (void)d;
  ++seen_count;
  return 1;
}

static void test_stop(void) {
  const crit c[4] = {
      {CG_OP_RANGE, 0, 9, 2000}, {CG_OP_EQ, 0, 0, 0}, {CG_OP_EQ, 0, 2, 0}, {CG_OP_EQ, 1, 2, 0}};
  const size_t size = build(1, c, (const uint8_t*)"abc", 3);
  cg_options o;
  memset(&o, 0, sizeof o);
  o.on_diag = stop_at_first;
  seen_count = 0;
  EXPECT(cg_validate(file, size, &kSchema, &o, scratch, sizeof scratch, &result) == 304);
  EXPECT(seen_count == 1 && result.errors == 1);
  o.on_diag = NULL;
  EXPECT(cg_validate(file, size, &kSchema, &o, scratch, sizeof scratch, &result) == 304);
  EXPECT(result.errors == 1 && result.first_error.criterion == 0);
  EXPECT(cg_validate(file, size, &kSchema, &o, scratch, 8, &result) == -1);
}

int main(void) {
  test_crc_check_value();
  test_scratch_bound();
  test_valid_file();
  test_envelope_order();
  test_layout_past_end();
  test_compatibility();
  test_trailing_any_warning();
  test_criteria_codes();
  test_shared_long_string();
  test_overlong_and_nul();
  test_unreferenced_pool();
  test_stop();
  if (failures != 0) {
    printf("%d failures\n", failures);
    return 1;
  }
  printf("core_test: all passed\n");
  return 0;
}
