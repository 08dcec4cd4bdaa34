// File: lib/json_reader.cc
// Typed JSON members, integer shapes and ranges, pointers and value
// descriptions shared by the schema, events and tests loaders.

#include "json_reader.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "json_doc.h"

namespace contentgate::internal {
namespace {

using Kind = JsonRef::Kind;

std::string Join(std::initializer_list<std::string_view> names) {
  std::string out;
  for (std::string_view name : names) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", V(name));
  }
  return out;
}

}  // namespace

IntegerShape ClassifyInteger(JsonRef v) {
  switch (v.kind()) {
    case Kind::kUnsigned:
      return IntegerShape::kUnsigned;
    case Kind::kNegative:
      return IntegerShape::kNegative;
    case Kind::kFloat:
      if (v.text().find_first_of(".eE") != std::string_view::npos) return IntegerShape::kFraction;
      return !v.text().empty() && v.text()[0] == '-' ? IntegerShape::kNegative
                                                     : IntegerShape::kTooLarge;
    default:
      return IntegerShape::kNotNumber;
  }
}

std::optional<uint64_t> IntegerInRange(JsonRef v, uint64_t lo, uint64_t hi) {
  if (v.kind() != Kind::kUnsigned) return std::nullopt;
  const uint64_t u = v.u();
  if (u < lo || u > hi) return std::nullopt;
  return u;
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "a boolean";
    case Kind::kUnsigned:
    case Kind::kNegative:
    case Kind::kFloat:
      return "a number";
    case Kind::kString:
      return "a string";
    case Kind::kArray:
      return "an array";
    case Kind::kObject:
      return "an object";
  }
  return "a value";
}

std::string Quote(std::string_view text) {
  constexpr size_t kMaxBytes = 40;
  std::string out = "\"";
  size_t i = 0;
  for (; i < text.size() && i < kMaxBytes; ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x20 || b == 0x7F) {
      absl::StrAppend(&out, "\\u00", absl::Hex(b, absl::kZeroPad2));
    } else {
      out.push_back(text[i]);
    }
  }
  if (i < text.size()) {
    while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) {
      --i;
      out.pop_back();
    }
    out.append("...");
  }
  out.push_back('"');
  return out;
}

std::string Describe(JsonRef v) {
  switch (v.kind()) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return v.boolean() ? "true" : "false";
    case Kind::kUnsigned:
      return absl::StrCat(v.u());
    case Kind::kNegative:
    case Kind::kFloat:
      return std::string(v.text());
    case Kind::kString:
      return Quote(v.text());
    case Kind::kArray:
    case Kind::kObject:
      return std::string(KindName(v.kind()));
  }
  return "a value";
}

std::string ChildPointer(const std::string& pointer, std::string_view key) {
  std::string out = pointer;
  AppendPointerToken(&out, key);
  return out;
}

std::string ItemPointer(const std::string& pointer, size_t index) {
  std::string out = pointer;
  AppendPointerIndex(&out, index);
  return out;
}

void JsonReader::Add(Code code, const std::string& pointer, JsonRef at, std::string_view message) {
  Diagnostic* d = report_->Add(code);
  if (d == nullptr) return;
  d->set_message(message);
  d->set_pointer(pointer);
  d->set_line_column(at.line(), at.column());
}

void JsonReader::CheckKeys(JsonRef object, const std::string& pointer, std::string_view what,
                           std::initializer_list<std::string_view> allowed) {
  for (const JsonMember member : object.members()) {
    const std::string_view key = member.key();
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      Add(bad_key_, ChildPointer(pointer, key), member.value(),
          absl::StrCat("unknown key ", Quote(key), " in ", V(what), "; allowed: ", Join(allowed)));
    }
  }
}

JsonRef JsonReader::Member(JsonRef object, const std::string& pointer, std::string_view what,
                           std::string_view key, bool required) {
  const JsonRef v = object.Find(key);
  if (!v && required) {
    Add(bad_key_, pointer, object,
        absl::StrCat(V(what), " is missing the required key \"", V(key), "\""));
  }
  return v;
}

void JsonReader::OptionalString(JsonRef object, const std::string& pointer, std::string_view key,
                                std::string* out) {
  const JsonRef v = object.Find(key);
  if (!v) return;
  if (!v.is_string()) {
    Add(bad_key_, ChildPointer(pointer, key), v,
        absl::StrCat("\"", V(key), "\" must be a string, got ", Describe(v)));
    return;
  }
  if (out != nullptr) *out = std::string(v.text());
}

std::optional<uint64_t> JsonReader::Integer(JsonRef v, const std::string& pointer,
                                            std::string_view what, uint64_t lo, uint64_t hi,
                                            std::optional<Code> range_code) {
  if (!IsJsonInteger(v)) {
    Add(bad_key_, pointer, v,
        absl::StrCat(V(what), " must be an integer ", lo, " to ", hi, ", got ", Describe(v)));
    return std::nullopt;
  }
  std::optional<uint64_t> n = IntegerInRange(v, lo, hi);
  if (!n) {
    Add(range_code.value_or(bad_key_), pointer, v,
        absl::StrCat(V(what), " must be ", lo, " to ", hi, ", got ", Describe(v)));
  }
  return n;
}

std::optional<uint64_t> JsonReader::IntegerKey(JsonRef object, const std::string& pointer,
                                               std::string_view what, std::string_view key,
                                               bool required, uint64_t lo, uint64_t hi,
                                               std::optional<Code> range_code) {
  const JsonRef v = Member(object, pointer, what, key, required);
  if (!v) return std::nullopt;
  return Integer(v, ChildPointer(pointer, key), absl::StrCat(V(what), ": ", V(key)), lo, hi,
                 range_code);
}

bool JsonReader::ExpectKind(JsonRef v, Kind kind, const std::string& pointer,
                            std::string_view what) {
  if (v.kind() == kind) return true;
  Add(bad_key_, pointer, v,
      absl::StrCat(V(what), " must be ", V(KindName(kind)), ", got ", Describe(v)));
  return false;
}

bool JsonReader::Parse(std::string_view text, JsonDoc* doc, Code not_json, Code duplicate) {
  // A raw NUL is never JSON (inside a string it must be escaped), wherever
  // it stands, after the value included.
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    uint32_t line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < nul; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    if (Diagnostic* d = report_->Add(not_json)) {
      d->set_message("not valid JSON: a NUL byte");
      d->set_line_column(line, static_cast<uint32_t>(nul - line_start + 1));
    }
    return false;
  }
  JsonError error;
  if (!JsonDocSizeFits(text.size(), &error)) {
    if (Diagnostic* d = report_->Add(not_json)) {
      d->set_message(error.message);
      d->set_line_column(error.line, error.column);
    }
    return false;
  }
  if (ParseJsonDoc(text, doc, &error)) return true;
  Diagnostic* d = report_->Add(error.duplicate_key ? duplicate : not_json);
  if (d != nullptr) {
    d->set_message(error.duplicate_key ? error.message
                                       : absl::StrCat("not valid JSON: ", error.message));
    if (error.duplicate_key) d->set_pointer(error.pointer);
    d->set_line_column(error.line, error.column);
  }
  return false;
}

}  // namespace contentgate::internal
