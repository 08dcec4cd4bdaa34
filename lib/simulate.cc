// File: lib/simulate.cc
// `contentgate simulate`: every instance in the reference interpreter, per
// target sensor, over synthetic and recorded events.

#include "contentgate/simulate.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/input_hints.h"
#include "contentgate/interpreter.h"
#include "contentgate/report_format.h"
#include "contentgate/source.h"
#include "event_values.h"
#include "json_flat.h"
#include "json_writer.h"
#include "simulate_probes.h"

namespace contentgate {
namespace {

using internal::AddProbes;
using internal::Probes;

// A source file may be this many times the channel's max_file_size before it
// is refused unread (cli.md, "Robustness of the command line").
constexpr uint64_t kSourceSizeFactor = 16;

struct Finding {
  uint32_t instance;
  uint32_t sensor_position;  // in the target list
  OutOfBoundsRead read;
};

// Runs the synthetic events of instance k on one sensor; returns the first
// error (an out-of-bounds read) or ok().
EvalResult RunSynthetic(const Interpreter& interpreter, const ChannelFileView& view,
                        const TemplateType& type, uint32_t k, uint32_t supplied,
                        SimulateResult* result) {
  const InstanceView instance = view.instance(k);
  const uint32_t n = std::min<uint32_t>(supplied, static_cast<uint32_t>(type.fields.size()));
  std::deque<std::string> storage;
  std::vector<Probes> probes;
  probes.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const CriterionView c = instance.criterion(i);
    probes.emplace_back(&storage);
    AddProbes(type.fields[i], c.op(), c.arg0(), c.arg1(), c.text(), &probes.back());
  }
  std::vector<InputValue> event(n);
  for (uint32_t i = 0; i < n; ++i) event[i] = probes[i].values()[0];
  EvalResult first_error;
  const auto run = [&] {
    const EvalResult one = interpreter.Evaluate(k, event, EvalMode::kEveryCriterion);
    ++result->synthetic_events;
    if (one.ok()) {
      result->synthetic_matches += one.matched ? 1 : 0;
    } else if (first_error.ok()) {
      first_error = one;
    }
  };
  run();
  for (uint32_t i = 0; i < n; ++i) {
    const auto& values = probes[i].values();
    for (size_t j = 1; j < values.size(); ++j) {
      event[i] = values[j];
      run();
    }
    event[i] = values[0];
  }
  return first_error;
}

OutOfBoundsRead MakeRead(const EvalResult& error, const TemplateType& type, const Sensor& sensor,
                         uint32_t k, uint32_t instance_id) {
  OutOfBoundsRead read;
  read.instance = k;
  read.instance_id = instance_id;
  read.template_type = type.name;
  read.sensor = sensor.version;
  if (!error.ok()) {
    read.criterion = error.criterion;
    read.input_index = error.criterion;
    read.inputs_supplied = error.inputs_supplied;
    read.field = std::string(error.field);
  }
  return read;
}

// Fills `values` (one per field of `type`, defaults 0 or "") from one
// recorded event; a string value views the event's document, which must
// outlive `values`' use.
absl::Status EventValues(internal::JsonRef event, const TemplateType& type, uint32_t line,
                         std::vector<InputValue>* values) {
  values->clear();
  for (const Field& field : type.fields) {
    values->push_back(field.type == FieldType::kString ? InputValue::String("")
                                                       : InputValue::Integer(0));
  }
  for (const internal::JsonMember member : event.members()) {
    const std::string_view key = member.key();
    const internal::JsonRef value = member.value();
    if (key == "$type") continue;
    const auto it = std::find_if(type.fields.begin(), type.fields.end(),
                                 [&](const Field& f) { return f.name == key; });
    if (it == type.fields.end()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "events line %d: template type '%s' has no field '%s'", line, type.name, key));
    }
    const Field& field = *it;
    InputValue& input = (*values)[it - type.fields.begin()];
    const auto wrong = [&](std::string_view want) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "events line %d: field '%s' (%s) needs %s", line, key, FieldTypeName(field.type), want));
    };
    std::string need;
    if (!internal::EventFieldValue(field, value, &input, &need)) return wrong(need);
  }
  return absl::OkStatus();
}

// The template types one recorded event goes to.
absl::StatusOr<std::vector<uint32_t>> EventTypes(internal::JsonRef event, const Schema& schema,
                                                 uint32_t line) {
  std::vector<uint32_t> types;
  if (const internal::JsonRef named = event.Find("$type")) {
    const int t = named.is_string() ? schema.FindTemplateTypeByName(named.text()) : -1;
    if (t < 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("events line %d: \"$type\" must name a template type", line));
    }
    types.push_back(static_cast<uint32_t>(t));
    return types;
  }
  for (size_t t = 0; t < schema.template_types().size(); ++t) {
    const auto& fields = schema.template_types()[t].fields;
    bool declares_all = true;
    for (const internal::JsonMember member : event.members()) {
      declares_all = declares_all && std::any_of(fields.begin(), fields.end(), [&](const Field& f) {
                       return f.name == member.key();
                     });
    }
    if (declares_all) types.push_back(static_cast<uint32_t>(t));
  }
  if (types.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "events line %d: no template type declares every field of the event", line));
  }
  return types;
}

absl::Status RunRecorded(std::string_view text, const Schema& schema,
                         const Interpreter& interpreter, absl::Span<const uint32_t> targets,
                         SimulateResult* result) {
  uint32_t line = 0;
  std::vector<InputValue> values;
  // Per template type, its instances in table order: an event visits the
  // instances of the types it goes to, not every instance of the file.
  std::vector<std::vector<uint32_t>> instances_of(schema.template_types().size());
  for (uint32_t k = 0; k < interpreter.instance_count(); ++k) {
    instances_of[interpreter.template_type_index(k)].push_back(k);
  }
  while (!text.empty()) {
    ++line;
    const size_t end = text.find('\n');
    std::string_view row = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (row.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    // The event's strings, viewed by `values`, live in `doc` and `row`
    // until the next line.
    internal::JsonDoc doc;
    internal::JsonError error;
    if (!internal::ParseJsonDoc(row, &doc, &error)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("events line %d, column %d: %s", line, error.column, error.message));
    }
    const internal::JsonRef event = doc.root();
    if (!event.is_object()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("events line %d: an event is a JSON object", line));
    }
    absl::StatusOr<std::vector<uint32_t>> types = EventTypes(event, schema, line);
    if (!types.ok()) return types.status();
    for (uint32_t t : *types) {
      const TemplateType& type = schema.template_types()[t];
      absl::Status status = EventValues(event, type, line, &values);
      if (!status.ok()) return status;
      for (uint32_t s : targets) {
        const Sensor& sensor = schema.sensors()[s];
        const uint32_t supplied = sensor.InputsFor(t);
        if (supplied == Sensor::kNoInputs) continue;  // never delivered
        const size_t n = std::min<size_t>(supplied, values.size());
        EventMatch match;
        match.line = line;
        match.template_type = type.name;
        match.sensor = sensor.version;
        for (const uint32_t k : instances_of[t]) {
          ++result->recorded_evaluations;
          const EvalResult one = interpreter.Evaluate(k, absl::MakeConstSpan(values).first(n));
          if (!one.ok()) {
            match.out_of_bounds_ids.push_back(interpreter.instance_id(k));
          } else if (one.matched) {
            (interpreter.disabled(k) ? match.matched_disabled_ids : match.matched_ids)
                .push_back(interpreter.instance_id(k));
          }
        }
        result->events.push_back(std::move(match));
      }
    }
  }
  return absl::OkStatus();
}

std::string ReadLine(const OutOfBoundsRead& read) {
  std::string line = absl::StrFormat("instance %d (index %d): ", read.instance_id, read.instance);
  if (read.no_input_list) {
    absl::StrAppendFormat(&line, "sensor %s has no input list for template type '%s'", read.sensor,
                          read.template_type);
    if (!read.field.empty()) {
      absl::StrAppendFormat(&line, "; criterion %d (field '%s') would read input %d",
                            read.criterion, read.field, read.input_index);
    }
    return line;
  }
  absl::StrAppendFormat(&line,
                        "criterion %d (field '%s') would read input %d, but sensor %s supplies "
                        "%d inputs for template type '%s'",
                        read.criterion, read.field, read.input_index, read.sensor,
                        read.inputs_supplied, read.template_type);
  return line;
}

// CG106 for a file over its size limit (a channel file over max_file_size, a
// source over kSourceSizeFactor times that), as the only diagnostic and
// without reading the file; false when the file is within the limit.
bool RefuseOversized(absl::Span<const uint8_t> file, FileKind kind, const Schema& schema,
                     Report* report) {
  const uint64_t max_size = schema.channel().max_file_size;
  const uint64_t limit = kind == FileKind::kChannel ? max_size : max_size * kSourceSizeFactor;
  if (file.size() <= limit) return false;
  if (Diagnostic* d = report->Add(Code::kFileTooLarge)) {
    if (kind == FileKind::kChannel) {
      d->set_offset(CG_HEADER_FILE_SIZE);
      d->set_message(absl::StrCat("file is ", file.size(),
                                  " bytes, larger than the channel's max_file_size ", max_size));
    } else {
      d->set_pointer("");
      d->set_message(absl::StrCat("source file is ", file.size(), " bytes, more than ",
                                  kSourceSizeFactor, " times the channel's max_file_size ",
                                  max_size, ": refused unread"));
    }
  }
  return true;
}

// The validator's diagnostic for the same finding as `read` (CG400 on its
// criterion, or CG402), whose location the read's diagnostic takes; null
// when there is none.
const Diagnostic* Locate(const Report& located, Code code, const OutOfBoundsRead& read) {
  for (const Diagnostic& d : located.diagnostics()) {
    if (d.code() == code && d.has_instance_id() && d.instance_id() == read.instance_id &&
        d.sensor() == read.sensor &&
        (code == Code::kNoInputList || (d.has_criterion() && d.criterion() == read.criterion))) {
      return &d;
    }
  }
  return nullptr;
}

// Adds one error diagnostic per out-of-bounds read: CG400 (a criterion reads
// past the inputs) or CG402 (no input list), located where `validate` locates
// the same finding (an offset in a channel file, a pointer, line and column
// in a source file).
void AddReadDiagnostics(absl::Span<const uint8_t> file, const Schema& schema,
                        absl::Span<const uint32_t> targets, SimulateResult* result) {
  if (result->out_of_bounds.empty()) return;
  ValidateOptions with_targets;
  with_targets.target_sensors = std::vector<uint32_t>(targets.begin(), targets.end());
  with_targets.max_diagnostics = ~size_t{0};
  Report located(~size_t{0});
  ValidateFile(file, schema, with_targets, &located);
  for (const OutOfBoundsRead& read : result->out_of_bounds) {
    const Code code = read.no_input_list ? Code::kNoInputList : Code::kInputNotSupplied;
    Diagnostic* d = result->report.Add(code);
    if (d == nullptr) continue;
    const Diagnostic* found = Locate(located, code, read);
    if (found != nullptr && found->has_offset()) d->set_offset(found->offset());
    if (found != nullptr && found->has_pointer()) d->set_pointer(std::string(found->pointer()));
    if (found != nullptr && found->has_line()) d->set_line_column(found->line(), found->column());
    d->set_instance(found != nullptr && found->has_instance() ? found->instance() : read.instance);
    d->set_instance_id(read.instance_id);
    if (!read.field.empty()) {
      d->set_criterion(read.criterion);
      d->set_field(read.field);
    }
    d->set_sensor(read.sensor);
    d->set_message(absl::StrCat("simulation: ", ReadLine(read)));
  }
}

}  // namespace

absl::StatusOr<SimulateResult> Simulate(absl::Span<const uint8_t> file, const Schema& schema,
                                        const SimulateOptions& options) {
  if (options.recorded_events.has_value() &&
      options.recorded_events->size() > kMaxRecordedEventsSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("the recorded events are ", options.recorded_events->size(),
                     " bytes, more than the limit of ", kMaxRecordedEventsSize));
  }
  SimulateResult result;
  result.report.set_max_diagnostics(options.max_diagnostics);
  result.kind = DetectFileKind(file);
  if (result.kind == FileKind::kChannel) result.hint = std::string(ChannelFileHint(file));
  if (RefuseOversized(file, result.kind, schema, &result.report)) return result;
  // The file's own checks, without target sensors: compatibility is what the
  // simulation finds out.
  ValidateOptions structural;
  structural.target_sensors = std::vector<uint32_t>{};
  structural.max_diagnostics = options.max_diagnostics;
  std::string compiled;
  absl::Span<const uint8_t> channel = file;
  if (result.kind == FileKind::kSource) {
    CompileResult compile =
        CompileSource(std::string_view(reinterpret_cast<const char*>(file.data()), file.size()),
                      schema, structural);
    result.report = std::move(compile.report);
    if (!compile.channel_file.has_value()) return result;
    compiled = std::move(*compile.channel_file);
    channel = AsBytes(compiled);
  } else {
    ValidateChannelFile(file, schema, structural, &result.report);
    if (!result.report.valid()) return result;
  }
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(channel, schema, structural);
  if (!view.ok()) return view.status();
  absl::StatusOr<Interpreter> interpreter = Interpreter::Load(*view, schema);
  if (!interpreter.ok()) return interpreter.status();

  std::vector<uint32_t> targets;
  if (options.target_sensors.has_value()) {
    targets = *options.target_sensors;
  } else {
    for (uint32_t s = 0; s < schema.sensors().size(); ++s) targets.push_back(s);
  }
  for (uint32_t s : targets) result.sensors.push_back(schema.sensors()[s].version);

  for (uint32_t k = 0; k < interpreter->instance_count(); ++k) {
    const uint32_t t = interpreter->template_type_index(k);
    const TemplateType& type = schema.template_types()[t];
    for (uint32_t s : targets) {
      const Sensor& sensor = schema.sensors()[s];
      const uint32_t supplied = sensor.InputsFor(t);
      const bool no_list = supplied == Sensor::kNoInputs;
      const EvalResult error =
          RunSynthetic(*interpreter, *view, type, k, no_list ? 0 : supplied, &result);
      if (!error.ok() || no_list) {
        OutOfBoundsRead read = MakeRead(error, type, sensor, k, interpreter->instance_id(k));
        read.no_input_list = no_list;
        result.out_of_bounds.push_back(std::move(read));
      }
    }
  }
  if (options.recorded_events.has_value()) {
    absl::Status status =
        RunRecorded(*options.recorded_events, schema, *interpreter, targets, &result);
    if (!status.ok()) return status;
  }
  AddReadDiagnostics(file, schema, targets, &result);
  result.simulated = true;
  return result;
}

namespace {

std::string IdList(const std::vector<uint32_t>& ids) { return absl::StrJoin(ids, ", "); }

// Writes `key` as an array with one inline object per item, whose members
// `write_members` writes.
template <typename T, typename WriteMembers>
void WriteObjectList(internal::JsonWriter* w, std::string_view key, const std::vector<T>& items,
                     WriteMembers write_members) {
  w->Key(key);
  w->BeginArray();
  for (const T& item : items) {
    w->BeginObject(internal::JsonWriter::Layout::kInline);
    write_members(item);
    w->EndObject();
  }
  w->EndArray();
}

// Writes `key` and `items` (strings or numbers) as a one-line array.
template <typename T>
void WriteInlineList(internal::JsonWriter* w, std::string_view key, const std::vector<T>& items) {
  w->Key(key);
  w->BeginArray(internal::JsonWriter::Layout::kInline);
  for (const T& item : items) {
    if constexpr (std::is_same_v<T, std::string>) {
      w->String(item);
    } else {
      w->Uint(item);
    }
  }
  w->EndArray();
}

}  // namespace

std::string SimulateText(const SimulateResult& result, std::string_view path) {
  std::string out;
  for (const Diagnostic& d : result.report.diagnostics()) {
    AppendDiagnosticLine(path, d, &out, result.hint);
    out.push_back('\n');
  }
  if (!result.simulated) {
    absl::StrAppendFormat(&out, "contentgate simulate: %s: not simulated: the file has errors\n",
                          path);
    return out;
  }
  for (const EventMatch& event : result.events) {
    absl::StrAppendFormat(&out, "%s: event %d (%s) on sensor %s: ", path, event.line,
                          event.template_type, event.sensor);
    if (event.matched_ids.empty()) {
      out.append("no match");
    } else {
      absl::StrAppend(&out, "matches ", IdList(event.matched_ids));
    }
    if (!event.matched_disabled_ids.empty()) {
      absl::StrAppend(
          &out, "; disabled instances that would match: ", IdList(event.matched_disabled_ids));
    }
    if (!event.out_of_bounds_ids.empty()) {
      absl::StrAppend(&out, "; out-of-bounds read in ", IdList(event.out_of_bounds_ids));
    }
    out.push_back('\n');
  }
  absl::StrAppendFormat(
      &out,
      "contentgate simulate: %s: sensors %s: %d synthetic evaluations (%d matched), %d "
      "out-of-bounds %s, %d recorded event results: %s\n",
      path, result.sensors.empty() ? "(none)" : absl::StrJoin(result.sensors, ", "),
      result.synthetic_events, result.synthetic_matches, result.out_of_bounds.size(),
      result.out_of_bounds.size() == 1 ? "read" : "reads", result.events.size(),
      result.ok() ? "ok" : "FAIL");
  return out;
}

std::string SimulateJson(const SimulateResult& result, std::string_view path,
                         std::string_view tool_version, bool pretty) {
  std::string out;
  internal::JsonWriter w(&out, pretty ? 2 : 0);
  w.BeginObject();
  w.Member("tool", "contentgate");
  w.Member("version", tool_version);
  w.Key("files");
  w.BeginArray();
  w.BeginObject();
  w.Member("path", path);
  w.Member("kind", FileKindName(result.kind));
  w.Member("valid", result.ok());
  w.Member("errors", uint64_t{result.report.errors()});
  w.Member("warnings", uint64_t{result.report.warnings()});
  w.Key("diagnostics");
  w.BeginArray();
  std::string diagnostic;
  for (const Diagnostic& d : result.report.diagnostics()) {
    diagnostic.clear();
    AppendDiagnosticJson(d, &diagnostic, result.hint);
    w.Raw(diagnostic);
  }
  w.EndArray();
  w.Member("simulated", result.simulated);
  WriteInlineList(&w, "sensors", result.sensors);
  w.Member("synthetic_events", result.synthetic_events);
  w.Member("synthetic_matches", result.synthetic_matches);
  WriteObjectList(&w, "out_of_bounds", result.out_of_bounds, [&w](const OutOfBoundsRead& read) {
    w.Member("instance", read.instance);
    w.Member("instance_id", read.instance_id);
    w.Member("template_type", read.template_type);
    w.Member("sensor", read.sensor);
    w.Member("no_input_list", read.no_input_list);
    if (!read.field.empty()) {
      w.Member("criterion", read.criterion);
      w.Member("field", read.field);
      w.Member("input_index", read.input_index);
      w.Member("inputs_supplied", read.inputs_supplied);
    }
  });
  WriteObjectList(&w, "events", result.events, [&w](const EventMatch& event) {
    w.Member("line", event.line);
    w.Member("template_type", event.template_type);
    w.Member("sensor", event.sensor);
    WriteInlineList(&w, "matches", event.matched_ids);
    WriteInlineList(&w, "disabled_matches", event.matched_disabled_ids);
    WriteInlineList(&w, "out_of_bounds", event.out_of_bounds_ids);
  });
  w.EndObject();
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace contentgate
