// File: lib/event_values.cc
// JSON event values to interpreter inputs, per field type.

#include "event_values.h"

#include "absl/strings/str_cat.h"

namespace contentgate::internal {

bool EventFieldValue(const Field& field, JsonRef value, InputValue* out, std::string* need) {
  switch (field.type) {
    case FieldType::kString:
      if (!value.is_string()) {
        *need = "a string";
        return false;
      }
      *out = InputValue::String(value.text());
      return true;
    case FieldType::kBool:
      if (value.kind() != JsonRef::Kind::kBool) {
        *need = "true or false";
        return false;
      }
      *out = InputValue::Integer(value.boolean() ? 1 : 0);
      return true;
    case FieldType::kEnum:
      if (value.is_string()) {
        const EnumValue* named = field.FindEnumValue(std::string_view(value.text()));
        if (named == nullptr) {
          *need = "one of its value names";
          return false;
        }
        *out = InputValue::Integer(named->value);
        return true;
      }
      if (value.kind() == JsonRef::Kind::kUnsigned && value.u() <= TypeMax(field.type)) {
        *out = InputValue::Integer(value.u());
        return true;
      }
      *need = "a value name or an integer 0 to 4294967295";
      return false;
    default:
      if (value.kind() != JsonRef::Kind::kUnsigned || value.u() > TypeMax(field.type)) {
        *need = absl::StrCat("an integer 0 to ", TypeMax(field.type));
        return false;
      }
      *out = InputValue::Integer(value.u());
      return true;
  }
}

InputValue DefaultFieldValue(const Field& field) {
  return field.type == FieldType::kString ? InputValue::String("") : InputValue::Integer(0);
}

}  // namespace contentgate::internal
