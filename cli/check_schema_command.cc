// File: cli/check_schema_command.cc
// `contentgate check-schema`: schema files' errors and warnings (CG6xx).

#include "absl/strings/str_cat.h"
#include "command_support.h"
#include "commands.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

struct CheckSchemaFlags {
  ReportFlags report;
  std::vector<std::string> paths;
};

int RunCheckSchema(const CheckSchemaFlags& flags) {
  absl::StatusOr<ReportSettings> settings = ResolveReportFlags(flags.report, "check-schema");
  if (!settings.ok()) return Usage(settings.status());
  settings->render.suite_name = "contentgate check-schema";
  settings->render.source_root = settings->current_folder;
  absl::StatusOr<std::vector<std::string>> files = CollectInputs(flags.paths, {".json"});
  if (!files.ok()) return Usage(files.status());
  absl::StatusOr<OutputSink> sink = OpenReportSink(*settings, *files);
  if (!sink.ok()) return Usage(sink.status());
  // Read every file first: an unreadable one is a usage error, with nothing
  // printed on standard output.
  std::vector<std::string> texts;
  texts.reserve(files->size());
  for (const std::string& path : *files) {
    absl::StatusOr<std::string> text = ReadWholeInput(path, kTextInputLimit, "schema");
    if (!text.ok()) return Usage(text.status());
    texts.push_back(std::move(*text));
  }
  ReportAssembler assembler(settings->render);
  RunTotals totals;
  for (size_t i = 0; i < texts.size(); ++i) {
    // With --ignore, every diagnostic is collected so that FilterIgnored
    // counts and keeps the rest exactly (it applies the cap).
    SchemaLoadResult loaded = LoadSchema(texts[i], settings->collect_cap());
    FilterIgnored(*settings, &loaded.report);
    assembler.AddFile({settings->NameOf((*files)[i]), ResultKind::kSchema, &loaded.report, {}});
    totals.Add(loaded.report, settings->render.strict);
  }
  return Deliver(&*sink, std::move(assembler).Finish(totals), totals.failed == 0 ? kPass : kFail);
}

}  // namespace

void RegisterCheckSchemaCommand(CLI::App* app, int* status) {
  static CheckSchemaFlags* const flags = new CheckSchemaFlags;  // registered once, kept
  CLI::App* s = app->add_subcommand(
      "check-schema", "check schema files (errors and warnings; folders are walked for .json)");
  flags->report.AddTo(s, kAllReportOptions & ~kMaxErrorsOption, AllFormats());
  s->add_option("FILE", flags->paths, "schema files and folders (- for standard input)")
      ->required()
      ->type_name("");
  s->callback([status] { *status = RunCheckSchema(*flags); });
}

}  // namespace contentgate::cli
