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
// GlobMatcher prepares a pattern once; matching then allocates nothing, never
// recurses, and cannot backtrack exponentially (see its comment for the
// bounds).

#ifndef CONTENTGATE_LIB_GLOB_MATCH_H_
#define CONTENTGATE_LIB_GLOB_MATCH_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace contentgate::internal {

// Knuth-Morris-Pratt search for one literal (A-Z folded when `nocase`):
// O(text) per search, no allocation after construction.
class LiteralSearch {
 public:
  static constexpr size_t kNotFound = ~size_t{0};
  LiteralSearch(std::string_view literal, bool nocase);
  // End of the leftmost occurrence of the literal in `text` starting at or
  // after `pos`, or kNotFound. An empty literal is found at `pos`.
  size_t FindEnd(std::string_view text, size_t pos) const;

 private:
  bool nocase_;
  std::string folded_;
  std::vector<uint32_t> failure_;
};

// A glob pattern prepared once (at content load) for repeated matching with
// the same semantics as GlobMatch. The pattern is split at '*' into
// segments; matching anchors the first segment at the start of the text and
// the last at its end, and finds each middle segment at its leftmost
// occurrence after the previous one (which is what a match needs). A segment
// without '?' is found with Knuth-Morris-Pratt, so a pattern without '?'
// matches in O(text + pattern) time; a segment with '?' is tried at each
// character (O(text × segment)). Matches() allocates nothing. Holds a view of
// `pattern`, which must outlive it; expects a well-formed UTF-8 pattern (as
// validation guarantees).
class GlobMatcher {
 public:
  GlobMatcher(std::string_view pattern, bool nocase);
  bool Matches(std::string_view text) const;

 private:
  struct Segment {
    std::string_view pattern;
    bool has_question = false;
    size_t chars = 0;      // characters the segment matches
    LiteralSearch search;  // used only without '?'
  };
  static constexpr size_t kNoMatch = ~size_t{0};
  // End of `segment` matched at text[pos], or kNoMatch.
  size_t MatchAt(const Segment& segment, std::string_view text, size_t pos) const;
  // End of the leftmost match of `segment` at or after `pos`, or kNoMatch.
  size_t FindFrom(const Segment& segment, std::string_view text, size_t pos) const;

  bool nocase_;
  std::vector<Segment> segments_;  // one more than the number of '*'
};

// Bytes of the character starting at text[pos] (requires pos < text.size()):
// the length of the well-formed UTF-8 sequence there, or 1.
size_t CharLength(std::string_view text, size_t pos);

// `c` with A-Z mapped to a-z; every other byte unchanged.
inline char FoldAscii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_GLOB_MATCH_H_
