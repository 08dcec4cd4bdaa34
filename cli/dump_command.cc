// File: cli/dump_command.cc
// `contentgate dump`: a valid channel file as a source document.

#include "absl/strings/str_cat.h"
#include "check_run.h"
#include "command_support.h"
#include "commands.h"
#include "contentgate/source.h"

namespace contentgate::cli {
namespace {

struct DumpFlags {
  CheckFlags check;
  std::string file;
};

int RunDump(const DumpFlags& flags) {
  CheckSetup setup;
  if (absl::Status s = SetUpCheck(flags.check, "dump", &setup); !s.ok()) return Usage(s);
  const ReportSettings& settings = setup.settings;
  const Schema& schema = *setup.schema;
  absl::StatusOr<OutputSink> report_sink =
      OpenReportSink(settings, {flags.file, flags.check.target.schema_path});
  if (!report_sink.ok()) return Usage(report_sink.status());
  std::vector<uint8_t> buffer;
  absl::StatusOr<LoadedInput> input = LoadInput(flags.file, schema, &buffer);
  if (!input.ok()) return Usage(input.status());
  const std::string_view name = settings.NameOf(flags.file);
  if (input->kind != FileKind::kChannel) {
    return Usage(
        absl::StrCat("dump takes a channel file; ", std::string(name), " is a source (JSON) file"));
  }
  DumpResult result;
  if (input->oversized) {
    CheckLoaded(*input, schema, setup.options, &result.report);  // CG106, unread
  } else {
    result = DumpChannelFile(input->bytes, schema, setup.options);
  }
  FilterIgnored(settings, &result.report);
  const std::string report =
      RenderOneFile(settings, {name, ResultKind::kChannel, &result.report, input->hint});
  if (!result.report.passes(settings.render.strict) || !result.source_json.has_value()) {
    return DeliverToStderrOrReport(settings, &*report_sink, report, kFail);
  }
  // The document first, so a failed write stays a one-line failure.
  if (absl::Status s = WriteStdout(*result.source_json); !s.ok()) return Usage(s);
  if (absl::Status s = CloseStdout(); !s.ok()) return Usage(s);
  return DeliverToStderrOrReport(settings, &*report_sink, report, kPass);
}

}  // namespace

void RegisterDumpCommand(CLI::App* app, int* status) {
  const auto [d, flags] = AddCheckCommand(
      app, "dump",
      "print a valid channel file as a source document (diagnostics on standard error)",
      AllFormats(), status, RunDump);
  d->add_option("CHANNEL_FILE", flags->file, "channel file (- for standard input)")
      ->required()
      ->type_name("");
}

}  // namespace contentgate::cli
