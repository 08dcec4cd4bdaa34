// File: contentgate/schema.h
// The schema of one channel: its template types (fields, types, bounds,
// allowed operators) and the sensors that interpret it (how many input values
// each sensor version supplies per template type).
//
// A `Schema` is immutable once built and holds the compiled model that
// validation reads: flat tables indexed by position, per-field limits, and
// per-sensor input counts, with O(1) look-ups by template type id and name.

#ifndef CONTENTGATE_SCHEMA_H_
#define CONTENTGATE_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "contentgate/core.h"
#include "contentgate/diagnostic.h"

namespace contentgate {

// The type of a template field.
enum class FieldType : uint8_t { kBool, kU8, kU16, kU32, kU64, kEnum, kString };

// "bool", "u8", ..., "string".
std::string_view FieldTypeName(FieldType type);
// The inverse of FieldTypeName; nullopt for an unknown name.
std::optional<FieldType> ParseFieldType(std::string_view name);
// Largest value of the type's width: 1 for bool, 255 for u8, ...,
// 2^64 - 1 for u64, 2^32 - 1 for enum, 0 for string.
uint64_t TypeMax(FieldType type);

// Criterion operators; the enumerator's value is the wire code.
enum class Op : uint8_t {
  kAny = 0,
  kEq = 1,
  kNe = 2,
  kRange = 3,
  kMask = 4,
  kStrEq = 5,
  kPrefix = 6,
  kSuffix = 7,
  kContains = 8,
  kGlob = 9,
  kRegex = 10,
};
inline constexpr int kOpCount = 11;

// "any", "eq", ..., "regex".
std::string_view OpName(Op op);
// The inverse of OpName; nullopt for an unknown name.
std::optional<Op> ParseOpName(std::string_view name);
// True for str_eq, prefix, suffix, contains, glob and regex (not any).
inline bool IsStringOp(Op op) { return op >= Op::kStrEq && op <= Op::kRegex; }
// True when `op` is valid for fields of `type` (the table of schema.md).
bool IsOpValidForType(Op op, FieldType type);

// A set of operators, as a bit mask over the wire codes.
class OpSet {
 public:
  constexpr OpSet() = default;
  static OpSet AllValidFor(FieldType type);
  bool contains(Op op) const { return (bits_ >> static_cast<int>(op)) & 1u; }
  void insert(Op op) { bits_ |= uint16_t(1u << static_cast<int>(op)); }
  bool empty() const { return bits_ == 0; }
  uint16_t bits() const { return bits_; }

 private:
  uint16_t bits_ = 0;
};

// One named value of an enum field.
struct EnumValue {
  std::string name;
  uint32_t value = 0;
};

// One field of a template type, with every default already applied.
struct Field {
  std::string name;
  FieldType type = FieldType::kU32;
  OpSet ops;  // the operators allowed on this field
  // Integer types: inclusive bounds on values (not on mask operands).
  // bool: [0, 1]; enum and string: unused.
  uint64_t min = 0;
  uint64_t max = 0;
  std::vector<EnumValue> values;  // enum: in declaration order
  // String fields.
  uint32_t min_length = 1;
  uint32_t max_length = 1024;
  uint32_t max_wildcards = 16;
  uint32_t max_regex_program = 1000;
  std::string description;

  // Enum: the declared value named `name`, or nullptr.
  const EnumValue* FindEnumValue(std::string_view value_name) const;
  // Enum: the declared value equal to `value`, or nullptr.
  const EnumValue* FindEnumValue(uint64_t value) const;
};

// A template type: the fields an instance of it fills, in order.
struct TemplateType {
  uint16_t id = 0;
  std::string name;
  std::vector<Field> fields;
  std::string description;
};

// One sensor version and what its integration code supplies. The input
// counts are sparse: only the template types the sensor lists are stored, so
// a schema holds memory proportional to its (sensor, type) pairs.
struct Sensor {
  static constexpr uint32_t kNoInputs = ~uint32_t{0};
  // A listed template type (its index in Schema::template_types()) and the
  // number of input values the sensor supplies for it.
  struct Input {
    uint32_t type_index = 0;
    uint32_t count = 0;
  };

  Sensor() = default;
  // `listed` in any order; for a type listed twice the later count wins.
  Sensor(std::string sensor_version, std::vector<Input> listed)
      : version(std::move(sensor_version)) {
    SetInputs(std::move(listed));
  }

  // Replaces the input lists with `listed` (any order; for a type listed
  // twice the later count wins). O(n log n) in listed.size().
  void SetInputs(std::vector<Input> listed);
  // The number of inputs supplied for template type `type_index`, or
  // kNoInputs when the sensor has no input list for it. O(log n), no
  // allocation.
  uint32_t InputsFor(size_t type_index) const;
  // The listed types, by ascending type index, each once.
  const std::vector<Input>& listed_inputs() const { return inputs_; }

  std::string version;

 private:
  std::vector<Input> inputs_;
};

// The channel a schema describes.
struct ChannelInfo {
  uint32_t id = 0;
  std::string name;
  uint32_t max_instances = 65535;
  uint64_t max_file_size = 64 * 1024 * 1024;
  std::string description;
};

// A loaded, checked schema. Immutable; cheap to share by const reference
// across threads. Copyable only explicitly through the constructor's parts.
class Schema {
 public:
  // Builds the compiled model from parts that already satisfy schema.md (as
  // LoadSchema checks): unique type ids and names. A sensor's input lists
  // for type indices past template_types are dropped. Intended for
  // LoadSchema and for tests.
  Schema(ChannelInfo channel, std::vector<TemplateType> template_types,
         std::vector<Sensor> sensors);

  Schema(Schema&& other) noexcept { *this = std::move(other); }
  Schema& operator=(Schema&& other) noexcept;
  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

  // Loads and checks a schema from JSON text; on any error, an
  // InvalidArgument status whose message starts with the first error's code
  // (e.g. "CG601 /channel/id: ..."). Warnings are dropped: use LoadSchema to
  // see them.
  static absl::StatusOr<Schema> FromJson(std::string_view json_text);
  // As FromJson, reading the file at `path` (NotFound or an I/O status when
  // it cannot be read).
  static absl::StatusOr<Schema> FromFile(const std::string& path);

  const ChannelInfo& channel() const { return channel_; }
  absl::Span<const TemplateType> template_types() const { return template_types_; }
  absl::Span<const Sensor> sensors() const { return sensors_; }

  // Index of the template type with wire id `id`, or -1. O(1).
  int FindTemplateTypeById(uint16_t id) const;
  // Index of the template type named `name`, or -1; of equal names (only a
  // schema built in code can have them), the first. O(1): hashed by an index
  // built once with the schema.
  int FindTemplateTypeByName(std::string_view name) const;
  // Index of the sensor whose version string is exactly `version`, or -1.
  int FindSensor(std::string_view version) const;

  // Resolves sensor versions (as given on a command line, in any order, with
  // repeats) to ascending indices into sensors(). A version the schema does
  // not list is a NotFound status whose message starts with "CG403".
  absl::StatusOr<std::vector<uint32_t>> ResolveTargetSensors(
      absl::Span<const std::string> versions) const;

  // The schema as the C core reads it (core.h): the same tables `gen-header
  // --lang c` writes, with each field's compiled fast-path rule. Points into
  // this Schema; valid as long as it is (moves keep it valid).
  const cg_schema& core_schema() const { return core_.schema; }

 private:
  void BuildCoreTables();

  ChannelInfo channel_;
  std::vector<TemplateType> template_types_;
  std::vector<Sensor> sensors_;
  absl::flat_hash_map<uint16_t, int> type_by_id_;
  // Keys view the names in template_types_, whose storage a move keeps.
  absl::flat_hash_map<std::string_view, int> type_by_name_;
  // The core's tables; every pointer in them points into these vectors or
  // into the strings above, whose storage a move does not relocate.
  struct CoreTables {
    std::vector<cg_field> fields;
    std::vector<uint32_t> enum_values;  // per enum field, ascending
    std::vector<cg_template_type> types;
    std::vector<uint16_t> types_by_id;
    std::vector<cg_sensor_input> inputs;  // every sensor's listed pairs, in sensor order
    std::vector<cg_sensor> sensors;
    cg_schema schema{};
  };
  CoreTables core_;
};

// What loading a schema file produced: its diagnostics (CG600-CG641, each
// with a JSON Pointer and line/column where known) and, when there was no
// error, the schema. Warnings (CG640, CG641) come with a schema.
struct SchemaLoadResult {
  std::optional<Schema> schema;
  Report report;
};

// Loads and checks schema JSON text (a leading UTF-8 BOM is ignored) against
// every rule of the schema reference. Never fails in any other way: every
// problem is a diagnostic in the report.
SchemaLoadResult LoadSchema(std::string_view json_text,
                            size_t max_diagnostics = Report::kDefaultMaxDiagnostics);

}  // namespace contentgate

#endif  // CONTENTGATE_SCHEMA_H_
