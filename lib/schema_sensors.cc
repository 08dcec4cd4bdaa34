// File: lib/schema_sensors.cc
// The schema loader's sensors (versions and input counts, CG601, CG607) and
// the compatibility warnings of a schema without errors (CG640, CG641).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "schema_loader.h"

namespace contentgate::internal {
namespace {

using Kind = JsonRef::Kind;

constexpr uint64_t kMaxInputs = 65535;

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

}  // namespace

void SchemaLoader::LoadSensors(JsonRef v) {
  const std::string pointer = "/sensors";
  if (!reader_.ExpectKind(v, Kind::kArray, pointer, "sensors")) return;
  absl::flat_hash_map<std::string, size_t> versions;
  for (size_t i = 0; i < v.items().size(); ++i) {
    LoadSensor(v.items()[i], ItemPointer(pointer, i), &versions);
  }
}

void SchemaLoader::LoadSensor(JsonRef v, const std::string& pointer,
                              absl::flat_hash_map<std::string, size_t>* versions) {
  const size_t index = sensors_.size();
  sensors_.emplace_back();
  sensor_inputs_.emplace_back();
  Sensor& sensor = sensors_.back();
  if (!reader_.ExpectKind(v, Kind::kObject, pointer, "a sensor")) return;
  reader_.CheckKeys(v, pointer, "a sensor", {"version", "inputs"});
  if (const JsonRef version = reader_.Member(v, pointer, "sensor", "version", true)) {
    const std::string version_pointer = ChildPointer(pointer, "version");
    if (!version.is_string()) {
      reader_.Add(Code::kSchemaBadKey, version_pointer, version,
                  absl::StrCat("sensor version must be a string, got ", Describe(version)));
    } else if (!IsSensorVersion(version.text())) {
      reader_.Add(Code::kSchemaBadSensor, version_pointer, version,
                  absl::StrCat("sensor version ", Describe(version),
                               " is not 1 to 4 dot-separated numbers of 1 to 9 digits without "
                               "leading zeros"));
    } else if (auto [it, inserted] = versions->emplace(std::string(version.text()), index);
               !inserted) {
      reader_.Add(Code::kSchemaBadSensor, version_pointer, version,
                  absl::StrCat("sensor version \"", V(version.text()),
                               "\" is already listed by /sensors/", it->second));
    } else {
      sensor.version = version.text();
    }
  }
  const JsonRef inputs = reader_.Member(v, pointer, "sensor", "inputs", true);
  if (!inputs) return;
  const std::string inputs_pointer = ChildPointer(pointer, "inputs");
  if (!reader_.ExpectKind(inputs, Kind::kObject, inputs_pointer, "sensor inputs")) return;
  std::vector<Sensor::Input> listed;
  for (const JsonMember member : inputs.members()) {
    const std::string_view name = member.key();
    const JsonRef count = member.value();
    const std::string count_pointer = ChildPointer(inputs_pointer, name);
    const auto found = type_by_name_.find(V(name));
    const int type_index = found == type_by_name_.end() ? -1 : static_cast<int>(found->second);
    // With a template type that has no usable name, the name could be meant
    // for it: its error is already reported.
    if (type_index < 0 && !unnamed_types_) {
      reader_.Add(
          Code::kSchemaBadSensor, count_pointer, count,
          absl::StrCat("sensor inputs name ", Quote(name), ", which is not a template type"));
    }
    auto n = reader_.Integer(count, count_pointer, absl::StrCat("inputs for ", Quote(name)), 0,
                             kMaxInputs);
    if (n && type_index >= 0) {
      listed.push_back(Sensor::Input{static_cast<uint32_t>(type_index), static_cast<uint32_t>(*n)});
      sensor_inputs_[index].push_back(
          SensorInput{static_cast<size_t>(type_index), count, count_pointer});
    }
  }
  sensor.SetInputs(std::move(listed));
}

// CG640 for every (sensor, template type) pair with fewer inputs than
// fields, then CG641 for each unsupplied field that does not allow `any`.
void SchemaLoader::AddCompatibilityWarnings() {
  for (size_t s = 0; s < sensors_.size(); ++s) {
    const Sensor& sensor = sensors_[s];
    for (const SensorInput& input : sensor_inputs_[s]) {
      const TemplateType& type = types_[input.type_index];
      const uint32_t supplied = sensor.InputsFor(input.type_index);
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
        d->set_line_column(input.count.line(), input.count.column());
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
        w->set_pointer(ItemPointer(ChildPointer(source.pointer, "fields"), f));
        w->set_line_column(source.fields[f].line(), source.fields[f].column());
        w->set_sensor(sensor.version);
        w->set_field(field.name);
        w->set_criterion(static_cast<uint32_t>(f));
      }
    }
  }
}

}  // namespace contentgate::internal
