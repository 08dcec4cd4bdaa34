/* File: lib/core/string_scan.h
 * The core's UTF-8 sequence check, for the library's C++ code (JSON text,
 * reports), so that well-formed UTF-8 has one definition. */

#ifndef CONTENTGATE_LIB_CORE_STRING_SCAN_H_
#define CONTENTGATE_LIB_CORE_STRING_SCAN_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The length (1 to 4) of the well-formed UTF-8 sequence at p[0], with
 * `avail` >= 1 bytes readable, or 0 when it is malformed or a NUL byte
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
uint32_t cg_utf8_sequence_length(const uint8_t* p, uint64_t avail);

#ifdef __cplusplus
}
#endif

#endif /* CONTENTGATE_LIB_CORE_STRING_SCAN_H_ */
