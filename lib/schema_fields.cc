// File: lib/schema_fields.cc
// The schema loader's fields: names, types, allowed operators, integer
// bounds, enum values and string limits (CG601, CG603-CG606).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "schema_loader.h"

namespace contentgate::internal {
namespace {

using Kind = JsonRef::Kind;

constexpr uint64_t kMaxStringLength = 65535;
constexpr uint64_t kMaxWildcards = 64;
constexpr uint64_t kMaxRegexProgram = 100000;

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

}  // namespace

Field SchemaLoader::LoadField(JsonRef v, const std::string& pointer,
                              absl::flat_hash_set<std::string>* field_names) {
  Field field;
  if (!reader_.ExpectKind(v, Kind::kObject, pointer, "a field")) return field;

  if (const JsonRef name = reader_.Member(v, pointer, "field", "name", true)) {
    if (!name.is_string()) {
      reader_.Add(Code::kSchemaBadKey, ChildPointer(pointer, "name"), name,
                  absl::StrCat("field name must be a string, got ", Describe(name)));
    } else {
      field.name = name.text();
      if (!IsName(name.text())) {
        reader_.Add(
            Code::kSchemaBadName, ChildPointer(pointer, "name"), name,
            absl::StrCat("field name ", Describe(name), " is not a name ([a-z][a-z0-9_]{0,63})"));
      } else if (!field_names->insert(std::string(name.text())).second) {
        reader_.Add(
            Code::kSchemaBadName, ChildPointer(pointer, "name"), name,
            absl::StrCat("field name '", V(name.text()), "' is used twice in this template type"));
      }
    }
  }
  const std::string label = absl::StrCat("field '", field.name, "'");

  std::optional<FieldType> type;
  if (const JsonRef t = reader_.Member(v, pointer, label, "type", true)) {
    if (!t.is_string()) {
      reader_.Add(Code::kSchemaBadKey, ChildPointer(pointer, "type"), t,
                  absl::StrCat(label, ": type must be a string, got ", Describe(t)));
    } else if (!(type = ParseFieldType(t.text()))) {
      reader_.Add(Code::kSchemaUnknownFieldType, ChildPointer(pointer, "type"), t,
                  absl::StrCat(label, ": unknown type ", Describe(t),
                               " (bool, u8, u16, u32, u64, enum or string)"));
    }
  }

  for (const JsonMember member : v.members()) {
    const std::string_view key = member.key();
    const JsonRef value = member.value();
    std::optional<FieldKeyScope> scope = FieldKeyScopeOf(key);
    if (!scope) {
      reader_.Add(Code::kSchemaBadKey, ChildPointer(pointer, key), value,
                  absl::StrCat(label, ": unknown key ", Quote(key)));
    } else if (type && !KeyApplies(*scope, *type)) {
      reader_.Add(Code::kSchemaBadKey, ChildPointer(pointer, key), value,
                  absl::StrCat(label, ": key \"", V(key), "\" does not apply to a ",
                               V(FieldTypeName(*type)), " field"));
    }
  }
  reader_.OptionalString(v, pointer, "description", &field.description);
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

void SchemaLoader::LoadOps(JsonRef v, const std::string& pointer, const std::string& label,
                           Field* field) {
  field->ops = OpSet::AllValidFor(field->type);
  const JsonRef ops = v.Find("ops");
  if (!ops) return;
  const std::string ops_pointer = ChildPointer(pointer, "ops");
  if (!reader_.ExpectKind(ops, Kind::kArray, ops_pointer, absl::StrCat(label, ": ops"))) return;
  if (ops.items().empty()) {
    reader_.Add(Code::kSchemaBadOperator, ops_pointer, ops,
                absl::StrCat(label, ": ops must list at least one operator"));
    return;
  }
  OpSet set;
  for (size_t i = 0; i < ops.items().size(); ++i) {
    const JsonRef item = ops.items()[i];
    const std::string item_pointer = ItemPointer(ops_pointer, i);
    if (!item.is_string()) {
      reader_.Add(Code::kSchemaBadKey, item_pointer, item,
                  absl::StrCat(label, ": an operator name must be a string, got ", Describe(item)));
      continue;
    }
    std::optional<Op> op = ParseOpName(item.text());
    if (!op) {
      reader_.Add(Code::kSchemaBadOperator, item_pointer, item,
                  absl::StrCat(label, ": unknown operator ", Describe(item)));
    } else if (!IsOpValidForType(*op, field->type)) {
      reader_.Add(Code::kSchemaBadOperator, item_pointer, item,
                  absl::StrCat(label, ": operator '", V(item.text()), "' is not valid for a ",
                               V(FieldTypeName(field->type)), " field"));
    } else if (set.contains(*op)) {
      reader_.Add(Code::kSchemaBadOperator, item_pointer, item,
                  absl::StrCat(label, ": operator '", V(item.text()), "' is listed twice"));
    } else {
      set.insert(*op);
    }
  }
  if (!set.empty()) field->ops = set;
}

// min and max of an integer field: within the type's width, min <= max.
void SchemaLoader::LoadIntegerBounds(JsonRef v, const std::string& pointer,
                                     const std::string& label, Field* field) {
  const uint64_t width_max = TypeMax(field->type);
  field->min = 0;
  field->max = width_max;
  const JsonRef min = v.Find("min");
  const JsonRef max = v.Find("max");
  bool ok = true;
  for (const auto& [key, value, out] :
       {std::tuple{"min", min, &field->min}, std::tuple{"max", max, &field->max}}) {
    if (!value) continue;
    auto n = reader_.Integer(value, ChildPointer(pointer, key), absl::StrCat(label, ": ", key), 0,
                             width_max, Code::kSchemaBadBounds);
    if (n) {
      *out = *n;
    } else {
      ok = false;
    }
  }
  if (ok && field->min > field->max) {
    const bool at_min = static_cast<bool>(min);
    reader_.Add(Code::kSchemaBadBounds, ChildPointer(pointer, at_min ? "min" : "max"),
                at_min ? min : max,
                absl::StrCat(label, ": min ", field->min, " is greater than max ", field->max));
  }
}

void SchemaLoader::LoadEnumValues(JsonRef v, const std::string& pointer, const std::string& label,
                                  Field* field) {
  field->min = 0;
  field->max = TypeMax(FieldType::kEnum);
  const JsonRef values = reader_.Member(v, pointer, label, "values", true);
  if (!values) return;
  const std::string values_pointer = ChildPointer(pointer, "values");
  if (!reader_.ExpectKind(values, Kind::kObject, values_pointer, absl::StrCat(label, ": values"))) {
    return;
  }
  if (values.members().empty()) {
    reader_.Add(Code::kSchemaBadBounds, values_pointer, values,
                absl::StrCat(label, ": values must name at least one value"));
    return;
  }
  absl::flat_hash_map<uint64_t, std::string_view> seen;
  for (const JsonMember member : values.members()) {
    const std::string_view name = member.key();
    const JsonRef value = member.value();
    const std::string value_pointer = ChildPointer(values_pointer, name);
    if (!IsName(name)) {
      reader_.Add(Code::kSchemaBadBounds, value_pointer, value,
                  absl::StrCat(label, ": enum value name ", Quote(name),
                               " is not a name ([a-z][a-z0-9_]{0,63})"));
    }
    auto n =
        reader_.Integer(value, value_pointer, absl::StrCat(label, ": enum value '", V(name), "'"),
                        0, internal::kU32Max, Code::kSchemaBadBounds);
    if (!n) continue;
    if (auto [it, inserted] = seen.emplace(*n, name); !inserted) {
      reader_.Add(Code::kSchemaBadBounds, value_pointer, value,
                  absl::StrCat(label, ": enum values '", V(it->second), "' and '", V(name),
                               "' are both ", *n));
      continue;
    }
    field->values.push_back(EnumValue{std::string(name), static_cast<uint32_t>(*n)});
  }
}

void SchemaLoader::LoadStringLimits(JsonRef v, const std::string& pointer, const std::string& label,
                                    Field* field) {
  const JsonRef min = v.Find("min_length");
  const JsonRef max = v.Find("max_length");
  bool ok = true;
  for (const auto& [key, value, out] : {std::tuple{"min_length", min, &field->min_length},
                                        std::tuple{"max_length", max, &field->max_length}}) {
    if (!value) continue;
    auto n = reader_.Integer(value, ChildPointer(pointer, key), absl::StrCat(label, ": ", key), 1,
                             kMaxStringLength, Code::kSchemaBadBounds);
    if (n) {
      *out = static_cast<uint32_t>(*n);
    } else {
      ok = false;
    }
  }
  if (ok && field->min_length > field->max_length) {
    const bool at_min = static_cast<bool>(min);
    reader_.Add(
        Code::kSchemaBadBounds, ChildPointer(pointer, at_min ? "min_length" : "max_length"),
        at_min ? min : max,
        absl::StrCat(label, ": min_length ", field->min_length, " is greater than max_length ",
                     field->max_length, !max ? " (the default)" : ""));
  }
  if (auto n = reader_.IntegerKey(v, pointer, label, "max_wildcards", false, 0, kMaxWildcards)) {
    field->max_wildcards = static_cast<uint32_t>(*n);
  }
  if (auto n =
          reader_.IntegerKey(v, pointer, label, "max_regex_program", false, 1, kMaxRegexProgram)) {
    field->max_regex_program = static_cast<uint32_t>(*n);
  }
}

}  // namespace contentgate::internal
