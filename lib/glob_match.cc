// File: lib/glob_match.cc
// The glob matcher of glob_match.h: KMP literal search and the prepared,
// segment-wise GlobMatcher, with GlobMatch for one-off matches.

#include "glob_match.h"

#include <cstdint>
#include <string>
#include <utility>

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

LiteralSearch::LiteralSearch(std::string_view literal, bool nocase) : nocase_(nocase) {
  for (char c : literal) folded_.push_back(nocase ? FoldAscii(c) : c);
  failure_.assign(folded_.size(), 0);
  for (size_t i = 1, k = 0; i < folded_.size(); ++i) {
    while (k > 0 && folded_[i] != folded_[k]) k = failure_[k - 1];
    if (folded_[i] == folded_[k]) ++k;
    failure_[i] = static_cast<uint32_t>(k);
  }
}

size_t LiteralSearch::FindEnd(std::string_view text, size_t pos) const {
  if (folded_.empty()) return pos <= text.size() ? pos : kNotFound;
  size_t k = 0;
  for (; pos < text.size(); ++pos) {
    const char c = nocase_ ? FoldAscii(text[pos]) : text[pos];
    while (k > 0 && c != folded_[k]) k = failure_[k - 1];
    if (c == folded_[k] && ++k == folded_.size()) return pos + 1;
  }
  return kNotFound;
}

GlobMatcher::GlobMatcher(std::string_view pattern, bool nocase) : nocase_(nocase) {
  size_t start = 0;
  while (true) {
    const size_t star = pattern.find('*', start);
    const std::string_view text =
        pattern.substr(start, star == std::string_view::npos ? star : star - start);
    const bool has_question = text.find('?') != std::string_view::npos;
    Segment segment{text, has_question, 0,
                    LiteralSearch(has_question ? std::string_view() : text, nocase)};
    for (size_t i = 0; i < text.size(); i += CharLength(text, i)) ++segment.chars;
    segments_.push_back(std::move(segment));
    if (star == std::string_view::npos) break;
    start = star + 1;
  }
}

size_t GlobMatcher::MatchAt(const Segment& segment, std::string_view text, size_t pos) const {
  for (char p : segment.pattern) {
    if (pos >= text.size()) return kNoMatch;
    if (p == '?') {
      pos += CharLength(text, pos);
    } else if (p == text[pos] || (nocase_ && FoldAscii(p) == FoldAscii(text[pos]))) {
      ++pos;
    } else {
      return kNoMatch;
    }
  }
  return pos;
}

size_t GlobMatcher::FindFrom(const Segment& segment, std::string_view text, size_t pos) const {
  if (segment.has_question) {
    for (; pos < text.size(); pos += CharLength(text, pos)) {
      const size_t end = MatchAt(segment, text, pos);
      if (end != kNoMatch) return end;
    }
    return kNoMatch;
  }
  const size_t end = segment.search.FindEnd(text, pos);
  return end == LiteralSearch::kNotFound ? kNoMatch : end;
}

bool GlobMatcher::Matches(std::string_view text) const {
  const Segment& first = segments_.front();
  if (segments_.size() == 1) return MatchAt(first, text, 0) == text.size();
  size_t pos = MatchAt(first, text, 0);
  if (pos == kNoMatch) return false;
  for (size_t i = 1; i + 1 < segments_.size(); ++i) {
    if (segments_[i].pattern.empty()) continue;
    pos = FindFrom(segments_[i], text, pos);
    if (pos == kNoMatch) return false;
  }
  // The last segment matches exactly the final `chars` characters: find
  // where they start by walking a second cursor `chars` behind the first.
  const Segment& last = segments_.back();
  size_t lead = pos;
  for (size_t n = 0; n < last.chars; ++n) {
    if (lead >= text.size()) return false;
    lead += CharLength(text, lead);
  }
  size_t start = pos;
  while (lead < text.size()) {
    lead += CharLength(text, lead);
    start += CharLength(text, start);
  }
  return MatchAt(last, text, start) == text.size();
}

}  // namespace contentgate::internal
