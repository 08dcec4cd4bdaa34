// File: lib/json_flat_check.cc
// Pass 1 of the flat document's reader: the strict check of the text (RFC
// 8259 and RFC 3629, as nlohmann's lexer applies them) that counts the
// values, each container's children, the decoded bytes and the lines.

#include "json_flat_check.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "utf8.h"

namespace contentgate::internal {
namespace {

using json_scan::AfterBom;
using json_scan::Hex4;
using json_scan::IsSpace;
using json_scan::SkipPlain;

// The bytes of `cp` in UTF-8.
uint32_t Utf8Length(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

// Checks and counts; see CheckJsonText.
class JsonDocChecker {
 public:
  JsonDocChecker(std::string_view text, int max_depth, JsonTextCounts* counts)
      : p_(AfterBom(text)),
        end_(text.data() + text.size()),
        max_depth_(max_depth),
        counts_(counts),
        children_(&counts->children) {}

  // Whether the whole text is one JSON value the strict reader accepts
  // (duplicate keys aside: pass 2 finds them).
  bool Check() {
    SkipSpace();
    if (!Value(0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  void SkipSpace() {
    while (p_ != end_ && IsSpace(*p_)) {
      counts_->lines += *p_ == '\n' ? 1 : 0;
      ++p_;
    }
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  bool Value(int depth) {
    if (p_ == end_) return false;
    ++counts_->nodes;
    switch (*p_) {
      case '{':
        return depth < max_depth_ && Object(depth);
      case '[':
        return depth < max_depth_ && Array(depth);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Number();
    }
  }

  bool Number() {
    const auto digit = [&] { return p_ != end_ && *p_ >= '0' && *p_ <= '9'; };
    if (*p_ == '-') ++p_;
    if (!digit()) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (digit()) ++p_;
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!digit()) return false;
      while (digit()) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digit()) return false;
      while (digit()) ++p_;
    }
    return true;
  }

  // The UTF-8 sequence at p_ (its lead byte >= 0x80), per RFC 3629; its
  // length, or 0.
  size_t Utf8Sequence() {
    const size_t n = Utf8SequenceLength(std::string_view(p_, static_cast<size_t>(end_ - p_)));
    p_ += n;
    return n;
  }

  // p_ at a backslash: checks one escape; the bytes it decodes to, or 0.
  uint32_t Escape() {
    if (end_ - p_ < 2) return 0;
    const char c = p_[1];
    p_ += 2;
    switch (c) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return 1;
      case 'u':
        break;
      default:
        return 0;
    }
    if (end_ - p_ < 4) return 0;
    const int32_t cp = Hex4(p_);
    p_ += 4;
    if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return 0;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') return 0;
      const int32_t low = Hex4(p_ + 2);
      p_ += 6;
      if (low < 0xDC00 || low > 0xDFFF) return 0;
      return 4;
    }
    return Utf8Length(static_cast<uint32_t>(cp));
  }

  // p_ at the opening quote.
  bool String() {
    const char* start = ++p_;
    while ((p_ = SkipPlain(p_, end_)) != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20) break;
      if (Utf8Sequence() == 0) return false;
    }
    // With escapes: count the decoded bytes.
    auto n = static_cast<size_t>(p_ - start);
    while (p_ != end_) {
      const char* run = p_;
      p_ = SkipPlain(p_, end_);
      n += static_cast<size_t>(p_ - run);
      if (p_ == end_) break;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        counts_->decoded += n;
        return true;
      }
      size_t k;
      if (c == '\\') {
        k = Escape();
      } else if (c < 0x20) {
        k = 0;
      } else {
        k = Utf8Sequence();
      }
      if (k == 0) return false;
      n += k;
    }
    return false;
  }

  bool Array(int depth) {
    const size_t slot = children_->Append();
    ++p_;
    SkipSpace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    uint32_t n = 0;
    while (true) {
      if (!Value(depth + 1)) return false;
      ++n;
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == ']') {
        ++p_;
        break;
      }
      if (*p_ != ',') return false;
      ++p_;
      SkipSpace();
    }
    (*children_)[slot] = n;
    return true;
  }

  bool Object(int depth) {
    const size_t slot = children_->Append();
    ++p_;
    SkipSpace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    uint32_t n = 0;
    while (true) {
      if (p_ == end_ || *p_ != '"') return false;
      ++counts_->nodes;
      if (!String()) return false;
      SkipSpace();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      SkipSpace();
      if (!Value(depth + 1)) return false;
      ++n;
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == '}') {
        ++p_;
        break;
      }
      if (*p_ != ',') return false;
      ++p_;
      SkipSpace();
    }
    (*children_)[slot] = n;
    return true;
  }

  const char* p_;
  const char* end_;
  int max_depth_;
  JsonTextCounts* counts_;
  JsonChildCounts* children_;
};

}  // namespace

bool CheckJsonText(std::string_view text, int max_depth, JsonTextCounts* counts) {
  *counts = JsonTextCounts();
  return JsonDocChecker(text, max_depth, counts).Check();
}

}  // namespace contentgate::internal
