/* File: contentgate/core.h
 * The freestanding C99 validator core: the channel-file checks (phases 1 to 3
 * and sensor compatibility of channel-file.md) and the signature checks
 * (CG850-CG855 of signing.md), as one implementation that the publishing
 * pipeline (through the C++ library) and a sensor (compiled into its own
 * build, kernel drivers included) both run.
 *
 * Freestanding: includes only <stddef.h> and <stdint.h>, calls no function it
 * does not define, allocates nothing, keeps no writable static state, and
 * uses no recursion, VLA or floating point. Compiles as C99 and as C++11.
 * The contract is shared/spec/core.md.
 *
 * The caller's bytes are only read, and must not change while the core, or
 * anything that trusts its verdict, reads them: a loader copies content out
 * of shared or file-backed memory into private memory before validating. */

#ifndef CONTENTGATE_CORE_H_
#define CONTENTGATE_CORE_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "No such index": the value of a location field that does not apply. */
#define CG_NONE 0xFFFFFFFFu

/* Severity of a diagnostic. */
#define CG_ERROR 0u
#define CG_WARNING 1u

/* One diagnostic, as the core finds it. Messages are the caller's business:
 * `values` carries the numbers a message names. */
typedef struct cg_diag {
  uint16_t code;        /* e.g. 400 for CG400 */
  uint8_t severity;     /* CG_ERROR or CG_WARNING */
  uint32_t offset;      /* byte offset in the file */
  uint32_t instance;    /* instance index, or CG_NONE */
  uint32_t instance_id; /* or 0 */
  uint32_t criterion;   /* criterion index within the instance, or CG_NONE */
  uint32_t sensor;      /* index of the target sensor in the schema, or CG_NONE */
  uint64_t values[2];   /* the numbers a message names (bound and value) */
} cg_diag;

/* ---- Channel-file validation (channel-file.md, phases 1 to 3) --------- */

/* The layout of cg_schema this core reads; cg_validate refuses any other.
 * 2: each cg_sensor lists only the template types it has an input list for
 * (cg_sensor_input pairs, ascending by type index); 1 had a dense array of
 * one count per template type. */
#define CG_SCHEMA_LAYOUT_VERSION 2u

/* Wire-format constants of channel files, version 1. */
#define CG_FORMAT_VERSION 1u
#define CG_HEADER_SIZE 64u
#define CG_INSTANCE_ENTRY_SIZE 16u
#define CG_CRITERION_ENTRY_SIZE 24u
#define CG_INSTANCE_DISABLED 1u /* instance flags bit 0 */
#define CG_CRITERION_NOCASE 1u  /* criterion flags bit 0 */

/* Byte offsets of the header fields. */
#define CG_HEADER_MAGIC 0u
#define CG_HEADER_FORMAT_VERSION 4u
#define CG_HEADER_HEADER_SIZE 6u
#define CG_HEADER_CHANNEL_ID 8u
#define CG_HEADER_CONTENT_VERSION 12u
#define CG_HEADER_FILE_SIZE 16u
#define CG_HEADER_FLAGS 20u
#define CG_HEADER_INSTANCE_TABLE_OFFSET 24u
#define CG_HEADER_INSTANCE_COUNT 28u
#define CG_HEADER_CRITERION_TABLE_OFFSET 32u
#define CG_HEADER_CRITERION_COUNT 36u
#define CG_HEADER_POOL_OFFSET 40u
#define CG_HEADER_POOL_SIZE 44u
#define CG_HEADER_RESERVED 48u
#define CG_HEADER_PAYLOAD_CRC 56u
#define CG_HEADER_HEADER_CRC 60u

/* Byte offsets within an instance entry. */
#define CG_INSTANCE_ID 0u
#define CG_INSTANCE_TEMPLATE_TYPE_ID 4u
#define CG_INSTANCE_CRITERION_COUNT 6u
#define CG_INSTANCE_FIRST_CRITERION 8u
#define CG_INSTANCE_FLAGS 12u
#define CG_INSTANCE_RESERVED 14u

/* Byte offsets within a criterion entry. */
#define CG_CRITERION_OP 0u
#define CG_CRITERION_FLAGS 1u
#define CG_CRITERION_RESERVED 2u
#define CG_CRITERION_ARG0 8u
#define CG_CRITERION_ARG1 16u

/* Field types (schema.md); the values are those of the C++ FieldType. */
#define CG_TYPE_BOOL 0u
#define CG_TYPE_U8 1u
#define CG_TYPE_U16 2u
#define CG_TYPE_U32 3u
#define CG_TYPE_U64 4u
#define CG_TYPE_ENUM 5u
#define CG_TYPE_STRING 6u

/* Operator wire codes (channel-file.md). */
#define CG_OP_ANY 0u
#define CG_OP_EQ 1u
#define CG_OP_NE 2u
#define CG_OP_RANGE 3u
#define CG_OP_MASK 4u
#define CG_OP_STR_EQ 5u
#define CG_OP_PREFIX 6u
#define CG_OP_SUFFIX 7u
#define CG_OP_CONTAINS 8u
#define CG_OP_GLOB 9u
#define CG_OP_REGEX 10u
#define CG_OP_COUNT 11u

/* Which operand of an integer criterion a CG304 is about (values[1]). */
#define CG_OPERAND_VALUE 0u
#define CG_OPERAND_RANGE_LOW 1u
#define CG_OPERAND_RANGE_HIGH 2u

/* The fast path's bounds for one scalar operator (any, eq, ne, range, mask)
 * on one field: it passes when arg0 - min0 <= span0, arg1 - min1 <= span1,
 * arg1 - arg0 <= order_span, no bit of arg1 & ~arg0 & subset is set, and
 * bit (arg0 mod 64) of value_set is set, in unsigned 64-bit arithmetic.
 * value_set 0 sends every criterion of the operator to the exact checks. A
 * rule only ever lets through what the exact checks pass. */
typedef struct cg_operand_rule {
  uint64_t min0, span0, min1, span1, order_span, value_set, subset, reserved;
} cg_operand_rule;

/* One field of a template type, every default applied, with its compiled
 * fast-path rule. */
typedef struct cg_field {
  const char* name;
  uint8_t type;        /* CG_TYPE_* */
  uint8_t any_allowed; /* string fields: `any` is among ops */
  uint16_t ops;        /* allowed operators: bit n for wire code n */
  uint16_t string_ops; /* string fields: the operators the fast path may pass */
  uint16_t reserved;
  uint32_t min_length, max_length, max_wildcards, max_regex_program;
  uint32_t length_span; /* max_length - min_length (fast path) */
  uint32_t enum_count;
  const uint32_t* enum_values; /* enum: the declared values, ascending */
  uint64_t min, max;           /* integer types: bounds on values */
  cg_operand_rule scalar[5];   /* bool, integer and enum fields */
} cg_field;

/* A template type: its wire id and its fields in order. */
typedef struct cg_template_type {
  const char* name;
  uint16_t id;
  uint16_t field_count;
  const cg_field* fields;
} cg_template_type;

/* One template type a sensor has an input list for: the type's index in
 * cg_schema::types and the number of input values the sensor supplies. */
typedef struct cg_sensor_input {
  uint32_t type;
  uint32_t count;
} cg_sensor_input;

/* A sensor version and its input lists: input_count pairs, strictly
 * ascending by type (each type at most once; the core looks a type up by
 * binary search). A type not listed means the sensor has no input list for
 * it (CG402). The tables are proportional to the pairs a schema lists, not
 * to sensors x types. inputs may be NULL when input_count is 0. */
typedef struct cg_sensor {
  const char* version;
  uint32_t input_count;
  const cg_sensor_input* inputs;
} cg_sensor;

/* The compiled schema: generated C tables (gen-header --lang c), or built by
 * the C++ Schema at load. Read-only to the core. */
struct cg_schema {
  uint32_t layout_version; /* CG_SCHEMA_LAYOUT_VERSION */
  uint32_t channel_id;
  uint32_t max_instances;
  uint32_t type_count;
  uint64_t max_file_size;
  const char* channel_name;
  const cg_template_type* types;
  const uint16_t* types_by_id; /* type indices, ordered by ascending id */
  uint32_t sensor_count;
  const cg_sensor* sensors;
};
typedef struct cg_schema cg_schema;

/* Test-only option: run every criterion through the exact checks with
 * plain scans of each string (the reference the fast path is held to).
 * Same diagnostics; not linear when criteria share long strings. */
#define CG_OPTION_REFERENCE 1u

typedef struct cg_options {
  const uint32_t* targets; /* indices of the target sensors, ascending */
  size_t target_count;
  /* Called for each diagnostic in check order; return nonzero to stop.
   * NULL: stop at the first error. */
  int (*on_diag)(void* ctx, const cg_diag* d);
  /* Checks a regex operand for CG314 (only one that passed CG311 and
   * CG312): returns 0 when the pattern compiles with a program of at most
   * max_program, storing the program size. NULL: UTF-8 and length only. */
  int (*check_regex)(void* ctx, const uint8_t* pattern, size_t len, int nocase,
                     uint32_t max_program, uint64_t* program_size);
  /* CRC-32C continued over p[0..n) from the finished CRC of the preceding
   * bytes (0 for none): crc32c(0, "123456789", 9) == 0xE3069283. NULL: the
   * core's portable one (cg_crc32c). */
  uint32_t (*crc32c)(uint32_t crc, const uint8_t* p, size_t n);
  void* ctx;
  uint32_t flags; /* 0, or CG_OPTION_REFERENCE in tests */
} cg_options;

typedef struct cg_result {
  uint32_t errors, warnings; /* the diagnostics found before checking stopped */
  cg_diag first_error;       /* code 0 when there is none */
  /* Test-only measure: pool bytes the string checks read, pool-wide facts
   * included; at most a small constant times the file size. */
  uint64_t pool_bytes_examined;
} cg_result;

/* Bytes of scratch cg_validate needs for a file of `file_size` bytes: at
 * most file_size + 4096. A sensor sizes it once from max_file_size. */
size_t cg_scratch_size(size_t file_size);

/* Checks `data[0, size)` against `schema` for the target sensors, reporting
 * each diagnostic through options->on_diag in channel-file.md's check
 * order. `scratch` (any alignment, cg_scratch_size(size) bytes, contents
 * ignored) holds pool-wide facts; the core reads nothing else but `data`
 * and the schema, allocates nothing and runs in time linear in `size`.
 * Returns 0 when the file has no error, the first error's code otherwise,
 * or -1 (nothing checked) for a schema of another layout version or a
 * scratch buffer that is too small, or a NULL `result`. */
int cg_validate(const uint8_t* data, size_t size, const cg_schema* schema,
                const cg_options* options, void* scratch, size_t scratch_size, cg_result* result);

/* CRC-32C of p[0..n) continued from `crc` (0 to start), portable C. */
uint32_t cg_crc32c(uint32_t crc, const uint8_t* p, size_t n);

/* ---- Signatures in the sensor (signing.md, CG850-CG855) ---------------- */

/* The platform's primitives: a kernel sensor passes its own. */
typedef struct cg_crypto {
  /* Unkeyed BLAKE2b-512 of data: streaming is the caller's business. */
  void (*blake2b_512)(void* ctx, const uint8_t* data, size_t len, uint8_t out[64]);
  /* Plain Ed25519 verification (not Ed25519ph); 0 when valid. */
  int (*ed25519_verify)(void* ctx, const uint8_t sig[64], const uint8_t* msg, size_t msg_len,
                        const uint8_t public_key[32]);
  void* ctx;
} cg_crypto;

/* Verifies `data` against a minisign signature file's text and a minisign
 * public key file's text, running CG850 to CG855 in signing.md's order and
 * stopping at the first failure. Returns 0 when verified, else the failing
 * code (850..855), with `*error` (when not NULL) describing it. */
int cg_verify_signed(const uint8_t* data, size_t size, const char* signature, size_t signature_len,
                     const char* public_key, size_t public_key_len, uint32_t min_content_version,
                     const cg_crypto* crypto, cg_diag* error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CONTENTGATE_CORE_H_ */
