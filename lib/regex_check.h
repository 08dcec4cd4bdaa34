// File: lib/regex_check.h
// The CG314 check of one regex: does it compile with RE2 (case-insensitive
// when NOCASE) within a program-size limit.

#ifndef CONTENTGATE_LIB_REGEX_CHECK_H_
#define CONTENTGATE_LIB_REGEX_CHECK_H_

#include <cstdint>
#include <string_view>

#include "contentgate/regex_cache.h"

namespace contentgate::internal {

// Compiles `pattern` with RE2 (UTF-8, log_errors off, case-insensitive when
// `nocase`) under a memory budget derived from `max_program` (see
// RegexMaxMemFor), so a pattern far beyond the limit fails after compiling a
// few times `max_program` instructions instead of all of them. ok when it
// compiles and ProgramSize() <= max_program. Allocates (RE2 does).
RegexCache::Verdict CheckRegex(std::string_view pattern, bool nocase, uint32_t max_program);

// The RE2 max_mem CheckRegex uses for `max_program`: room for 4 x
// max_program + 64 instructions before RE2 flattens the program. Every
// pattern whose pre-flatten program fits compiles; only patterns that
// flattening shrinks more than 4-fold (nested empty alternations) could be
// refused although their ProgramSize() is within the limit.
int64_t RegexMaxMemFor(uint32_t max_program);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_REGEX_CHECK_H_
