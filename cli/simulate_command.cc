// File: cli/simulate_command.cc
// `contentgate simulate`: every instance run in the bounds-checked
// reference interpreter with each target sensor's inputs.

#include "absl/strings/str_cat.h"
#include "check_run.h"
#include "command_support.h"
#include "commands.h"
#include "contentgate/simulate.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

struct SimulateFlags {
  CheckFlags check;
  std::string events;
  std::string file;
};

int RunSimulate(const SimulateFlags& flags) {
  CheckSetup setup;
  if (absl::Status s = SetUpCheck(flags.check, "simulate", &setup); !s.ok()) return Usage(s);
  const ReportSettings& settings = setup.settings;
  const Schema& schema = *setup.schema;
  if (flags.events == kStdio && flags.file == kStdio) {
    return Usage("simulate: standard input cannot be both the PATH and --events");
  }
  std::optional<std::string> events;
  if (!flags.events.empty()) {
    absl::StatusOr<std::string> text = ReadWholeInput(flags.events, kTextInputLimit, "events file");
    if (!text.ok()) return Usage(text.status());
    events = std::move(*text);
  }
  absl::StatusOr<OutputSink> sink =
      OpenReportSink(settings, {flags.file, flags.check.target.schema_path, flags.events});
  if (!sink.ok()) return Usage(sink.status());
  std::vector<uint8_t> buffer;
  absl::StatusOr<LoadedInput> input = LoadInput(flags.file, schema, &buffer);
  if (!input.ok()) return Usage(input.status());

  absl::StatusOr<SimulateResult> result;
  if (input->oversized) {
    result = SimulateResult();
    result->kind = input->kind;
    CheckLoaded(*input, schema, setup.options, &result->report);  // CG106, unread
  } else {
    SimulateOptions options;
    options.target_sensors = setup.options.target_sensors;
    options.max_diagnostics = setup.options.max_diagnostics;
    if (events.has_value()) options.recorded_events = *events;
    result = Simulate(input->bytes, schema, options);
  }
  if (!result.ok()) return Usage(absl::StrCat("simulate: ", result.status().message()));
  FilterIgnored(settings, &result->report);
  const std::string_view name = settings.NameOf(flags.file);
  const std::string document =
      settings.render.format == OutputFormat::kJson
          ? LayoutJsonReport(SimulateJson(*result, name, kVersion), settings.render.pretty)
          : SimulateText(*result, name);
  const bool passes = result->ok() && (!settings.render.strict || result->report.warnings() == 0);
  return Deliver(&*sink, document, passes ? kPass : kFail);
}

}  // namespace

void RegisterSimulateCommand(CLI::App* app, int* status) {
  const auto [m, flags] = AddCheckCommand(app, "simulate",
                                          "run every instance in the bounds-checked reference "
                                          "interpreter with each target sensor's inputs",
                                          {"text", "json"}, status, RunSimulate);
  m->add_option("--events", flags->events, "recorded events, JSON lines (- for standard input)")
      ->type_name("EVENTS.jsonl");
  m->add_option("PATH", flags->file, "channel or source file (- for standard input)")
      ->required()
      ->type_name("");
}

}  // namespace contentgate::cli
