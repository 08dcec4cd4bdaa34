// File: lib/schema.cc
// The compiled schema model: field types, operators, and the look-ups that
// validation uses. JSON loading lives in schema_loader.cc.

#include "contentgate/schema.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "contentgate/status_code.h"

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
// max lies within the type's width (the Schema constructor ensures both),
// into `out`, whose other members are set. Any rule it leaves out only
// sends criteria to the exact checks.
void CompileFieldRule(const Field& field, cg_field* out) {
  if (field.type == FieldType::kString) {
    out->any_allowed = field.ops.contains(Op::kAny) ? 1 : 0;
    if (field.min_length <= field.max_length) {
      out->string_ops = field.ops.bits() & uint16_t(~(Bit(Op::kAny) | Bit(Op::kRegex)));
      out->length_span = field.max_length - field.min_length;
    }
    return;
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
  const auto allow = [&](Op op) -> cg_operand_rule& {
    cg_operand_rule& r = out->scalar[static_cast<int>(op)];
    r.order_span = ~uint64_t{0};
    r.value_set = field.ops.contains(op) ? ~uint64_t{0} : 0;
    return r;
  };
  allow(Op::kAny);  // both operands 0
  for (const Op op : {Op::kEq, Op::kNe}) {
    cg_operand_rule& r = allow(op);
    r.min0 = value_min;
    r.span0 = value_span;
    if (!values_ok) r.value_set = 0;
    r.value_set &= value_set;
  }
  cg_operand_rule& range = allow(Op::kRange);
  range.min0 = range.min1 = value_min;
  range.span0 = range.span1 = range.order_span = value_span;
  // arg1 - arg0 <= span means arg0 <= arg1 only when a wrapped difference
  // exceeds the span: below 2^63.
  if (!values_ok || value_span >= (uint64_t{1} << 63)) range.value_set = 0;
  cg_operand_rule& mask = allow(Op::kMask);
  mask.min0 = 1;
  mask.span0 = TypeMax(field.type) - 1;
  mask.span1 = ~uint64_t{0};
  mask.subset = ~uint64_t{0};
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

void Sensor::SetInputs(std::vector<Input> listed) {
  // Stable: of a type listed twice, the later entry is kept below.
  std::stable_sort(listed.begin(), listed.end(),
                   [](const Input& a, const Input& b) { return a.type_index < b.type_index; });
  inputs_.clear();
  for (const Input& input : listed) {
    if (!inputs_.empty() && inputs_.back().type_index == input.type_index) {
      inputs_.back() = input;
    } else {
      inputs_.push_back(input);
    }
  }
  inputs_.shrink_to_fit();
}

uint32_t Sensor::InputsFor(size_t type_index) const {
  const auto it =
      std::lower_bound(inputs_.begin(), inputs_.end(), type_index,
                       [](const Input& input, size_t type) { return input.type_index < type; });
  return it != inputs_.end() && it->type_index == type_index ? it->count : kNoInputs;
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
  for (Sensor& sensor : sensors_) {
    const auto& listed = sensor.listed_inputs();
    if (!listed.empty() && listed.back().type_index >= template_types_.size()) {
      std::vector<Sensor::Input> kept;
      for (const Sensor::Input& input : listed) {
        if (input.type_index < template_types_.size()) kept.push_back(input);
      }
      sensor.SetInputs(std::move(kept));
    }
  }
  type_by_id_.reserve(template_types_.size());
  for (size_t i = 0; i < template_types_.size(); ++i) {
    type_by_id_.emplace(template_types_[i].id, static_cast<int>(i));
  }
  // emplace keeps the first of equal names.
  type_by_name_.reserve(template_types_.size());
  for (size_t i = 0; i < template_types_.size(); ++i) {
    type_by_name_.emplace(template_types_[i].name, static_cast<int>(i));
  }
  BuildCoreTables();
}

Schema& Schema::operator=(Schema&& other) noexcept {
  channel_ = std::move(other.channel_);
  template_types_ = std::move(other.template_types_);
  sensors_ = std::move(other.sensors_);
  type_by_id_ = std::move(other.type_by_id_);
  type_by_name_ = std::move(other.type_by_name_);
  core_ = std::move(other.core_);
  // The channel name is the one string not on the heap of a moved vector.
  core_.schema.channel_name = channel_.name.c_str();
  return *this;
}

void Schema::BuildCoreTables() {
  CoreTables& t = core_;
  size_t field_count = 0, enum_count = 0;
  for (const TemplateType& type : template_types_) {
    field_count += type.fields.size();
    for (const Field& field : type.fields) enum_count += field.values.size();
  }
  // Reserved up front: the tables point into these vectors.
  t.fields.reserve(field_count);
  t.enum_values.reserve(enum_count);
  t.types.reserve(template_types_.size());
  for (const TemplateType& type : template_types_) {
    const size_t first_field = t.fields.size();
    for (const Field& field : type.fields) {
      cg_field f{};
      f.name = field.name.c_str();
      f.type = static_cast<uint8_t>(field.type);
      f.ops = field.ops.bits();
      f.min_length = field.min_length;
      f.max_length = field.max_length;
      f.max_wildcards = field.max_wildcards;
      f.max_regex_program = field.max_regex_program;
      f.min = field.min;
      f.max = field.max;
      const size_t first_value = t.enum_values.size();
      for (const EnumValue& v : field.values) t.enum_values.push_back(v.value);
      std::sort(t.enum_values.begin() + static_cast<ptrdiff_t>(first_value), t.enum_values.end());
      f.enum_count = static_cast<uint32_t>(field.values.size());
      f.enum_values = field.values.empty() ? nullptr : t.enum_values.data() + first_value;
      CompileFieldRule(field, &f);
      t.fields.push_back(f);
    }
    cg_template_type core_type{};
    core_type.name = type.name.c_str();
    core_type.id = type.id;
    core_type.field_count = static_cast<uint16_t>(type.fields.size());
    core_type.fields = t.fields.data() + first_field;
    t.types.push_back(core_type);
  }
  for (size_t i = 0; i < template_types_.size(); ++i) {
    t.types_by_id.push_back(static_cast<uint16_t>(i));
  }
  std::sort(t.types_by_id.begin(), t.types_by_id.end(),
            [&](uint16_t a, uint16_t b) { return template_types_[a].id < template_types_[b].id; });
  size_t pairs = 0;
  for (const Sensor& sensor : sensors_) pairs += sensor.listed_inputs().size();
  t.inputs.reserve(pairs);
  for (const Sensor& sensor : sensors_) {
    for (const Sensor::Input& input : sensor.listed_inputs()) {
      t.inputs.push_back(cg_sensor_input{input.type_index, input.count});
    }
  }
  size_t first = 0;
  for (const Sensor& sensor : sensors_) {
    const size_t n = sensor.listed_inputs().size();
    t.sensors.push_back(cg_sensor{sensor.version.c_str(), static_cast<uint32_t>(n),
                                  n == 0 ? nullptr : t.inputs.data() + first});
    first += n;
  }
  cg_schema& c = t.schema;
  c.layout_version = CG_SCHEMA_LAYOUT_VERSION;
  c.channel_id = channel_.id;
  c.max_instances = channel_.max_instances;
  c.type_count = static_cast<uint32_t>(template_types_.size());
  c.max_file_size = channel_.max_file_size;
  c.channel_name = channel_.name.c_str();
  c.types = t.types.data();
  c.types_by_id = t.types_by_id.data();
  c.sensor_count = static_cast<uint32_t>(sensors_.size());
  c.sensors = t.sensors.data();
}

int Schema::FindTemplateTypeById(uint16_t id) const {
  const auto it = type_by_id_.find(id);
  return it == type_by_id_.end() ? -1 : it->second;
}

int Schema::FindTemplateTypeByName(std::string_view name) const {
  const auto it = type_by_name_.find(name);
  return it == type_by_name_.end() ? -1 : it->second;
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
      return WithCode(absl::NotFoundError(absl::StrCat("CG403: target sensor '", version,
                                                       "' is not in the schema (it lists: ",
                                                       known.empty() ? "none" : known, ")")),
                      Code::kUnknownTargetSensor);
    }
    indices.push_back(static_cast<uint32_t>(index));
  }
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  return indices;
}

}  // namespace contentgate
