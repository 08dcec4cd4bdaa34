// File: cli/validate_command.cc
// `contentgate validate`: the pre-publish gate over files and folders.

#include <algorithm>
#include <thread>

#include "check_run.h"
#include "command_support.h"
#include "commands.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

struct ValidateFlags {
  CheckFlags check;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string> paths;
};

int RunValidate(const ValidateFlags& flags) {
  CheckSetup setup;
  if (absl::Status s = SetUpCheck(flags.check, "validate", &setup); !s.ok()) return Usage(s);
  absl::StatusOr<std::vector<std::string>> files = CollectInputs(flags.paths, {".bin", ".json"});
  if (!files.ok()) return Usage(files.status());
  std::vector<std::string> inputs = *files;
  inputs.push_back(flags.check.target.schema_path);
  absl::StatusOr<OutputSink> sink = OpenReportSink(setup.settings, inputs);
  if (!sink.ok()) return Usage(sink.status());
  absl::StatusOr<CheckRunResult> run =
      CheckFiles(*files, *setup.schema, setup.options, setup.settings, flags.jobs);
  if (!run.ok()) return Usage(run.status());
  return Deliver(&*sink, run->output, run->totals.failed == 0 ? kPass : kFail);
}

}  // namespace

void RegisterValidateCommand(CLI::App* app, int* status) {
  const auto [v, flags] = AddCheckCommand(app, "validate",
                                          "check channel and source files (folders are walked "
                                          "for .bin and .json files; - reads standard input)",
                                          AllFormats(), status, RunValidate);
  v->add_option("--jobs", flags->jobs, "files checked in parallel (default: the number of cores)")
      ->type_name("N")
      ->check(WholeNumberAtLeast(1, 6));
  v->add_option("PATH", flags->paths, "files and folders to check (- for standard input)")
      ->required()
      ->type_name("");
}

}  // namespace contentgate::cli
