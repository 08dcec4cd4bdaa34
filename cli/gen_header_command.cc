// File: cli/gen_header_command.cc
// `contentgate gen-header`: the schema's constants as a C++17 header, or
// (--lang c) as the C99 tables of the validator core.

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
  std::string lang = "c++";
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
  const std::string header = flags.lang == "c" ? GenerateCHeader(*schema, flags.target.schema_path)
                                               : GenerateHeader(*schema, flags.target.schema_path);
  return Deliver(&*sink, header, kPass);
}

}  // namespace

void RegisterGenHeaderCommand(CLI::App* app, int* status) {
  static GenHeaderFlags* const flags = new GenHeaderFlags;  // registered once, kept to the end
  CLI::App* g = app->add_subcommand(
      "gen-header",
      "write a header of the schema for sensor builds: C++17 constants, or the C core's tables");
  flags->target.AddTo(g, false);
  g->add_option("-o,--output", flags->out,
                "header file to write, atomically (- for standard output)")
      ->required()
      ->type_name("OUT.h");
  g->add_option("--lang", flags->lang,
                "c++: constants for static_assert (default); c: the C99 core's schema tables")
      ->type_name("LANG")
      ->check(CLI::IsMember({"c++", "c"}))
      ->capture_default_str();
  g->footer(
      "Exit status: 0 the header was written, 2 a usage error, an unreadable schema or "
      "one with errors, or a failed write.");
  g->callback([status] { *status = RunGenHeader(*flags); });
}

}  // namespace contentgate::cli
