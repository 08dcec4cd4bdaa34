// File: lib/json_writer.cc
// The streaming JSON writer behind every JSON document contentgate prints.

#include "json_writer.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "utf8.h"

namespace contentgate::internal {

void AppendJsonString(std::string* out, std::string_view text) {
  out->push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    // Copy the longest run that needs no escaping in one append.
    size_t run = i;
    while (run < text.size()) {
      const uint8_t c = static_cast<uint8_t>(text[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    out->append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    const uint8_t c = static_cast<uint8_t>(text[i]);
    if (c >= 0x80) {
      const size_t len = Utf8SequenceLength(text.substr(i));
      if (len == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD for a byte that is not UTF-8
        ++i;
      } else {
        out->append(text.data() + i, len);
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out->append(buf);
      }
    }
    ++i;
  }
  out->push_back('"');
}

void JsonWriter::NewLine(size_t depth) {
  out_->push_back('\n');
  out_->append(depth * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Frame& frame = stack_.back();
  if (!frame.empty) out_->push_back(',');
  if (InlineHere()) {
    if (!frame.empty && indent_ != 0) out_->push_back(' ');
  } else {
    NewLine(stack_.size());
  }
  frame.empty = false;
}

void JsonWriter::Begin(char open, bool is_object, Layout layout) {
  BeforeValue();
  out_->push_back(open);
  const bool inherited = !stack_.empty() && stack_.back().inline_layout;
  stack_.push_back({inherited || layout == Layout::kInline, true, is_object});
}

void JsonWriter::End(char close) {
  const Frame frame = stack_.back();
  stack_.pop_back();
  if (!frame.empty && !frame.inline_layout && indent_ != 0) NewLine(stack_.size());
  out_->push_back(close);
}

void JsonWriter::BeginObject(Layout layout) { Begin('{', true, layout); }
void JsonWriter::EndObject() { End('}'); }
void JsonWriter::BeginArray(Layout layout) { Begin('[', false, layout); }
void JsonWriter::EndArray() { End(']'); }

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(out_, key);
  out_->append(indent_ == 0 ? ":" : ": ");
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(out_, value);
}

void JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  absl::StrAppend(out_, value);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  absl::StrAppend(out_, value);
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_->append(json);
}

}  // namespace contentgate::internal
