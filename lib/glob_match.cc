#include "glob_match.h"

#include <cstdint>

namespace contentgate::internal {

size_t CharLength(std::string_view text, size_t pos) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(pos);
  size_t length;
  uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead < 0x80) {
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 1;
  }
  if (length > text.size() - pos) return 1;
  if (byte(pos + 1) < low || byte(pos + 1) > high) return 1;
  for (size_t i = 2; i < length; ++i) {
    if (byte(pos + i) < 0x80 || byte(pos + i) > 0xBF) return 1;
  }
  return length;
}

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase) {
  constexpr size_t kNoStar = ~size_t{0};
  size_t p = 0;
  size_t t = 0;
  size_t star = kNoStar;  // pattern index of the most recent '*'
  size_t star_text = 0;   // where the text matched by that '*' ends
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() && pattern[p] == '?') {
      t += CharLength(text, t);
      ++p;
    } else if (p < pattern.size() &&
               (pattern[p] == text[t] ||
                (nocase && FoldAscii(pattern[p]) == FoldAscii(text[t])))) {
      ++p;
      ++t;
    } else if (star != kNoStar) {
      // Let the last '*' absorb one more character and retry after it.
      star_text += CharLength(text, star_text);
      t = star_text;
      p = star + 1;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace contentgate::internal
