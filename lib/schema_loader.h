// File: lib/schema_loader.h
// The schema loader's state, shared by the files that hold its parts:
// schema_loader.cc (the document, channel and template types),
// schema_fields.cc (fields and their bounds) and schema_sensors.cc (sensors
// and the compatibility warnings). Every typed member is read with the
// shared JSON reader (json_reader.h), whose bad-key code here is CG601.
//
// The loader reports as many independent errors as it can in one pass, in
// document order, but never a consequence of an error it already reported:
// a field whose type is unknown gets no type-dependent checks, a sensor
// input naming no template type is not reported while some template type
// lacks a valid, unique name (it may be meant for that one), and the
// warnings are computed only for a schema with no error.

#ifndef CONTENTGATE_LIB_SCHEMA_LOADER_H_
#define CONTENTGATE_LIB_SCHEMA_LOADER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "json_reader.h"

namespace contentgate::internal {

// [a-z][a-z0-9_]{0,63}
bool IsName(std::string_view s);

// Loads one schema document into a Schema, reporting to a Report it does
// not own (which must outlive it). Use once.
class SchemaLoader {
 public:
  explicit SchemaLoader(Report* report) : report_(report), reader_(report, Code::kSchemaBadKey) {}

  // The schema when `text` has no error (warnings allowed), else nullopt.
  std::optional<Schema> Load(std::string_view text);

 private:
  // What the loader remembers of one template type's JSON for the
  // warnings. Its JsonRefs, and SensorInput's, point into Check's document:
  // Check clears both before it returns.
  struct TypeSource {
    std::string pointer;
    std::vector<JsonRef> fields;  // the field objects, in order
  };
  struct SensorInput {
    size_t type_index;
    JsonRef count;
    std::string pointer;
  };

  // Parses and checks `text` into the loader's members; the document (a
  // JsonDoc local to it) and every JsonRef into it are gone when it returns.
  bool Check(std::string_view text);
  void LoadRoot(JsonRef root);
  void LoadChannel(JsonRef v);
  void LoadTemplateTypes(JsonRef v);
  void LoadTemplateType(JsonRef v, const std::string& pointer,
                        absl::flat_hash_map<uint64_t, size_t>* ids,
                        absl::flat_hash_map<std::string, size_t>* names);
  // schema_fields.cc
  Field LoadField(JsonRef v, const std::string& pointer,
                  absl::flat_hash_set<std::string>* field_names);
  void LoadOps(JsonRef v, const std::string& pointer, const std::string& label, Field* field);
  void LoadIntegerBounds(JsonRef v, const std::string& pointer, const std::string& label,
                         Field* field);
  void LoadEnumValues(JsonRef v, const std::string& pointer, const std::string& label,
                      Field* field);
  void LoadStringLimits(JsonRef v, const std::string& pointer, const std::string& label,
                        Field* field);
  // schema_sensors.cc
  void LoadSensors(JsonRef v);
  void LoadSensor(JsonRef v, const std::string& pointer,
                  absl::flat_hash_map<std::string, size_t>* versions);
  void AddCompatibilityWarnings();

  Report* report_;
  JsonReader reader_;
  ChannelInfo channel_;
  std::vector<TemplateType> types_;
  std::vector<TypeSource> sources_;
  absl::flat_hash_map<std::string, size_t> type_by_name_;  // first type of each name
  bool unnamed_types_ = false;  // a template type without a valid, unique name
  std::vector<Sensor> sensors_;
  std::vector<std::vector<SensorInput>> sensor_inputs_;
};

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_SCHEMA_LOADER_H_
