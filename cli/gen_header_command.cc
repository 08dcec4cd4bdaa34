// File: cli/gen_header_command.cc
// `contentgate gen-header`: the schema's constants as a C++17 header.

#include "absl/strings/str_cat.h"
#include "command_support.h"
#include "commands.h"
#include "contentgate/header_gen.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

struct GenHeaderFlags {
  TargetFlags target;
  std::string out;
};

int RunGenHeader(const GenHeaderFlags& flags) {
  if (absl::Status s = RefuseOutputOverInput(flags.out, "-o", {flags.target.schema_path});
      !s.ok()) {
    return Usage(s);
  }
  absl::StatusOr<Schema> schema = LoadUsableSchema(flags.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  absl::StatusOr<OutputSink> sink = OutputSink::Open(flags.out, "-o");
  if (!sink.ok()) return Usage(sink.status());
  const std::string header = GenerateHeader(*schema, flags.target.schema_path);
  return Deliver(&*sink, header, kPass);
}

}  // namespace

void RegisterGenHeaderCommand(CLI::App* app, int* status) {
  static GenHeaderFlags* const flags = new GenHeaderFlags;  // registered once, kept to the end
  CLI::App* g = app->add_subcommand(
      "gen-header", "write a C++17 header of the schema's constants for sensor builds");
  flags->target.AddTo(g, false);
  g->add_option("-o,--output", flags->out,
                "header file to write, atomically (- for standard output)")
      ->required()
      ->type_name("OUT.h");
  g->footer(
      "Exit status: 0 the header was written, 2 a usage error, an unreadable schema or "
      "one with errors, or a failed write.");
  g->callback([status] { *status = RunGenHeader(*flags); });
}

}  // namespace contentgate::cli
