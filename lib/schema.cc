// File: lib/schema.cc
// The compiled schema model: field types, operators, and the look-ups that
// validation uses. JSON loading lives in schema_loader.cc.

#include "contentgate/schema.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace contentgate {
namespace {

constexpr std::string_view kFieldTypeNames[] = {"bool", "u8",   "u16",   "u32",
                                                "u64",  "enum", "string"};
constexpr std::string_view kOpNames[kOpCount] = {
    "any", "eq", "ne", "range", "mask", "str_eq", "prefix", "suffix", "contains", "glob", "regex"};

constexpr uint16_t Bit(Op op) { return uint16_t(1u << static_cast<int>(op)); }

constexpr uint16_t kIntegerOps =
    Bit(Op::kAny) | Bit(Op::kEq) | Bit(Op::kNe) | Bit(Op::kRange) | Bit(Op::kMask);
constexpr uint16_t kScalarOps = Bit(Op::kAny) | Bit(Op::kEq) | Bit(Op::kNe);
constexpr uint16_t kStringOps = Bit(Op::kAny) | Bit(Op::kStrEq) | Bit(Op::kPrefix) |
                                Bit(Op::kSuffix) | Bit(Op::kContains) | Bit(Op::kGlob) |
                                Bit(Op::kRegex);

uint16_t ValidOpBits(FieldType type) {
  switch (type) {
    case FieldType::kU8:
    case FieldType::kU16:
    case FieldType::kU32:
    case FieldType::kU64:
      return kIntegerOps;
    case FieldType::kBool:
    case FieldType::kEnum:
      return kScalarOps;
    case FieldType::kString:
      return kStringOps;
  }
  return 0;
}

// The fast-path rule of a field whose ops are valid for its type and whose
// max lies within the type's width (the Schema constructor ensures both).
// Any rule it leaves out only sends criteria to the exact checks.
internal::FieldRule CompileFieldRule(const Field& field) {
  internal::FieldRule rule;
  if (field.type == FieldType::kString) {
    rule.is_string = true;
    rule.any_allowed = field.ops.contains(Op::kAny);
    rule.min_length = field.min_length;
    rule.max_wildcards = field.max_wildcards;
    if (field.min_length <= field.max_length) {
      rule.string_ops = field.ops.bits() & uint16_t(~(Bit(Op::kAny) | Bit(Op::kRegex)));
      rule.length_span = field.max_length - field.min_length;
    }
    return rule;
  }
  // Value bounds and the declared values of eq and ne.
  uint64_t value_min = 0;
  uint64_t value_span = 0;
  uint64_t value_set = ~uint64_t{0};
  bool values_ok = true;
  switch (field.type) {
    case FieldType::kBool:
      value_span = 1;
      break;
    case FieldType::kEnum:
      value_span = 63;
      value_set = 0;
      for (const EnumValue& v : field.values) {
        if (v.value < 64) {
          value_set |= uint64_t{1} << v.value;
        } else {
          values_ok = false;  // eq and ne go to the exact checks
        }
      }
      break;
    default:
      value_min = field.min;
      values_ok = field.min <= field.max;
      value_span = field.max - field.min;
      break;
  }
  const auto allow = [&](Op op) -> internal::OperandRule& {
    internal::OperandRule& r = rule.scalar[static_cast<int>(op)];
    r.value_set = field.ops.contains(op) ? ~uint64_t{0} : 0;
    return r;
  };
  allow(Op::kAny);  // both operands 0
  for (const Op op : {Op::kEq, Op::kNe}) {
    internal::OperandRule& r = allow(op);
    r.min0 = value_min;
    r.span0 = value_span;
    if (!values_ok) r.value_set = 0;
    r.value_set &= value_set;
  }
  internal::OperandRule& range = allow(Op::kRange);
  range.min0 = range.min1 = value_min;
  range.span0 = range.span1 = range.order_span = value_span;
  // arg1 - arg0 <= span means arg0 <= arg1 only when a wrapped difference
  // exceeds the span: below 2^63.
  if (!values_ok || value_span >= (uint64_t{1} << 63)) range.value_set = 0;
  internal::OperandRule& mask = allow(Op::kMask);
  mask.min0 = 1;
  mask.span0 = TypeMax(field.type) - 1;
  mask.span1 = ~uint64_t{0};
  mask.subset = ~uint64_t{0};
  return rule;
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  const auto i = static_cast<size_t>(type);
  return i < std::size(kFieldTypeNames) ? kFieldTypeNames[i] : std::string_view("?");
}

std::optional<FieldType> ParseFieldType(std::string_view name) {
  for (size_t i = 0; i < std::size(kFieldTypeNames); ++i) {
    if (kFieldTypeNames[i] == name) return static_cast<FieldType>(i);
  }
  return std::nullopt;
}

uint64_t TypeMax(FieldType type) {
  switch (type) {
    case FieldType::kBool:
      return 1;
    case FieldType::kU8:
      return 0xFF;
    case FieldType::kU16:
      return 0xFFFF;
    case FieldType::kU32:
    case FieldType::kEnum:
      return 0xFFFFFFFFu;
    case FieldType::kU64:
      return ~uint64_t{0};
    case FieldType::kString:
      return 0;
  }
  return 0;
}

std::string_view OpName(Op op) {
  const auto i = static_cast<size_t>(op);
  return i < static_cast<size_t>(kOpCount) ? kOpNames[i] : std::string_view("?");
}

std::optional<Op> ParseOpName(std::string_view name) {
  for (int i = 0; i < kOpCount; ++i) {
    if (kOpNames[i] == name) return static_cast<Op>(i);
  }
  return std::nullopt;
}

bool IsOpValidForType(Op op, FieldType type) {
  const auto i = static_cast<unsigned>(op);
  return i < static_cast<unsigned>(kOpCount) && ((ValidOpBits(type) >> i) & 1u) != 0;
}

OpSet OpSet::AllValidFor(FieldType type) {
  OpSet set;
  set.bits_ = ValidOpBits(type);
  return set;
}

const EnumValue* Field::FindEnumValue(std::string_view value_name) const {
  for (const EnumValue& v : values) {
    if (v.name == value_name) return &v;
  }
  return nullptr;
}

const EnumValue* Field::FindEnumValue(uint64_t value) const {
  for (const EnumValue& v : values) {
    if (v.value == value) return &v;
  }
  return nullptr;
}

Schema::Schema(ChannelInfo channel, std::vector<TemplateType> template_types,
               std::vector<Sensor> sensors)
    : channel_(std::move(channel)),
      template_types_(std::move(template_types)),
      sensors_(std::move(sensors)) {
  // The validator's fast path relies on two invariants LoadSchema already
  // checks (CG605, CG606); enforce them for schemas built in code too: a
  // field's operators are valid for its type, and integer bounds lie within
  // the type's width.
  for (TemplateType& type : template_types_) {
    for (Field& field : type.fields) {
      const OpSet valid = OpSet::AllValidFor(field.type);
      OpSet ops;
      for (int op = 0; op < kOpCount; ++op) {
        if (field.ops.contains(static_cast<Op>(op)) && valid.contains(static_cast<Op>(op))) {
          ops.insert(static_cast<Op>(op));
        }
      }
      field.ops = ops;
      field.max = std::min(field.max, TypeMax(field.type));
    }
  }
  rule_offsets_.reserve(template_types_.size());
  for (const TemplateType& type : template_types_) {
    rule_offsets_.push_back(field_rules_.size());
    for (const Field& field : type.fields) field_rules_.push_back(CompileFieldRule(field));
  }
  type_by_id_.reserve(template_types_.size());
  for (size_t i = 0; i < template_types_.size(); ++i) {
    type_by_id_.emplace(template_types_[i].id, static_cast<int>(i));
  }
}

int Schema::FindTemplateTypeById(uint16_t id) const {
  const auto it = type_by_id_.find(id);
  return it == type_by_id_.end() ? -1 : it->second;
}

int Schema::FindTemplateTypeByName(std::string_view name) const {
  for (size_t i = 0; i < template_types_.size(); ++i) {
    if (template_types_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Schema::FindSensor(std::string_view version) const {
  for (size_t i = 0; i < sensors_.size(); ++i) {
    if (sensors_[i].version == version) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<std::vector<uint32_t>> Schema::ResolveTargetSensors(
    absl::Span<const std::string> versions) const {
  std::vector<uint32_t> indices;
  indices.reserve(versions.size());
  for (const std::string& version : versions) {
    const int index = FindSensor(version);
    if (index < 0) {
      std::string known;
      for (const Sensor& s : sensors_)
        absl::StrAppend(&known, known.empty() ? "" : ", ", s.version);
      return absl::NotFoundError(
          absl::StrCat("CG403: target sensor '", version,
                       "' is not in the schema (it lists: ", known.empty() ? "none" : known, ")"));
    }
    indices.push_back(static_cast<uint32_t>(index));
  }
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  return indices;
}

}  // namespace contentgate
