// File: lib/schema_loader.cc
// LoadSchema: turns schema JSON into a checked Schema, reporting every rule
// of the schema reference it breaks (CG600-CG608) with a JSON Pointer and the
// line and column of the offending value, then the compatibility warnings
// (CG640, CG641) of a schema without errors.
//
// The loader reports as many independent errors as it can in one pass, in
// document order, but never a consequence of an error it already reported:
// a field whose type is unknown gets no type-dependent checks, a sensor
// input naming no template type is not reported while some template type
// lacks a valid, unique name (it may be meant for that one), and the
// warnings are computed only for a schema with no error.

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "json_doc.h"

namespace contentgate {
namespace {

using internal::AppendPointerIndex;
using internal::AppendPointerToken;
using internal::JsonValue;
using Kind = JsonValue::Kind;

constexpr uint64_t kU32Max = 0xFFFFFFFFu;
constexpr size_t kMaxTemplateTypes = 65535;
constexpr size_t kMaxFields = 1024;
constexpr uint64_t kMaxStringLength = 65535;
constexpr uint64_t kMaxWildcards = 64;
constexpr uint64_t kMaxRegexProgram = 100000;
constexpr uint64_t kMaxInputs = 65535;
constexpr uint64_t kMinFileSize = 64;
constexpr uint64_t kMaxFileSize = uint64_t{1} << 30;

// Debian's Abseil has its own string_view type: StrCat takes std ones
// through this.
absl::string_view V(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// [a-z][a-z0-9_]{0,63}
bool IsName(std::string_view s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// 1 to 4 dot-separated decimal numbers of 1 to 9 digits, no leading zeros.
bool IsSensorVersion(std::string_view s) {
  int parts = 0;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty() || part.size() > 9 || (part.size() > 1 && part[0] == '0')) return false;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
    }
    if (++parts > 4) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// `text` in double quotes for a one-line message: control characters as
// \uXXXX, cut after 40 bytes at a character boundary.
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

// A short rendering of a JSON value for messages: numbers as written,
// strings quoted, containers by kind.
std::string Describe(const JsonValue& v) {
  switch (v.kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return v.boolean ? "true" : "false";
    case Kind::kUnsigned:
      return absl::StrCat(v.u);
    case Kind::kNegative:
    case Kind::kFloat:
      return v.text;
    case Kind::kString:
      return Quote(v.text);
    case Kind::kArray:
      return "an array";
    case Kind::kObject:
      return "an object";
  }
  return "a value";
}

// An integer written without fraction or exponent, whatever its size.
bool IsJsonInteger(const JsonValue& v) {
  if (v.kind == Kind::kUnsigned || v.kind == Kind::kNegative) return true;
  return v.kind == Kind::kFloat && v.text.find_first_of(".eE") == std::string::npos;
}

// The allowed keys of a field object, and the field types each applies to.
enum FieldKeyScope : uint8_t { kAllTypes, kIntegerTypes, kEnumType, kStringType };

bool IsIntegerType(FieldType t) {
  return t == FieldType::kU8 || t == FieldType::kU16 || t == FieldType::kU32 ||
         t == FieldType::kU64;
}

bool KeyApplies(FieldKeyScope scope, FieldType t) {
  switch (scope) {
    case kAllTypes:
      return true;
    case kIntegerTypes:
      return IsIntegerType(t);
    case kEnumType:
      return t == FieldType::kEnum;
    case kStringType:
      return t == FieldType::kString;
  }
  return false;
}

std::optional<FieldKeyScope> FieldKeyScopeOf(std::string_view key) {
  static constexpr std::pair<std::string_view, FieldKeyScope> kKeys[] = {
      {"name", kAllTypes},
      {"type", kAllTypes},
      {"ops", kAllTypes},
      {"description", kAllTypes},
      {"min", kIntegerTypes},
      {"max", kIntegerTypes},
      {"values", kEnumType},
      {"min_length", kStringType},
      {"max_length", kStringType},
      {"max_wildcards", kStringType},
      {"max_regex_program", kStringType},
  };
  for (const auto& [name, scope] : kKeys) {
    if (name == key) return scope;
  }
  return std::nullopt;
}

class SchemaLoader {
 public:
  explicit SchemaLoader(Report* report) : report_(report) {}

  std::optional<Schema> Load(std::string_view text) {
    JsonValue root;
    internal::JsonError error;
    if (!internal::ParseJson(text, &root, &error)) {
      Diagnostic* d = report_->Add(Code::kSchemaNotJson);
      if (d != nullptr) {
        d->set_message(error.duplicate_key ? error.message
                                           : absl::StrCat("not valid JSON: ", error.message));
        if (error.duplicate_key) d->set_pointer(error.pointer);
        d->set_line_column(error.line, error.column);
      }
      return std::nullopt;
    }
    LoadRoot(root);
    if (!report_->valid()) return std::nullopt;
    AddCompatibilityWarnings();
    return Schema(std::move(channel_), std::move(types_), std::move(sensors_));
  }

 private:
  // What the loader remembers of one template type's JSON for the warnings.
  struct TypeSource {
    std::string pointer;
    std::vector<const JsonValue*> fields;  // the field objects, in order
  };
  struct SensorInput {
    size_t type_index;
    const JsonValue* count;
    std::string pointer;
  };

  void Add(Code code, const std::string& pointer, const JsonValue& at, std::string_view message) {
    Diagnostic* d = report_->Add(code);
    if (d == nullptr) return;
    d->set_message(message);
    d->set_pointer(pointer);
    d->set_line_column(at.line, at.column);
  }

  static std::string Child(const std::string& pointer, std::string_view key) {
    std::string out = pointer;
    AppendPointerToken(&out, key);
    return out;
  }
  static std::string Item(const std::string& pointer, size_t index) {
    std::string out = pointer;
    AppendPointerIndex(&out, index);
    return out;
  }

  static std::string Join(std::initializer_list<std::string_view> names) {
    std::string out;
    for (std::string_view name : names) {
      absl::StrAppend(&out, out.empty() ? "" : ", ", V(name));
    }
    return out;
  }

  // Reports every key of `object` not in `allowed` (CG601).
  void CheckKeys(const JsonValue& object, const std::string& pointer, std::string_view what,
                 std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : object.members) {
      bool known = false;
      for (std::string_view a : allowed) known = known || a == key;
      if (!known) {
        Add(Code::kSchemaBadKey, Child(pointer, key), value,
            absl::StrCat("unknown key ", Quote(key), " in ", V(what),
                         "; allowed: ", Join(allowed)));
      }
    }
  }

  // The member `key` of `object`, or nullptr; a missing required key is
  // reported (CG601) at the object.
  const JsonValue* Member(const JsonValue& object, const std::string& pointer,
                          std::string_view what, std::string_view key, bool required) {
    const JsonValue* v = object.Find(key);
    if (v == nullptr && required) {
      Add(Code::kSchemaBadKey, pointer, object,
          absl::StrCat(V(what), " is missing the required key \"", V(key), "\""));
    }
    return v;
  }

  // An optional string key; a value of another JSON type is CG601.
  void OptionalString(const JsonValue& object, const std::string& pointer, std::string_view key,
                      std::string* out) {
    const JsonValue* v = object.Find(key);
    if (v == nullptr) return;
    if (!v->is_string()) {
      Add(Code::kSchemaBadKey, Child(pointer, key), *v,
          absl::StrCat("\"", V(key), "\" must be a string, got ", Describe(*v)));
      return;
    }
    if (out != nullptr) *out = v->text;
  }

  // Reads an integer in [lo, hi]; a value that is not a JSON integer is
  // CG601, an integer outside the range is `range_code`.
  std::optional<uint64_t> Integer(const JsonValue& v, const std::string& pointer,
                                  std::string_view what, uint64_t lo, uint64_t hi,
                                  Code range_code = Code::kSchemaBadKey) {
    if (!IsJsonInteger(v)) {
      Add(Code::kSchemaBadKey, pointer, v,
          absl::StrCat(V(what), " must be an integer ", lo, " to ", hi, ", got ", Describe(v)));
      return std::nullopt;
    }
    if (v.kind != Kind::kUnsigned || v.u < lo || v.u > hi) {
      Add(range_code, pointer, v,
          absl::StrCat(V(what), " must be ", lo, " to ", hi, ", got ", Describe(v)));
      return std::nullopt;
    }
    return v.u;
  }

  // An integer key of `object`, absent (nullopt, reported when required) or
  // checked by Integer().
  std::optional<uint64_t> IntegerKey(const JsonValue& object, const std::string& pointer,
                                     std::string_view what, std::string_view key, bool required,
                                     uint64_t lo, uint64_t hi,
                                     Code range_code = Code::kSchemaBadKey) {
    const JsonValue* v = Member(object, pointer, what, key, required);
    if (v == nullptr) return std::nullopt;
    return Integer(*v, Child(pointer, key), absl::StrCat(V(what), ": ", V(key)), lo, hi,
                   range_code);
  }

  bool ExpectKind(const JsonValue& v, Kind kind, const std::string& pointer,
                  std::string_view what) {
    if (v.kind == kind) return true;
    Add(Code::kSchemaBadKey, pointer, v,
        absl::StrCat(V(what), " must be ", kind == Kind::kObject ? "an object" : "an array",
                     ", got ", Describe(v)));
    return false;
  }

  void LoadRoot(const JsonValue& root) {
    const std::string pointer;
    if (!ExpectKind(root, Kind::kObject, pointer, "the schema")) return;
    CheckKeys(root, pointer, "the schema",
              {"$schema", "description", "schema_version", "channel", "template_types", "sensors"});
    OptionalString(root, pointer, "$schema", nullptr);
    OptionalString(root, pointer, "description", nullptr);
    if (const JsonValue* v = Member(root, pointer, "the schema", "schema_version", true)) {
      if (v->kind != Kind::kUnsigned || v->u != 1) {
        Add(Code::kSchemaBadKey, "/schema_version", *v,
            absl::StrCat("schema_version must be 1, got ", Describe(*v)));
      }
    }
    if (const JsonValue* v = Member(root, pointer, "the schema", "channel", true)) {
      LoadChannel(*v);
    }
    if (const JsonValue* v = Member(root, pointer, "the schema", "template_types", true)) {
      LoadTemplateTypes(*v);
    } else {
      unnamed_types_ = true;
    }
    if (const JsonValue* v = root.Find("sensors")) LoadSensors(*v);
  }

  void LoadChannel(const JsonValue& v) {
    const std::string pointer = "/channel";
    if (!ExpectKind(v, Kind::kObject, pointer, "channel")) return;
    CheckKeys(v, pointer, "channel", {"id", "name", "max_instances", "max_file_size"});
    if (auto id = IntegerKey(v, pointer, "channel", "id", true, 1, kU32Max)) {
      channel_.id = static_cast<uint32_t>(*id);
    }
    if (const JsonValue* name = Member(v, pointer, "channel", "name", true)) {
      if (!name->is_string() || !IsName(name->text)) {
        Add(Code::kSchemaBadKey, "/channel/name", *name,
            absl::StrCat("channel name ", Describe(*name),
                         " is not a name ([a-z][a-z0-9_]{0,63})"));
      } else {
        channel_.name = name->text;
      }
    }
    if (auto n = IntegerKey(v, pointer, "channel", "max_instances", false, 0, kU32Max)) {
      channel_.max_instances = static_cast<uint32_t>(*n);
    }
    if (auto n =
            IntegerKey(v, pointer, "channel", "max_file_size", false, kMinFileSize, kMaxFileSize)) {
      channel_.max_file_size = *n;
    }
  }

  void LoadTemplateTypes(const JsonValue& v) {
    const std::string pointer = "/template_types";
    if (!ExpectKind(v, Kind::kArray, pointer, "template_types")) {
      unnamed_types_ = true;
      return;
    }
    if (v.items.empty() || v.items.size() > kMaxTemplateTypes) {
      Add(Code::kSchemaBadKey, pointer, v,
          absl::StrCat("template_types must hold 1 to ", kMaxTemplateTypes, " template types, got ",
                       v.items.size()));
      if (v.items.empty()) {
        unnamed_types_ = true;
        return;
      }
    }
    absl::flat_hash_map<uint64_t, size_t> ids;
    absl::flat_hash_map<std::string, size_t> names;
    for (size_t i = 0; i < v.items.size(); ++i) {
      LoadTemplateType(v.items[i], Item(pointer, i), &ids, &names);
    }
  }

  void LoadTemplateType(const JsonValue& v, const std::string& pointer,
                        absl::flat_hash_map<uint64_t, size_t>* ids,
                        absl::flat_hash_map<std::string, size_t>* names) {
    const size_t index = types_.size();
    types_.emplace_back();
    sources_.emplace_back();
    TemplateType& type = types_.back();
    sources_.back().pointer = pointer;
    if (!ExpectKind(v, Kind::kObject, pointer, "a template type")) {
      unnamed_types_ = true;
      return;
    }
    CheckKeys(v, pointer, "a template type", {"id", "name", "fields", "description"});
    if (auto id = IntegerKey(v, pointer, "template type", "id", true, 1, 65535)) {
      type.id = static_cast<uint16_t>(*id);
      if (auto [it, inserted] = ids->emplace(*id, index); !inserted) {
        Add(Code::kSchemaDuplicateType, Child(pointer, "id"), *v.Find("id"),
            absl::StrCat("template type id ", *id, " is already used by /template_types/",
                         it->second));
      }
    }
    const JsonValue* name = Member(v, pointer, "template type", "name", true);
    if (name == nullptr || !name->is_string() || !IsName(name->text)) unnamed_types_ = true;
    if (name != nullptr) {
      if (!name->is_string()) {
        Add(Code::kSchemaBadKey, Child(pointer, "name"), *name,
            absl::StrCat("template type name must be a string, got ", Describe(*name)));
      } else {
        type.name = name->text;
        type_by_name_.emplace(name->text, index);
        if (!IsName(name->text)) {
          Add(Code::kSchemaBadName, Child(pointer, "name"), *name,
              absl::StrCat("template type name ", Describe(*name),
                           " is not a name ([a-z][a-z0-9_]{0,63})"));
        } else if (auto [it, inserted] = names->emplace(name->text, index); !inserted) {
          unnamed_types_ = true;
          Add(Code::kSchemaDuplicateType, Child(pointer, "name"), *name,
              absl::StrCat("template type name '", name->text,
                           "' is already used by /template_types/", it->second));
        }
      }
    }
    OptionalString(v, pointer, "description", &type.description);
    const JsonValue* fields = Member(v, pointer, "template type", "fields", true);
    if (fields == nullptr) return;
    const std::string fields_pointer = Child(pointer, "fields");
    if (!ExpectKind(*fields, Kind::kArray, fields_pointer, "fields")) return;
    if (fields->items.empty() || fields->items.size() > kMaxFields) {
      Add(Code::kSchemaFieldCount, fields_pointer, *fields,
          absl::StrCat("template type '", type.name, "' must have 1 to ", kMaxFields,
                       " fields, got ", fields->items.size()));
      if (fields->items.empty()) return;
    }
    absl::flat_hash_set<std::string> field_names;
    for (size_t i = 0; i < fields->items.size(); ++i) {
      sources_.back().fields.push_back(&fields->items[i]);
      types_[index].fields.push_back(
          LoadField(fields->items[i], Item(fields_pointer, i), &field_names));
    }
  }

  Field LoadField(const JsonValue& v, const std::string& pointer,
                  absl::flat_hash_set<std::string>* field_names) {
    Field field;
    if (!ExpectKind(v, Kind::kObject, pointer, "a field")) return field;

    if (const JsonValue* name = Member(v, pointer, "field", "name", true)) {
      if (!name->is_string()) {
        Add(Code::kSchemaBadKey, Child(pointer, "name"), *name,
            absl::StrCat("field name must be a string, got ", Describe(*name)));
      } else {
        field.name = name->text;
        if (!IsName(name->text)) {
          Add(Code::kSchemaBadName, Child(pointer, "name"), *name,
              absl::StrCat("field name ", Describe(*name),
                           " is not a name ([a-z][a-z0-9_]{0,63})"));
        } else if (!field_names->insert(name->text).second) {
          Add(Code::kSchemaBadName, Child(pointer, "name"), *name,
              absl::StrCat("field name '", name->text, "' is used twice in this template type"));
        }
      }
    }
    const std::string label = absl::StrCat("field '", field.name, "'");

    std::optional<FieldType> type;
    if (const JsonValue* t = Member(v, pointer, label, "type", true)) {
      if (!t->is_string()) {
        Add(Code::kSchemaBadKey, Child(pointer, "type"), *t,
            absl::StrCat(label, ": type must be a string, got ", Describe(*t)));
      } else if (!(type = ParseFieldType(t->text))) {
        Add(Code::kSchemaUnknownFieldType, Child(pointer, "type"), *t,
            absl::StrCat(label, ": unknown type ", Describe(*t),
                         " (bool, u8, u16, u32, u64, enum or string)"));
      }
    }

    for (const auto& [key, value] : v.members) {
      std::optional<FieldKeyScope> scope = FieldKeyScopeOf(key);
      if (!scope) {
        Add(Code::kSchemaBadKey, Child(pointer, key), value,
            absl::StrCat(label, ": unknown key ", Quote(key)));
      } else if (type && !KeyApplies(*scope, *type)) {
        Add(Code::kSchemaBadKey, Child(pointer, key), value,
            absl::StrCat(label, ": key \"", key, "\" does not apply to a ", V(FieldTypeName(*type)),
                         " field"));
      }
    }
    OptionalString(v, pointer, "description", &field.description);
    // Checks below need the field's type; without one they would only
    // repeat the type error.
    if (!type) return field;
    field.type = *type;
    LoadOps(v, pointer, label, &field);
    switch (field.type) {
      case FieldType::kBool:
        field.min = 0;
        field.max = 1;
        break;
      case FieldType::kU8:
      case FieldType::kU16:
      case FieldType::kU32:
      case FieldType::kU64:
        LoadIntegerBounds(v, pointer, label, &field);
        break;
      case FieldType::kEnum:
        LoadEnumValues(v, pointer, label, &field);
        break;
      case FieldType::kString:
        LoadStringLimits(v, pointer, label, &field);
        break;
    }
    return field;
  }

  void LoadOps(const JsonValue& v, const std::string& pointer, const std::string& label,
               Field* field) {
    field->ops = OpSet::AllValidFor(field->type);
    const JsonValue* ops = v.Find("ops");
    if (ops == nullptr) return;
    const std::string ops_pointer = Child(pointer, "ops");
    if (!ExpectKind(*ops, Kind::kArray, ops_pointer, absl::StrCat(label, ": ops"))) return;
    if (ops->items.empty()) {
      Add(Code::kSchemaBadOperator, ops_pointer, *ops,
          absl::StrCat(label, ": ops must list at least one operator"));
      return;
    }
    OpSet set;
    for (size_t i = 0; i < ops->items.size(); ++i) {
      const JsonValue& item = ops->items[i];
      const std::string item_pointer = Item(ops_pointer, i);
      if (!item.is_string()) {
        Add(Code::kSchemaBadKey, item_pointer, item,
            absl::StrCat(label, ": an operator name must be a string, got ", Describe(item)));
        continue;
      }
      std::optional<Op> op = ParseOpName(item.text);
      if (!op) {
        Add(Code::kSchemaBadOperator, item_pointer, item,
            absl::StrCat(label, ": unknown operator ", Describe(item)));
      } else if (!IsOpValidForType(*op, field->type)) {
        Add(Code::kSchemaBadOperator, item_pointer, item,
            absl::StrCat(label, ": operator '", item.text, "' is not valid for a ",
                         V(FieldTypeName(field->type)), " field"));
      } else if (set.contains(*op)) {
        Add(Code::kSchemaBadOperator, item_pointer, item,
            absl::StrCat(label, ": operator '", item.text, "' is listed twice"));
      } else {
        set.insert(*op);
      }
    }
    if (!set.empty()) field->ops = set;
  }

  // min and max of an integer field: within the type's width, min <= max.
  void LoadIntegerBounds(const JsonValue& v, const std::string& pointer, const std::string& label,
                         Field* field) {
    const uint64_t width_max = TypeMax(field->type);
    field->min = 0;
    field->max = width_max;
    const JsonValue* min = v.Find("min");
    const JsonValue* max = v.Find("max");
    bool ok = true;
    for (const auto& [key, value, out] :
         {std::tuple{"min", min, &field->min}, std::tuple{"max", max, &field->max}}) {
      if (value == nullptr) continue;
      auto n = Integer(*value, Child(pointer, key), absl::StrCat(label, ": ", key), 0, width_max,
                       Code::kSchemaBadBounds);
      if (n) {
        *out = *n;
      } else {
        ok = false;
      }
    }
    if (ok && field->min > field->max) {
      const bool at_min = min != nullptr;
      Add(Code::kSchemaBadBounds, Child(pointer, at_min ? "min" : "max"), at_min ? *min : *max,
          absl::StrCat(label, ": min ", field->min, " is greater than max ", field->max));
    }
  }

  void LoadEnumValues(const JsonValue& v, const std::string& pointer, const std::string& label,
                      Field* field) {
    field->min = 0;
    field->max = TypeMax(FieldType::kEnum);
    const JsonValue* values = Member(v, pointer, label, "values", true);
    if (values == nullptr) return;
    const std::string values_pointer = Child(pointer, "values");
    if (!ExpectKind(*values, Kind::kObject, values_pointer, absl::StrCat(label, ": values"))) {
      return;
    }
    if (values->members.empty()) {
      Add(Code::kSchemaBadBounds, values_pointer, *values,
          absl::StrCat(label, ": values must name at least one value"));
      return;
    }
    absl::flat_hash_map<uint64_t, std::string_view> seen;
    for (const auto& [name, value] : values->members) {
      const std::string value_pointer = Child(values_pointer, name);
      if (!IsName(name)) {
        Add(Code::kSchemaBadBounds, value_pointer, value,
            absl::StrCat(label, ": enum value name ", Quote(name),
                         " is not a name ([a-z][a-z0-9_]{0,63})"));
      }
      auto n = Integer(value, value_pointer, absl::StrCat(label, ": enum value '", name, "'"), 0,
                       kU32Max, Code::kSchemaBadBounds);
      if (!n) continue;
      if (auto [it, inserted] = seen.emplace(*n, name); !inserted) {
        Add(Code::kSchemaBadBounds, value_pointer, value,
            absl::StrCat(label, ": enum values '", V(it->second), "' and '", name, "' are both ",
                         *n));
        continue;
      }
      field->values.push_back(EnumValue{name, static_cast<uint32_t>(*n)});
    }
  }

  void LoadStringLimits(const JsonValue& v, const std::string& pointer, const std::string& label,
                        Field* field) {
    const JsonValue* min = v.Find("min_length");
    const JsonValue* max = v.Find("max_length");
    bool ok = true;
    for (const auto& [key, value, out] : {std::tuple{"min_length", min, &field->min_length},
                                          std::tuple{"max_length", max, &field->max_length}}) {
      if (value == nullptr) continue;
      auto n = Integer(*value, Child(pointer, key), absl::StrCat(label, ": ", key), 1,
                       kMaxStringLength, Code::kSchemaBadBounds);
      if (n) {
        *out = static_cast<uint32_t>(*n);
      } else {
        ok = false;
      }
    }
    if (ok && field->min_length > field->max_length) {
      const bool at_min = min != nullptr;
      Add(Code::kSchemaBadBounds, Child(pointer, at_min ? "min_length" : "max_length"),
          at_min ? *min : *max,
          absl::StrCat(label, ": min_length ", field->min_length, " is greater than max_length ",
                       field->max_length, max == nullptr ? " (the default)" : ""));
    }
    if (auto n = IntegerKey(v, pointer, label, "max_wildcards", false, 0, kMaxWildcards)) {
      field->max_wildcards = static_cast<uint32_t>(*n);
    }
    if (auto n = IntegerKey(v, pointer, label, "max_regex_program", false, 1, kMaxRegexProgram)) {
      field->max_regex_program = static_cast<uint32_t>(*n);
    }
  }

  void LoadSensors(const JsonValue& v) {
    const std::string pointer = "/sensors";
    if (!ExpectKind(v, Kind::kArray, pointer, "sensors")) return;
    absl::flat_hash_map<std::string, size_t> versions;
    for (size_t i = 0; i < v.items.size(); ++i) {
      LoadSensor(v.items[i], Item(pointer, i), &versions);
    }
  }

  void LoadSensor(const JsonValue& v, const std::string& pointer,
                  absl::flat_hash_map<std::string, size_t>* versions) {
    const size_t index = sensors_.size();
    sensors_.emplace_back();
    sensor_inputs_.emplace_back();
    Sensor& sensor = sensors_.back();
    sensor.inputs.assign(types_.size(), Sensor::kNoInputs);
    if (!ExpectKind(v, Kind::kObject, pointer, "a sensor")) return;
    CheckKeys(v, pointer, "a sensor", {"version", "inputs"});
    if (const JsonValue* version = Member(v, pointer, "sensor", "version", true)) {
      const std::string version_pointer = Child(pointer, "version");
      if (!version->is_string()) {
        Add(Code::kSchemaBadKey, version_pointer, *version,
            absl::StrCat("sensor version must be a string, got ", Describe(*version)));
      } else if (!IsSensorVersion(version->text)) {
        Add(Code::kSchemaBadSensor, version_pointer, *version,
            absl::StrCat("sensor version ", Describe(*version),
                         " is not 1 to 4 dot-separated numbers of 1 to 9 digits without "
                         "leading zeros"));
      } else if (auto [it, inserted] = versions->emplace(version->text, index); !inserted) {
        Add(Code::kSchemaBadSensor, version_pointer, *version,
            absl::StrCat("sensor version \"", version->text, "\" is already listed by /sensors/",
                         it->second));
      } else {
        sensor.version = version->text;
      }
    }
    const JsonValue* inputs = Member(v, pointer, "sensor", "inputs", true);
    if (inputs == nullptr) return;
    const std::string inputs_pointer = Child(pointer, "inputs");
    if (!ExpectKind(*inputs, Kind::kObject, inputs_pointer, "sensor inputs")) return;
    for (const auto& [name, count] : inputs->members) {
      const std::string count_pointer = Child(inputs_pointer, name);
      const auto found = type_by_name_.find(name);
      const int type_index = found == type_by_name_.end() ? -1 : static_cast<int>(found->second);
      // With a template type that has no usable name, the name could be meant
      // for it: its error is already reported.
      if (type_index < 0 && !unnamed_types_) {
        Add(Code::kSchemaBadSensor, count_pointer, count,
            absl::StrCat("sensor inputs name ", Quote(name), ", which is not a template type"));
      }
      auto n =
          Integer(count, count_pointer, absl::StrCat("inputs for ", Quote(name)), 0, kMaxInputs);
      if (n && type_index >= 0) {
        sensor.inputs[type_index] = static_cast<uint32_t>(*n);
        sensor_inputs_[index].push_back(
            SensorInput{static_cast<size_t>(type_index), &count, count_pointer});
      }
    }
  }

  // CG640 for every (sensor, template type) pair with fewer inputs than
  // fields, then CG641 for each unsupplied field that does not allow `any`.
  void AddCompatibilityWarnings() {
    for (size_t s = 0; s < sensors_.size(); ++s) {
      const Sensor& sensor = sensors_[s];
      for (const SensorInput& input : sensor_inputs_[s]) {
        const TemplateType& type = types_[input.type_index];
        const uint32_t supplied = sensor.inputs[input.type_index];
        if (supplied >= type.fields.size()) continue;
        Diagnostic* d = report_->Add(Code::kSchemaSensorShort);
        if (d != nullptr) {
          const size_t last = type.fields.size() - 1;
          d->set_message(absl::StrCat(
              "sensor ", sensor.version, " supplies ", supplied, " inputs to template type '",
              type.name, "', which declares ", type.fields.size(), " fields: instances must leave ",
              supplied == last ? absl::StrCat("field ", last, " ('", type.fields[last].name, "')")
                               : absl::StrCat("fields ", supplied, " to ", last),
              " as any"));
          d->set_pointer(input.pointer);
          d->set_line_column(input.count->line, input.count->column);
          d->set_sensor(sensor.version);
        }
        const TypeSource& source = sources_[input.type_index];
        for (size_t f = supplied; f < type.fields.size(); ++f) {
          const Field& field = type.fields[f];
          if (field.ops.contains(Op::kAny)) continue;
          Diagnostic* w = report_->Add(Code::kSchemaUnsuppliedFieldNoAny);
          if (w == nullptr) continue;
          w->set_message(absl::StrCat(
              "field ", f, " ('", field.name, "') of template type '", type.name,
              "' is not supplied by sensor ", sensor.version,
              " and does not allow any: no instance of the type can be valid on that sensor"));
          w->set_pointer(Item(Child(source.pointer, "fields"), f));
          w->set_line_column(source.fields[f]->line, source.fields[f]->column);
          w->set_sensor(sensor.version);
          w->set_field(field.name);
          w->set_criterion(static_cast<uint32_t>(f));
        }
      }
    }
  }

  Report* report_;
  ChannelInfo channel_;
  std::vector<TemplateType> types_;
  std::vector<TypeSource> sources_;
  absl::flat_hash_map<std::string, size_t> type_by_name_;  // first type of each name
  bool unnamed_types_ = false;  // a template type without a valid, unique name
  std::vector<Sensor> sensors_;
  std::vector<std::vector<SensorInput>> sensor_inputs_;
};

}  // namespace

SchemaLoadResult LoadSchema(std::string_view json_text, size_t max_diagnostics) {
  SchemaLoadResult result{std::nullopt, Report(max_diagnostics)};
  SchemaLoader loader(&result.report);
  result.schema = loader.Load(json_text);
  return result;
}

absl::StatusOr<Schema> Schema::FromJson(std::string_view json_text) {
  SchemaLoadResult result = LoadSchema(json_text, 1);
  if (result.schema.has_value()) return std::move(*result.schema);
  for (const Diagnostic& d : result.report.diagnostics()) {
    if (d.severity() != Severity::kError) continue;
    return absl::InvalidArgumentError(
        absl::StrCat(V(CodeName(d.code())), d.pointer().empty() ? "" : " ", d.pointer(), ": ",
                     V(d.message()), " (line ", d.line(), ", column ", d.column(), ")"));
  }
  return absl::InvalidArgumentError("schema has errors");
}

absl::StatusOr<Schema> Schema::FromFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int err = errno;
    return absl::ErrnoToStatus(err, absl::StrCat("cannot open schema ", path));
  }
  std::string text;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) text.append(buffer, n);
  const bool failed = std::ferror(file) != 0;
  const int err = errno;
  std::fclose(file);
  if (failed) return absl::ErrnoToStatus(err, absl::StrCat("cannot read schema ", path));
  return FromJson(text);
}

}  // namespace contentgate
