// File: lib/schema.cc
// The compiled schema model: field types, operators, and the look-ups that
// validation uses. JSON loading lives in schema_loader.cc.

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "contentgate/schema.h"

namespace contentgate {
namespace {

constexpr std::string_view kFieldTypeNames[] = {"bool", "u8", "u16", "u32", "u64", "enum", "string"};
constexpr std::string_view kOpNames[kOpCount] = {"any",    "eq",     "ne",       "range",
                                                 "mask",   "str_eq", "prefix",   "suffix",
                                                 "contains", "glob", "regex"};

constexpr uint16_t Bit(Op op) { return uint16_t(1u << static_cast<int>(op)); }

constexpr uint16_t kIntegerOps = Bit(Op::kAny) | Bit(Op::kEq) | Bit(Op::kNe) | Bit(Op::kRange) | Bit(Op::kMask);
constexpr uint16_t kScalarOps = Bit(Op::kAny) | Bit(Op::kEq) | Bit(Op::kNe);
constexpr uint16_t kStringOps = Bit(Op::kAny) | Bit(Op::kStrEq) | Bit(Op::kPrefix) | Bit(Op::kSuffix) |
                                Bit(Op::kContains) | Bit(Op::kGlob) | Bit(Op::kRegex);

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

const EnumValue* Field::FindEnumValue(std::string_view name) const {
  for (const EnumValue& v : values) {
    if (v.name == name) return &v;
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
  // The validator's hot loop relies on two invariants LoadSchema already
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
      for (const Sensor& s : sensors_) absl::StrAppend(&known, known.empty() ? "" : ", ", s.version);
      return absl::NotFoundError(absl::StrCat("CG403: target sensor '", version,
                                              "' is not in the schema (it lists: ",
                                              known.empty() ? "none" : known, ")"));
    }
    indices.push_back(static_cast<uint32_t>(index));
  }
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  return indices;
}

}  // namespace contentgate
