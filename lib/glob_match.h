// File: lib/glob_match.h
// Glob matching for the `glob` operator: `*` matches any run of characters,
// `?` exactly one character, every other byte (backslash included) itself.
//
// A character is one code point: a well-formed UTF-8 sequence (RFC 3629), or
// a single byte where the bytes do not form one (input from a sensor need
// not be valid UTF-8). With NOCASE, ASCII letters match either case; other
// bytes, including every byte of a non-ASCII code point, match only
// themselves (no Unicode case folding).
//
// Cost: O(text × pattern) time in the worst case, typically linear; no
// recursion, no allocation. Only the most recent `*` is ever revisited, so
// patterns such as `*a*a*a*a*b` cannot trigger exponential backtracking.

#ifndef CONTENTGATE_LIB_GLOB_MATCH_H_
#define CONTENTGATE_LIB_GLOB_MATCH_H_

#include <cstddef>
#include <string_view>

namespace contentgate::internal {

// True when the whole of `text` matches `pattern`.
bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase);

// Bytes of the character starting at text[pos] (requires pos < text.size()):
// the length of the well-formed UTF-8 sequence there, or 1.
size_t CharLength(std::string_view text, size_t pos);

// `c` with A-Z mapped to a-z; every other byte unchanged.
inline char FoldAscii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_GLOB_MATCH_H_
