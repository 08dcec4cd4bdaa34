// File: lib/json_writer.h
// A small streaming JSON writer: what every piece of JSON that contentgate
// prints (dump output, JSON and SARIF reports) is rendered with. It appends
// to a caller-owned string, escapes strings correctly (control characters,
// quotes, backslashes; bytes that are not UTF-8 become U+FFFD, so the output
// is always valid UTF-8 JSON) and places commas, colons and indentation
// itself. Besides the output string it allocates only a small stack of open
// containers.

#ifndef CONTENTGATE_LIB_JSON_WRITER_H_
#define CONTENTGATE_LIB_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace contentgate::internal {

// Appends `text` as a JSON string literal (quoted, escaped) to `out`.
void AppendJsonString(std::string* out, std::string_view text);

class JsonWriter {
 public:
  // How a container is laid out. Block puts each member on its own line,
  // indented (with indent 0 every container is inline); Inline puts the
  // whole container, and everything nested in it, on one line:
  // {"a": 1, "b": [2, 3]}.
  enum class Layout : uint8_t { kBlock, kInline };

  // Appends to `*out`, which must outlive the writer. `indent` is the number
  // of spaces per nesting level of block containers; 0 renders the whole
  // document on one line without optional spaces.
  explicit JsonWriter(std::string* out, int indent = 0) : out_(out), indent_(indent) {}

  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Containers. Every Begin must be matched by the same kind of End; inside
  // an object, every value must be preceded by Key.
  void BeginObject(Layout layout = Layout::kBlock);
  void EndObject();
  void BeginArray(Layout layout = Layout::kBlock);
  void EndArray();

  // The key of the next member of the enclosing object.
  void Key(std::string_view key);

  // Scalar values.
  void String(std::string_view value);
  void Uint(uint64_t value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();

  // Key followed by a value, for the common case.
  void Member(std::string_view key, std::string_view value) { Key(key), String(value); }
  void Member(std::string_view key, const char* value) { Key(key), String(value); }
  void Member(std::string_view key, uint64_t value) { Key(key), Uint(value); }
  void Member(std::string_view key, uint32_t value) { Key(key), Uint(value); }
  void Member(std::string_view key, int value) { Key(key), Int(value); }
  void Member(std::string_view key, bool value) { Key(key), Bool(value); }

  // Appends already-rendered JSON as the next value, verbatim. The caller
  // promises `json` is one complete, valid JSON value.
  void Raw(std::string_view json);

  // Depth of open containers (0 once the document is complete).
  size_t depth() const { return stack_.size(); }

 private:
  struct Frame {
    bool inline_layout;
    bool empty;
    bool is_object;
  };
  void BeforeValue();
  void Begin(char open, bool is_object, Layout layout);
  void End(char close);
  void NewLine(size_t depth);
  bool InlineHere() const {
    return indent_ == 0 || (!stack_.empty() && stack_.back().inline_layout);
  }

  std::string* out_;
  int indent_;
  bool after_key_ = false;
  std::vector<Frame> stack_;
};

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_JSON_WRITER_H_
