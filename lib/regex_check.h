// File: lib/regex_check.h
// The CG314 check of one regex: the Unicode-class-escape count rule, then
// RE2 (case-insensitive when NOCASE) under its default memory budget, then
// the program-size limit; and the core's check_regex hook over a cache.

#ifndef CONTENTGATE_LIB_REGEX_CHECK_H_
#define CONTENTGATE_LIB_REGEX_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "contentgate/regex_cache.h"

namespace contentgate::internal {

// The most Unicode class escapes (\p, \P) a pattern may hold (channel-file.md).
inline constexpr size_t kMaxUnicodeClassEscapes = 8;

// RE2's max_mem for every check: RE2's default (8 MiB), the options the
// contract measures with. It bounds the memory of compiling one pattern;
// parsing is bounded by the pattern's length and the escape count rule.
inline constexpr int64_t kRegexMaxMem = int64_t{8} << 20;

// The number of \p and \P escapes in `pattern` as RE2 reads them: each
// backslash escapes the character after it (so \\p is an escaped backslash
// and a p), inside brackets or not; text between \Q and \E is literal.
// Linear in the pattern's length; allocates nothing.
size_t CountUnicodeClassEscapes(std::string_view pattern);

// The verdict on `pattern` that does not depend on a limit: CG314 by the
// escape count (RE2 never sees the pattern), RE2's error, or ok with
// ProgramSize(). Every pattern that compiles under RE2's default options
// compiles here. Sets *reached_re2 (when not null) to whether RE2 saw the
// pattern. Allocates (RE2 does); counted by Re2Compilations().
RegexCache::Verdict CompileRegex(std::string_view pattern, bool nocase,
                                 bool* reached_re2 = nullptr);

// `compiled` (from CompileRegex) against `max_program`: not ok, naming both
// numbers, when its program is larger.
RegexCache::Verdict ApplyProgramLimit(RegexCache::Verdict compiled, uint32_t max_program);

// CompileRegex then ApplyProgramLimit: the whole CG314 verdict, uncached.
RegexCache::Verdict CheckRegex(std::string_view pattern, bool nocase, uint32_t max_program);

// How many patterns this process has handed to RE2 (all threads): what
// tests observe to show that a pattern was, or was not, compiled.
uint64_t Re2Compilations();

// The core's check_regex hook (shared/spec/core.md, cg_options): `ctx` is a
// RegexCache* (not owned, non-null), which keeps every distinct (pattern,
// NOCASE) to one RE2 compilation for its lifetime. Returns 0 when the
// pattern passes CG314 for `max_program`, 1 when not; stores ProgramSize()
// in *program_size (0 when the pattern did not compile). The CG314 message
// is the cache's Check(...).error for the same arguments (a cache hit).
int CheckRegexHook(void* ctx, const uint8_t* pattern, size_t len, int nocase, uint32_t max_program,
                   uint64_t* program_size);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_REGEX_CHECK_H_
