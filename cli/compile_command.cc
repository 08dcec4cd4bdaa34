// File: cli/compile_command.cc
// `contentgate compile`: a source file to its canonical channel file,
// written only when the source has no error.

#include "absl/strings/str_cat.h"
#include "check_run.h"
#include "command_support.h"
#include "commands.h"
#include "contentgate/source.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

struct CompileFlags {
  CheckFlags check;
  std::string out;
  std::string source;
};

int RunCompile(const CompileFlags& flags) {
  CheckSetup setup;
  if (absl::Status s = SetUpCheck(flags.check, "compile", &setup); !s.ok()) return Usage(s);
  const ReportSettings& settings = setup.settings;
  const Schema& schema = *setup.schema;
  // Outputs are checked and their temporary files created before the
  // source is read: nothing is written over an input.
  const std::vector<std::string> inputs = {flags.source, flags.check.target.schema_path};
  if (absl::Status s = RefuseOutputOverInput(flags.out, "-o", inputs); !s.ok()) return Usage(s);
  absl::StatusOr<OutputSink> report_sink =
      OpenReportSink(settings, {flags.source, flags.check.target.schema_path, flags.out});
  if (!report_sink.ok()) return Usage(report_sink.status());
  absl::StatusOr<OutputSink> artifact = OutputSink::Open(flags.out, "-o");
  if (!artifact.ok()) return Usage(artifact.status());

  std::vector<uint8_t> buffer;
  absl::StatusOr<LoadedInput> input = LoadInput(flags.source, schema, &buffer);
  if (!input.ok()) return Usage(input.status());
  const std::string_view name = settings.NameOf(flags.source);
  if (input->kind != FileKind::kSource) {
    return Usage(absl::StrCat("compile takes a source (JSON) file; ", std::string(name),
                              " is a channel file"));
  }
  CompileResult result;
  if (input->oversized) {
    CheckLoaded(*input, schema, setup.options, &result.report);  // CG106, unparsed
  } else {
    const absl::Span<const uint8_t> bytes = input->bytes;
    result =
        CompileSource(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                      schema, setup.options, CompileOptions{});
  }
  FilterIgnored(settings, &result.report);
  const std::string report =
      RenderOneFile(settings, {name, ResultKind::kSource, &result.report, {}});
  if (!result.report.passes(settings.render.strict) || !result.channel_file.has_value()) {
    return DeliverToStderrOrReport(settings, &*report_sink, report, kFail);
  }
  // The artifact first, so a failed write stays a one-line failure.
  if (absl::Status s = artifact->Write(*result.channel_file); !s.ok()) return Usage(s);
  const int status = DeliverToStderrOrReport(settings, &*report_sink, report, kPass);
  if (status == kPass && artifact->is_stdout()) {
    if (absl::Status s = CloseStdout(); !s.ok()) return Usage(s);
  }
  return status;
}

}  // namespace

void RegisterCompileCommand(CLI::App* app, int* status) {
  const auto [c, flags] = AddCheckCommand(app, "compile",
                                          "compile a source file to a canonical channel file "
                                          "(written only when it has no error)",
                                          AllFormats(), status, RunCompile);
  c->add_option("-o,--output", flags->out,
                "channel file to write, atomically (- for standard output)")
      ->required()
      ->type_name("OUT");
  c->add_option("SOURCE", flags->source, "source file, JSON (- for standard input)")
      ->required()
      ->type_name("");
}

}  // namespace contentgate::cli
