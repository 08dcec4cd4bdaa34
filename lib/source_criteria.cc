// File: lib/source_criteria.cc
// The source compiler's reading of one criterion and its operand: the
// source-form checks CG301 (before the operand), CG302 (`nocase`), CG307
// (enum names), CG702, CG704 and CG705.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/source.h"
#include "json_doc.h"
#include "source_compiler.h"
#include "suggest.h"

namespace contentgate::source_internal {

std::optional<ModelCriterion> Compiler::ReadCriterion(JsonRef v, const Field& field, uint32_t f,
                                                      uint32_t instance,
                                                      const LazyPointer& pointer) {
  const auto add = [&](Code code, const LazyPointer& p, JsonRef at, std::string_view message) {
    Diagnostic& d = Add(code, Keyed::kInstance, instance, Keyed::kCriteria, f, p, at, message);
    d.set_criterion(f);
    d.set_field(field.name);
  };
  constexpr absl::string_view kShape =
      "a criterion is \"any\" or an object with exactly one operator key";
  if (v.is_string()) {
    if (v.text() == "any") return ModelCriterion{};
    add(Code::kSourceBadCriterion, pointer, v,
        absl::StrCat(kShape, ", not the string \"", AV(v.text()), "\""));
    return std::nullopt;
  }
  if (!v.is_object()) {
    add(Code::kSourceBadCriterion, pointer, v, absl::StrCat(kShape, ", not ", KindName(v)));
    return std::nullopt;
  }
  size_t op_count = 0;
  Op op = Op::kAny;
  JsonRef operand;
  JsonRef nocase;
  for (const internal::JsonMember member : v.members()) {
    const std::string_view key = member.key();
    const JsonRef value = member.value();
    if (key == "nocase") {
      nocase = value;
      continue;
    }
    const std::optional<Op> parsed = ParseOpName(key);
    if (!parsed.has_value() || *parsed == Op::kAny) {
      add(Code::kSourceBadCriterion, pointer, v,
          key == "any" ? std::string("\"any\" is not an operator key: write the criterion as "
                                     "the string \"any\"")
                       : absl::StrCat("unknown operator '", AV(key), "'"));
      return std::nullopt;
    }
    ++op_count;
    op = *parsed;
    operand = value;
  }
  if (op_count != 1) {
    std::vector<absl::string_view> op_keys;
    for (const internal::JsonMember member : v.members()) {
      if (member.key() != "nocase") op_keys.push_back(AV(member.key()));
    }
    add(Code::kSourceBadCriterion, pointer, v,
        op_keys.empty() ? absl::StrCat(kShape, "; this one has none")
                        : absl::StrCat(kShape, "; this one has ", op_keys.size(), " (",
                                       absl::StrJoin(op_keys, ", "), ")"));
    return std::nullopt;
  }
  const LazyPointer op_pointer = pointer.Key(OpName(op));
  if (!field.ops.contains(op)) {
    std::vector<absl::string_view> allowed;
    for (int o = 0; o < kOpCount; ++o) {
      if (field.ops.contains(static_cast<Op>(o))) allowed.push_back(AV(OpName(static_cast<Op>(o))));
    }
    add(Code::kOperatorNotAllowed, op_pointer, operand,
        absl::StrCat("operator '", AV(OpName(op)), "' is not allowed on field '", field.name, "' (",
                     AV(FieldTypeName(field.type)), "; allowed: ", absl::StrJoin(allowed, ", "),
                     ")"));
    return std::nullopt;
  }
  ModelCriterion c;
  c.op = op;
  bool ok = true;
  if (nocase) {
    if (!IsStringOp(op)) {
      // Reported here, whatever its value; the criterion is still checked.
      add(Code::kNonzeroCriterionReserved, pointer.Key("nocase"), nocase,
          absl::StrCat("'nocase' applies only to string operators, not to '", AV(OpName(op)), "'"));
    } else if (nocase.kind() != JsonNode::Kind::kBool) {
      add(Code::kSourceBadKey, pointer.Key("nocase"), nocase,
          absl::StrCat("'nocase' must be true or false, not ", KindName(nocase)));
      ok = false;
    } else {
      c.nocase = nocase.boolean();
    }
  }
  if (!ReadOperand(operand, op, field, f, instance, op_pointer, &c)) ok = false;
  if (!ok) return std::nullopt;
  return c;
}

std::optional<uint64_t> Compiler::ReadOperandInteger(JsonRef v, Op op, const Field& field,
                                                     uint32_t f, uint32_t instance,
                                                     const LazyPointer& pointer,
                                                     std::string_view suffix) {
  if (v.kind() == JsonNode::Kind::kUnsigned) return v.u();
  const std::string what = absl::StrCat(OperandName(op, field), AV(suffix));
  std::string message = v.is_number()
                            ? absl::StrCat(AV(what), " is ", NumberText(v),
                                           "; it must be an integer from 0 to 18446744073709551615")
                            : absl::StrCat(AV(what), " must be an integer, not ", KindName(v));
  Diagnostic& d = Add(Code::kSourceBadOperand, Keyed::kInstance, instance, Keyed::kCriteria, f,
                      pointer, v, message);
  d.set_criterion(f);
  d.set_field(field.name);
  return std::nullopt;
}

bool Compiler::ReadOperand(JsonRef v, Op op, const Field& field, uint32_t f, uint32_t instance,
                           const LazyPointer& pointer, ModelCriterion* out) {
  // `message` is a string or, for a message that costs more to build than
  // a diagnostic past the cap should, a function returning one.
  const auto add = [&](Code code, auto&& message) {
    Diagnostic& d = Add(code, Keyed::kInstance, instance, Keyed::kCriteria, f, pointer, v,
                        std::forward<decltype(message)>(message));
    d.set_criterion(f);
    d.set_field(field.name);
  };
  const auto what = [&] { return OperandName(op, field); };
  switch (op) {
    case Op::kEq:
    case Op::kNe:
      if (field.type == FieldType::kBool) {
        if (v.kind() != JsonNode::Kind::kBool) {
          add(Code::kSourceBadOperand,
              absl::StrCat(what(), " (bool) must be true or false, not ", KindName(v)));
          return false;
        }
        out->arg0 = v.boolean() ? 1 : 0;
        return true;
      }
      if (field.type == FieldType::kEnum) {
        if (!v.is_string()) {
          add(Code::kSourceBadOperand,
              absl::StrCat(what(), " (enum) must be a value name, not ", KindName(v)));
          return false;
        }
        const EnumValue* value = field.FindEnumValue(v.text());
        if (value == nullptr) {
          add(Code::kValueNotAllowed, [&] {
            internal::NameSuggester suggest(v.text());
            for (const EnumValue& e : field.values) suggest.Consider(e.name);
            std::string message = absl::StrCat("enum field '", field.name, "' has no value '",
                                               AV(v.text()), "'", suggest.Suffix(), " (values: ");
            // Names past the message's capacity would be cut: they are not
            // joined (an enum may have thousands).
            for (size_t i = 0; i < field.values.size(); ++i) {
              if (message.size() > Diagnostic::kMessageCapacity) return message;
              absl::StrAppend(&message, i == 0 ? "" : ", ", field.values[i].name);
            }
            return absl::StrCat(message, ")");
          });
          return false;
        }
        out->arg0 = value->value;
        return true;
      }
      if (auto value = ReadOperandInteger(v, op, field, f, instance, pointer, "")) {
        out->arg0 = *value;
        return true;
      }
      return false;
    case Op::kRange:
    case Op::kMask: {
      if (!v.is_array() || v.items().size() != 2) {
        add(Code::kSourceBadOperand,
            absl::StrCat(what(), " must be ", op == Op::kRange ? "[low, high]" : "[mask, expected]",
                         ", two integers, not ",
                         v.is_array() ? absl::StrCat("an array of ", v.items().size())
                                      : std::string(KindName(v))));
        return false;
      }
      const auto first =
          ReadOperandInteger(v.items()[0], op, field, f, instance, pointer.Index(0), " [0]");
      const auto second =
          ReadOperandInteger(v.items()[1], op, field, f, instance, pointer.Index(1), " [1]");
      if (!first.has_value() || !second.has_value()) return false;
      out->arg0 = *first;
      out->arg1 = *second;
      return true;
    }
    default:
      if (!v.is_string()) {
        add(Code::kSourceBadOperand, absl::StrCat(what(), " must be a string, not ", KindName(v)));
        return false;
      }
      out->text = v.text();
      return true;
  }
}

}  // namespace contentgate::source_internal
