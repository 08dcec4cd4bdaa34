// File: contentgate/simulate.h
// Pre-publish simulation: every instance of a channel or source file, enabled
// and disabled, run in the bounds-checked reference interpreter with exactly
// as many inputs as each target sensor supplies, over synthetic events that
// exercise every criterion and over recorded events. What `contentgate
// simulate` prints, as text or JSON, is rendered here too.

#ifndef CONTENTGATE_SIMULATE_H_
#define CONTENTGATE_SIMULATE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "contentgate/validate.h"

namespace contentgate {

// The largest recorded-events text Simulate accepts (64 MiB, the limit of
// every schema, tests or event file): a caller reading an events file
// refuses a larger one unread.
inline constexpr uint64_t kMaxRecordedEventsSize = uint64_t{64} << 20;

// What to simulate, beyond the file and its schema.
struct SimulateOptions {
  // Indices into Schema::sensors() (ascending, as ResolveTargetSensors
  // returns) of the sensors to simulate. nullopt means every sensor of the
  // schema; an empty vector means none.
  std::optional<std::vector<uint32_t>> target_sensors;
  // Recorded events as JSON lines, or nullopt. Each non-blank line is one
  // object: field name -> value (an unsigned integer for integer fields,
  // true/false for bool, a value name or integer for enum, a string for
  // string). An optional "$type" key names the template type; without it
  // the event goes to every template type that declares all its keys.
  // Fields an event leaves out are supplied as 0 or "". Not owned; at most
  // kMaxRecordedEventsSize bytes.
  std::optional<std::string_view> recorded_events;
  // How many diagnostics the report keeps.
  size_t max_diagnostics = Report::kDefaultMaxDiagnostics;
};

// One instance that would read an input a sensor does not supply.
struct OutOfBoundsRead {
  uint32_t instance = 0;  // table index
  uint32_t instance_id = 0;
  uint32_t criterion = 0;    // the first criterion that reads past the inputs
  uint32_t input_index = 0;  // = criterion: the input it would read
  uint32_t inputs_supplied = 0;
  // True when the sensor has no input list for the instance's template type
  // at all (validation's CG402): it was simulated with 0 inputs, and
  // `criterion` is meaningful only when the instance is not all `any`.
  bool no_input_list = false;
  std::string field;          // the criterion's field ("" when all `any`)
  std::string template_type;  // the instance's template type
  std::string sensor;         // the sensor's version
};

// Which instances one recorded event matched on one sensor.
struct EventMatch {
  uint32_t line = 0;  // 1-based line of the event in the events text
  std::string template_type;
  std::string sensor;
  std::vector<uint32_t> matched_ids;           // enabled instances, table order
  std::vector<uint32_t> matched_disabled_ids;  // disabled instances that would match
  // Instances (enabled or not) whose evaluation stopped at an input the
  // sensor does not supply (each is also in SimulateResult::out_of_bounds).
  std::vector<uint32_t> out_of_bounds_ids;
};

// What simulating one file produced.
struct SimulateResult {
  FileKind kind = FileKind::kChannel;
  // The file's own diagnostics, checked without target sensors, then one
  // error per out-of-bounds read (CG400, or CG402 for a sensor without an
  // input list for the type), located as `validate` locates it. When the
  // file's own checks found an error nothing was simulated; a file over its
  // size limit gets CG106 alone, unread.
  Report report;
  // A channel file that is plainly text: the hint its CG100/CG101 message
  // gets in reports (see input_hints.h); "" otherwise.
  std::string hint;
  bool simulated = false;
  std::vector<std::string> sensors;  // versions simulated, in schema order
  uint64_t synthetic_events = 0;     // evaluations run over synthetic events
  uint64_t synthetic_matches = 0;    // of those, how many matched
  // Each (instance, sensor) that reads past what the sensor supplies, in
  // instance order then sensor order.
  std::vector<OutOfBoundsRead> out_of_bounds;
  // Recorded events, per line and sensor, in that order.
  std::vector<EventMatch> events;
  // Instance evaluations run over recorded events (each event, on each
  // target sensor, evaluates the instances of the types it goes to), for
  // cost assertions.
  uint64_t recorded_evaluations = 0;

  // False exactly when the report holds an error: one of the file's own, or
  // an out-of-bounds read.
  bool ok() const { return report.valid(); }
};

// Simulates `file` (channel or source, detected as `validate` does) for the
// target sensors. A file with errors (other than sensor compatibility) is
// reported, not simulated; a file over its size limit (a channel file over
// max_file_size, a source over 16 times that) gets CG106 alone and is not
// read. InvalidArgument when the recorded events are over
// kMaxRecordedEventsSize (not read), or are not
// JSON lines as described above (naming the line), or name an unknown
// template type or field, or give a value of the wrong kind.
absl::StatusOr<SimulateResult> Simulate(absl::Span<const uint8_t> file, const Schema& schema,
                                        const SimulateOptions& options = {});

// Human-readable lines for `contentgate simulate --format text`: the report's
// diagnostics as `validate` prints them (`PATH:LOCATION: error: CODE
// message [...]`, out-of-bounds reads included), one line per recorded event
// and sensor, and a summary line. Ends in a newline.
std::string SimulateText(const SimulateResult& result, std::string_view path);

// The JSON document for `contentgate simulate --format json`, compact unless
// `pretty` (then indented by two spaces): {"tool", "version", "files":
// [{"path", "kind", "valid", "errors", "warnings", "diagnostics",
// "simulated", "sensors", "synthetic_events", "synthetic_matches",
// "out_of_bounds": [...], "events": [...]}]}. The first six keys of the file
// entry mean what they mean in `validate`'s document: "valid" is false
// exactly when "errors" >= 1, and each out-of-bounds read is one of the
// error diagnostics (and, with its details, one entry of "out_of_bounds").
// Ends in a newline.
std::string SimulateJson(const SimulateResult& result, std::string_view path,
                         std::string_view tool_version, bool pretty = false);

}  // namespace contentgate

#endif  // CONTENTGATE_SIMULATE_H_
