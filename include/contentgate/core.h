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
int cg_verify_signed(const uint8_t* data, size_t size, const char* signature,
                     size_t signature_len, const char* public_key, size_t public_key_len,
                     uint32_t min_content_version, const cg_crypto* crypto, cg_diag* error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CONTENTGATE_CORE_H_ */
