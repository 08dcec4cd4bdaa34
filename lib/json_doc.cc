// File: lib/json_doc.cc
// The positioned JSON parser: nlohmann_json's SAX parser feeds a handler that
// builds the JsonValue tree, or (CheckJson) only finds the first error. This is the only
// translation unit that includes nlohmann_json (JSON_NOEXCEPTION is defined for the whole build).
//
// nlohmann's SAX events carry no positions, so the handler recovers them from
// the text: every event ends a token that nlohmann has already accepted, and
// that token starts at the first byte after the previous token that is not
// white space, ':' or ','. Its end follows from its kind (a string's closing
// quote, a number's last digit, a literal's length), so positions never
// depend on how far nlohmann's lexer has read ahead.

#include "json_doc.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"

namespace contentgate::internal {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Objects with more members than this check for duplicate keys with a hash
// set instead of a linear scan, so a huge object stays linear to parse.
constexpr size_t kLinearKeyScanLimit = 32;

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Converts byte offsets, visited in non-decreasing order, to 1-based line and
// column; linear over the whole parse.
class LineTracker {
 public:
  explicit LineTracker(std::string_view text) : text_(text) {}

  void Locate(size_t offset, uint32_t* line, uint32_t* column) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < pos_) offset = pos_;  // callers never go back
    for (; pos_ < offset; ++pos_) {
      if (text_[pos_] == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
    }
    *line = line_;
    *column = static_cast<uint32_t>(offset - line_start_ + 1);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
};

// The end of the number token that starts at `p` (the longest prefix of
// RFC 8259's `number` there, as nlohmann's lexer reads it), or npos when no
// such prefix is a whole number ("-", "1.", "1e+").
size_t NumberTokenEnd(std::string_view text, size_t p) {
  const auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  if (p < text.size() && text[p] == '-') ++p;
  if (!digit(p)) return std::string_view::npos;
  if (text[p] == '0') {
    ++p;
  } else {
    while (digit(p)) ++p;
  }
  if (p < text.size() && text[p] == '.') {
    if (!digit(++p)) return std::string_view::npos;
    while (digit(p)) ++p;
  }
  if (p < text.size() && (text[p] == 'e' || text[p] == 'E')) {
    ++p;
    if (p < text.size() && (text[p] == '+' || text[p] == '-')) ++p;
    if (!digit(p)) return std::string_view::npos;
    while (digit(p)) ++p;
  }
  return p;
}

// Whether a double cannot hold the number token `token` (1e400, or an
// integer of more than 308 digits): nlohmann refuses such a number outright.
bool OverflowsDouble(std::string_view token) {
  if (token.find_first_of("eE") == std::string_view::npos && token.size() < 300) return false;
  const std::string copy(token);  // strtod needs the terminator
  return std::isinf(std::strtod(copy.c_str(), nullptr));
}

// The bytes of the text as nlohmann's lexer reads them, with one change: a
// number a double cannot hold reads as "0e0" padded with spaces to its
// length. To the spec such a number is a number of the wrong shape (CG705,
// CG601), not a syntax error; the handler takes every number's text from the
// original bytes, so nothing else sees the stand-in. Tracks strings (and their
// escapes) to know where number tokens start.
class OverflowFreeIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  // `used`, if not null, is set when a stand-in is read.
  OverflowFreeIterator(std::string_view text, size_t pos, bool* used)
      : text_(text), pos_(pos), used_(used) {
    Enter();
  }

  char operator*() const {
    if (pos_ >= stand_in_begin_ && pos_ < stand_in_end_) {
      const size_t i = pos_ - stand_in_begin_;
      return i < 3 ? "0e0"[i] : ' ';
    }
    return text_[pos_];
  }
  OverflowFreeIterator& operator++() {
    const char c = text_[pos_];
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
    } else if (c == '"') {
      in_string_ = true;
    }
    ++pos_;
    Enter();
    return *this;
  }
  OverflowFreeIterator operator++(int) {
    OverflowFreeIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const OverflowFreeIterator& other) const { return pos_ == other.pos_; }
  bool operator!=(const OverflowFreeIterator& other) const { return pos_ != other.pos_; }

 private:
  // At the first byte of a number token, finds its end and whether it needs
  // the stand-in.
  void Enter() {
    if (in_string_ || pos_ < number_end_ || pos_ >= text_.size()) return;
    const char c = text_[pos_];
    if (c != '-' && (c < '0' || c > '9')) return;
    const size_t end = NumberTokenEnd(text_, pos_);
    if (end == std::string_view::npos) {
      number_end_ = pos_ + 1;
      return;
    }
    number_end_ = end;
    if (OverflowsDouble(text_.substr(pos_, end - pos_))) {
      stand_in_begin_ = pos_;
      stand_in_end_ = end;
      if (used_ != nullptr) *used_ = true;
    }
  }

  std::string_view text_;
  size_t pos_;
  bool* used_;
  bool in_string_ = false;
  bool escaped_ = false;
  size_t number_end_ = 0;
  size_t stand_in_begin_ = 0;
  size_t stand_in_end_ = 0;
};

// Keeps any printable ASCII of a parser message and writes other bytes as
// \xNN, so a message quoting broken input is itself valid UTF-8.
std::string PrintableAscii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F) {
      out.push_back(c);
    } else {
      absl::StrAppendFormat(&out, "\\x%02X", b);
    }
  }
  return out;
}

// Builds the tree under `root`, or with a null `root` keeps only what an
// error needs: the position, the keys of the open objects (duplicates) and
// the open containers' item counts (the pointer of a duplicate key).
class DomBuilder {
 public:
  using json = nlohmann::json;

  DomBuilder(std::string_view text, JsonValue* root, JsonError* error, int max_depth)
      : text_(text), lines_(text), root_(root), error_(error), max_depth_(max_depth) {
    if (text_.substr(0, kBom.size()) == kBom) prev_end_ = kBom.size();
  }

  // Set by the input iterator when it reads a number's stand-in.
  bool* stand_in_used() { return &stand_in_used_; }

  // Whether an error (the handler's own or nlohmann's) has been recorded.
  bool failed() const { return failed_; }

  bool null() {
    JsonValue* v = BeginScalar(4);
    v->kind = JsonValue::Kind::kNull;
    return true;
  }
  bool boolean(bool b) {
    JsonValue* v = BeginScalar(b ? 4 : 5);
    v->kind = JsonValue::Kind::kBool;
    v->boolean = b;
    return true;
  }
  bool number_unsigned(json::number_unsigned_t u) {
    JsonValue* v = BeginNumber();
    v->kind = JsonValue::Kind::kUnsigned;
    v->u = u;
    v->text.clear();
    return true;
  }
  bool number_integer(json::number_integer_t) { return Number(); }
  bool number_float(json::number_float_t, const json::string_t&) { return Number(); }
  bool string(json::string_t& s) {
    JsonValue* v = BeginScalar(StringTokenLength(TokenStart()));
    v->kind = JsonValue::Kind::kString;
    v->text = s;  // a copy leaves the lexer its buffer's capacity
    return true;
  }
  bool binary(json::binary_t&) { return true; }  // never produced for JSON text

  bool start_object(std::size_t) { return StartContainer(JsonValue::Kind::kObject); }
  bool start_array(std::size_t) { return StartContainer(JsonValue::Kind::kArray); }
  bool end_object() { return EndContainer(); }
  bool end_array() { return EndContainer(); }

  bool key(json::string_t& k) {
    const size_t start = TokenStart();
    prev_end_ = start + StringTokenLength(start);
    Frame& frame = frames_.back();
    std::deque<std::string>& keys = keys_scratch_[frames_.size() - 1];
    bool duplicate = false;
    if (frame.keys != nullptr) {
      duplicate = frame.keys->contains(k);
    } else {
      for (const std::string& key : keys) {
        if (key == k) {
          duplicate = true;
          break;
        }
      }
    }
    if (duplicate) {
      std::string pointer = CurrentPointer();
      AppendPointerToken(&pointer, k);
      Fail(start, absl::StrCat("duplicate key \"", PrintableAscii(k), "\" at \"",
                               PrintableAscii(pointer), "\""));
      error_->duplicate_key = true;
      error_->pointer = std::move(pointer);
      return false;
    }
    keys.push_back(k);
    if (frame.keys != nullptr) {
      frame.keys->insert(keys.back());
    } else if (keys.size() > kLinearKeyScanLimit) {
      frame.keys =
          std::make_unique<absl::flat_hash_set<std::string_view>>(keys.begin(), keys.end());
    }
    if (root_ != nullptr) values_scratch_[frames_.size() - 1].emplace_back();
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    std::string_view what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 4: ..."
    if (size_t colon = what.find(": "); colon != std::string_view::npos) {
      what.remove_prefix(colon + 2);
    }
    // nlohmann's quote of what it read would show a number's stand-in.
    const size_t quote = what.find("; last read: '");
    std::string without_quote;
    if (stand_in_used_ && quote != std::string_view::npos) {
      const size_t quote_end = what.find("'", quote + 14);
      without_quote.assign(what.substr(0, quote));
      if (quote_end != std::string_view::npos) without_quote.append(what.substr(quote_end + 1));
    }
    // `position` counts the bytes nlohmann read, the failing one included.
    const size_t last = position == 0 ? 0 : position - 1;
    size_t offset = last;
    if (what.find("; last read: '") == std::string_view::npos) {
      // A parser error is about a whole token that was read after the last
      // event, past at most one separator the parser accepted.
      offset = SkipSpace(prev_end_);
      if (offset < last && offset < text_.size() &&
          (text_[offset] == ':' || text_[offset] == ',')) {
        offset = SkipSpace(offset + 1);
      }
    }
    if (offset < text_.size() && text_[offset] == '\0' &&
        what.find("end of input") != std::string_view::npos) {
      // nlohmann takes a NUL byte for the end of the input.
      Fail(offset, "unexpected NUL byte: a NUL may appear only as \\u0000 in a string");
    } else {
      Fail(offset, PrintableAscii(without_quote.empty() ? what : without_quote));
    }
    return false;
  }

  // After the top-level value: anything but JSON white space is an error,
  // a NUL byte included (nlohmann stops at one as if the input ended there).
  bool CheckTrailing() {
    const size_t p = SkipSpace(prev_end_);
    if (p >= text_.size()) return true;
    Fail(p, text_[p] == '\0'
                ? std::string("unexpected NUL byte after the JSON value: the whole file must be "
                              "one JSON value")
                : absl::StrCat("unexpected '", PrintableAscii(text_.substr(p, 1)),
                               "' after the JSON value: the whole file must be one JSON value"));
    return false;
  }

 private:
  struct Frame {
    JsonValue::Kind kind;
    JsonValue* value;  // null without a tree
    size_t items;      // arrays: the items begun so far
    // Views of the keys in keys_scratch_, once there are too many to scan.
    std::unique_ptr<absl::flat_hash_set<std::string_view>> keys;
  };

  size_t SkipSpace(size_t p) const {
    while (p < text_.size() && IsJsonSpace(text_[p])) ++p;
    return p;
  }

  size_t TokenStart() const {
    size_t p = prev_end_;
    while (p < text_.size() && (IsJsonSpace(text_[p]) || text_[p] == ':' || text_[p] == ',')) ++p;
    return p;
  }

  // Length of the (already validated) string token starting at `start`.
  size_t StringTokenLength(size_t start) const {
    size_t p = start + 1;
    while (p < text_.size() && text_[p] != '"') p += text_[p] == '\\' ? 2 : 1;
    return p + 1 - start;
  }

  // The slot for the next value: the root, a new array item, or the value of
  // the member whose key was just read; without a tree, a value overwritten
  // by the next.
  JsonValue* NextSlot() {
    if (frames_.empty()) return root_ != nullptr ? root_ : &discarded_;
    Frame& frame = frames_.back();
    const bool array = frame.kind == JsonValue::Kind::kArray;
    if (array) ++frame.items;
    if (root_ == nullptr) return &discarded_;
    std::vector<JsonValue>& values = values_scratch_[frames_.size() - 1];
    return array ? &values.emplace_back() : &values.back();
  }

  JsonValue* Place(size_t start, size_t length) {
    JsonValue* v = NextSlot();
    lines_.Locate(start, &v->line, &v->column);
    prev_end_ = start + length;
    return v;
  }

  JsonValue* BeginScalar(size_t length) { return Place(TokenStart(), length); }

  // A number token; its text is kept as written.
  JsonValue* BeginNumber() {
    const size_t start = TokenStart();
    size_t end = start;
    while (end < text_.size() && IsNumberChar(text_[end])) ++end;
    JsonValue* v = Place(start, end - start);
    v->text.assign(text_.data() + start, end - start);
    return v;
  }

  // A negative integer, or a number with a fraction or exponent, or too
  // large for 64 bits.
  bool Number() {
    JsonValue* v = BeginNumber();
    const bool integer = v->text.find_first_of(".eE") == std::string::npos;
    v->kind = integer && v->text[0] == '-' ? JsonValue::Kind::kNegative : JsonValue::Kind::kFloat;
    return true;
  }

  bool StartContainer(JsonValue::Kind kind) {
    const size_t start = TokenStart();
    if (static_cast<int>(frames_.size()) >= max_depth_) {
      Fail(start, absl::StrCat("nesting deeper than ", max_depth_, " levels"));
      return false;
    }
    JsonValue* v = Place(start, 1);
    v->kind = kind;
    frames_.push_back(Frame{kind, root_ != nullptr ? v : nullptr, 0, nullptr});
    if (keys_scratch_.size() < frames_.size()) {
      keys_scratch_.resize(frames_.size());
      values_scratch_.resize(frames_.size());
    }
    return true;
  }

  // Moves the finished container's children out of the scratch of its depth
  // into one allocation of the exact size.
  bool EndContainer() {
    prev_end_ = TokenStart() + 1;
    const size_t depth = frames_.size() - 1;
    std::vector<JsonValue>& values = values_scratch_[depth];
    std::deque<std::string>& keys = keys_scratch_[depth];
    JsonValue* v = frames_.back().value;
    if (v != nullptr && v->kind == JsonValue::Kind::kArray) {
      v->items.assign(std::make_move_iterator(values.begin()),
                      std::make_move_iterator(values.end()));
    } else if (v != nullptr) {
      v->members.reserve(values.size());
      for (size_t i = 0; i < values.size(); ++i) {
        v->members.emplace_back(std::move(keys[i]), std::move(values[i]));
      }
    }
    frames_.pop_back();
    values.clear();
    keys.clear();
    return true;
  }

  // The JSON Pointer of the innermost open container.
  std::string CurrentPointer() const {
    std::string pointer;
    for (size_t i = 1; i < frames_.size(); ++i) {
      if (frames_[i - 1].kind == JsonValue::Kind::kArray) {
        AppendPointerIndex(&pointer, frames_[i - 1].items - 1);
      } else {
        AppendPointerToken(&pointer, keys_scratch_[i - 1].back());
      }
    }
    return pointer;
  }

  void Fail(size_t offset, std::string message) {
    failed_ = true;
    error_->duplicate_key = false;
    error_->message = std::move(message);
    error_->pointer.clear();
    LineTracker fresh(text_);
    fresh.Locate(offset, &error_->line, &error_->column);
  }

  std::string_view text_;
  LineTracker lines_;
  JsonValue* root_;
  JsonError* error_;
  int max_depth_;
  size_t prev_end_ = 0;
  bool failed_ = false;
  bool stand_in_used_ = false;
  std::vector<Frame> frames_;
  // Per depth, the children of the open container at that depth (values only
  // with a tree; the slot of an open container lives in its parent's scratch
  // vector, which does not change until that container ends) and an open
  // object's keys (a deque, so that the views in Frame::keys stay valid).
  std::vector<std::vector<JsonValue>> values_scratch_;
  std::vector<std::deque<std::string>> keys_scratch_;
  JsonValue discarded_;  // the slot of every value when there is no tree
};

// ParseJson into `out`, or with a null `out` CheckJson.
bool Parse(std::string_view text, JsonValue* out, JsonError* error, int max_depth) {
  *error = JsonError();
  DomBuilder builder(text, out, error, max_depth);
  const bool ok =
      nlohmann::json::sax_parse(OverflowFreeIterator(text, 0, builder.stand_in_used()),
                                OverflowFreeIterator(text, text.size(), nullptr), &builder);
  if (ok && builder.CheckTrailing()) return true;
  if (!builder.failed()) error->message = "not JSON";
  return false;
}

}  // namespace

bool ParseJson(std::string_view text, JsonValue* out, JsonError* error, int max_depth) {
  *out = JsonValue();
  if (Parse(text, out, error, max_depth)) return true;
  *out = JsonValue();
  return false;
}

bool CheckJson(std::string_view text, JsonError* error, int max_depth) {
  return Parse(text, nullptr, error, max_depth);
}

void AppendPointerToken(std::string* pointer, std::string_view token) {
  pointer->push_back('/');
  for (char c : token) {
    if (c == '~') {
      pointer->append("~0");
    } else if (c == '/') {
      pointer->append("~1");
    } else {
      pointer->push_back(c);
    }
  }
}

void AppendPointerIndex(std::string* pointer, size_t index) {
  absl::StrAppend(pointer, "/", index);
}

}  // namespace contentgate::internal
