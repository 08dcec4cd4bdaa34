// File: cli/main.cc
// The `contentgate` command: argument parsing, file reading and printing.
// Every check it reports comes from the library.
//
// Exit status: 0 when every file passes, 1 when one has an error (or, with
// --strict, a warning), 2 for a usage error, an unreadable input, a schema
// with errors or an unknown target sensor; a status-2 failure prints exactly
// one line on standard error and nothing on standard output.

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "check_run.h"
#include "contentgate/diagnostic.h"
#include "contentgate/header_gen.h"
#include "contentgate/regex_cache.h"
#include "contentgate/report_format.h"
#include "contentgate/schema.h"
#include "contentgate/simulate.h"
#include "contentgate/source.h"
#include "contentgate/validate.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

constexpr char kVersion[] = CONTENTGATE_VERSION;

// Exit statuses.
constexpr int kPass = 0;
constexpr int kFail = 1;
constexpr int kUsage = 2;

// Prints `message` as the one line of a status-2 failure.
int Usage(std::string message) {
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "contentgate: %s\n", message.c_str());
  return kUsage;
}

int Usage(const absl::Status& status) { return Usage(std::string(status.message())); }

void Print(std::FILE* stream, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stream);
}

// The diagnostics of one file as text lines, for commands whose standard
// output is a document of its own (compile, dump).
std::string DiagnosticLines(std::string_view path, const Report& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics()) {
    AppendDiagnosticLine(path, d, &out);
    out.push_back('\n');
  }
  return out;
}

// --schema and --sensor, as several commands take them.
struct TargetFlags {
  std::string schema_path;
  std::vector<std::string> sensors;

  void AddTo(CLI::App* app, bool with_sensors) {
    app->add_option("--schema", schema_path, "schema file the content is checked against")
        ->required()
        ->type_name("FILE");
    if (with_sensors) {
      app->add_option("--sensor", sensors,
                      "target sensor version (repeatable; default: every sensor of the schema)")
          ->type_name("VERSION")
          ->allow_extra_args(false)
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
  }
};

// Loads a schema that must be free of errors (its warnings are check-schema's
// business): a schema with errors is a usage error naming the first one.
absl::StatusOr<Schema> LoadUsableSchema(const std::string& path) {
  absl::StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok())
    return absl::InvalidArgumentError(absl::StrCat("schema: ", text.status().message()));
  SchemaLoadResult loaded = LoadSchema(*text);
  if (loaded.schema.has_value() && loaded.report.valid()) return std::move(*loaded.schema);
  std::string first;
  for (const Diagnostic& d : loaded.report.diagnostics()) {
    if (d.severity() != Severity::kError) continue;
    first = absl::StrCat(": first ", std::string(CodeName(d.code())));
    if (d.has_pointer() && !d.pointer().empty()) absl::StrAppend(&first, " at ", d.pointer());
    if (d.has_line()) absl::StrAppend(&first, " (line ", d.line(), ", column ", d.column(), ")");
    absl::StrAppend(&first, ": ", std::string(d.message()));
    break;
  }
  const size_t errors = loaded.report.errors();
  return absl::InvalidArgumentError(absl::StrCat("schema ", path, " has ", errors,
                                                 errors == 1 ? " error" : " errors", first,
                                                 " (run: contentgate check-schema ", path, ")"));
}

// The target sensors: nullopt (every sensor of the schema) when none are
// named; an unknown version is CG403.
absl::StatusOr<std::optional<std::vector<uint32_t>>> ResolveTargets(
    const Schema& schema, const std::vector<std::string>& versions) {
  if (versions.empty()) return std::optional<std::vector<uint32_t>>();
  absl::StatusOr<std::vector<uint32_t>> resolved = schema.ResolveTargetSensors(versions);
  if (!resolved.ok()) return resolved.status();
  return std::optional<std::vector<uint32_t>>(std::move(*resolved));
}

// ---- validate ---------------------------------------------------------------

struct ValidateFlags {
  TargetFlags target;
  std::string format = "text";
  bool strict = false;
  size_t max_errors = Report::kDefaultMaxDiagnostics;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string> paths;
};

int RunValidate(const ValidateFlags& flags) {
  absl::StatusOr<Schema> schema = LoadUsableSchema(flags.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  auto targets = ResolveTargets(*schema, flags.target.sensors);
  if (!targets.ok()) return Usage(targets.status());
  absl::StatusOr<std::vector<std::string>> files = CollectInputs(flags.paths);
  if (!files.ok()) return Usage(files.status());

  RegexCache regex_cache;
  ValidateOptions options;
  options.target_sensors = std::move(*targets);
  options.max_diagnostics = flags.max_errors;
  options.regex_cache = &regex_cache;
  RenderOptions render;
  render.format = *ParseOutputFormat(flags.format);
  render.tool_version = kVersion;
  render.strict = flags.strict;

  absl::StatusOr<CheckRunResult> run = CheckFiles(*files, *schema, options, render, flags.jobs);
  if (!run.ok()) return Usage(run.status());
  Print(stdout, run->output);
  return run->totals.failed == 0 ? kPass : kFail;
}

// ---- compile ----------------------------------------------------------------

struct CompileFlags {
  TargetFlags target;
  std::string out;
  std::string source;
};

int RunCompile(const CompileFlags& flags) {
  absl::StatusOr<Schema> schema = LoadUsableSchema(flags.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  auto targets = ResolveTargets(*schema, flags.target.sensors);
  if (!targets.ok()) return Usage(targets.status());
  std::vector<uint8_t> buffer;
  absl::StatusOr<InputFile> input = OpenForCheck(flags.source, *schema, &buffer);
  if (!input.ok()) return Usage(input.status());
  if (DetectFileKind(input->bytes()) != FileKind::kSource) {
    return Usage(
        absl::StrCat("compile takes a source (JSON) file; ", flags.source, " is a channel file"));
  }
  RegexCache regex_cache;
  ValidateOptions options;
  options.target_sensors = std::move(*targets);
  options.regex_cache = &regex_cache;
  const absl::Span<const uint8_t> bytes = input->bytes();
  if (bytes.size() > schema->channel().max_file_size * kSourceSizeFactor) {
    Report report;
    CheckBytes(bytes, *schema, options, &report);  // CG106, without parsing
    Print(stderr, DiagnosticLines(flags.source, report));
    return kFail;
  }
  CompileResult result =
      CompileSource(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                    *schema, options);
  if (!result.report.valid() || !result.channel_file.has_value()) {
    Print(stderr, DiagnosticLines(flags.source, result.report));
    return kFail;
  }
  // Written first, so a failed write stays a one-line failure.
  if (absl::Status s = WriteFileAtomically(flags.out, *result.channel_file); !s.ok()) {
    return Usage(absl::StrCat("cannot write ", flags.out, ": ", s.message()));
  }
  Print(stderr, DiagnosticLines(flags.source, result.report));  // its warnings
  return kPass;
}

// ---- dump -------------------------------------------------------------------

struct DumpFlags {
  TargetFlags target;
  std::string file;
};

int RunDump(const DumpFlags& flags) {
  absl::StatusOr<Schema> schema = LoadUsableSchema(flags.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  auto targets = ResolveTargets(*schema, flags.target.sensors);
  if (!targets.ok()) return Usage(targets.status());
  std::vector<uint8_t> buffer;
  absl::StatusOr<InputFile> input = OpenForCheck(flags.file, *schema, &buffer);
  if (!input.ok()) return Usage(input.status());
  if (DetectFileKind(input->bytes()) != FileKind::kChannel) {
    return Usage(
        absl::StrCat("dump takes a channel file; ", flags.file, " is a source (JSON) file"));
  }
  RegexCache regex_cache;
  ValidateOptions options;
  options.target_sensors = std::move(*targets);
  options.regex_cache = &regex_cache;
  if (input->bytes().size() > schema->channel().max_file_size) {
    Report report;
    CheckBytes(input->bytes(), *schema, options, &report);
    Print(stderr, DiagnosticLines(flags.file, report));
    return kFail;
  }
  DumpResult result = DumpChannelFile(input->bytes(), *schema, options);
  Print(stderr, DiagnosticLines(flags.file, result.report));
  if (!result.report.valid() || !result.source_json.has_value()) return kFail;
  Print(stdout, *result.source_json);
  return kPass;
}

// ---- check-schema -----------------------------------------------------------

struct CheckSchemaFlags {
  std::string format = "text";
  std::vector<std::string> files;
};

int RunCheckSchema(const CheckSchemaFlags& flags) {
  // Read every file first: an unreadable one is a usage error, with nothing
  // printed on standard output.
  std::vector<std::string> texts;
  texts.reserve(flags.files.size());
  for (const std::string& path : flags.files) {
    absl::StatusOr<std::string> text = ReadWholeFile(path);
    if (!text.ok()) return Usage(text.status());
    texts.push_back(std::move(*text));
  }
  RenderOptions render;
  render.format = *ParseOutputFormat(flags.format);
  render.tool_version = kVersion;
  ReportAssembler assembler(render);
  RunTotals totals;
  for (size_t i = 0; i < texts.size(); ++i) {
    const SchemaLoadResult loaded = LoadSchema(texts[i]);
    assembler.AddFile({flags.files[i], ResultKind::kSchema, &loaded.report});
    totals.Add(loaded.report, /*strict=*/false);
  }
  Print(stdout, std::move(assembler).Finish(totals));
  return totals.failed == 0 ? kPass : kFail;
}

// ---- explain ----------------------------------------------------------------

int RunExplain(const std::string& code_text) {
  std::string name;
  for (char c : code_text)
    name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) name = "CG" + name;
  const std::optional<Code> code = ParseCode(name);
  if (!code.has_value()) {
    return Usage(absl::StrCat("unknown diagnostic code '", code_text, "' (codes look like CG400)"));
  }
  const CatalogEntry& entry = CatalogEntryFor(*code);
  const Explanation& explanation = ExplanationFor(*code);
  std::string out =
      absl::StrCat(std::string(entry.name), " (", std::string(SeverityName(entry.severity)),
                   "): ", std::string(entry.title), "\n\n");
  absl::StrAppend(&out, "Meaning: ", std::string(explanation.meaning), "\n\n");
  absl::StrAppend(&out, "Example: ", std::string(explanation.example), "\n\n");
  absl::StrAppend(&out, "Fix: ", std::string(explanation.fix), "\n");
  Print(stdout, out);
  return kPass;
}

// ---- simulate ---------------------------------------------------------------

struct SimulateFlags {
  TargetFlags target;
  std::string events;
  std::string format = "text";
  std::string file;
};

int RunSimulate(const SimulateFlags& flags) {
  absl::StatusOr<Schema> schema = LoadUsableSchema(flags.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  auto targets = ResolveTargets(*schema, flags.target.sensors);
  if (!targets.ok()) return Usage(targets.status());
  std::optional<std::string> events;
  if (!flags.events.empty()) {
    absl::StatusOr<std::string> text = ReadWholeFile(flags.events);
    if (!text.ok()) return Usage(text.status());
    events = std::move(*text);
  }
  std::vector<uint8_t> buffer;
  absl::StatusOr<InputFile> input = OpenForCheck(flags.file, *schema, &buffer);
  if (!input.ok()) return Usage(input.status());

  SimulateOptions options;
  options.target_sensors = std::move(*targets);
  if (events.has_value()) options.recorded_events = *events;
  absl::StatusOr<SimulateResult> result = Simulate(input->bytes(), *schema, options);
  if (!result.ok()) return Usage(absl::StrCat("simulate: ", result.status().message()));
  Print(stdout, flags.format == "json" ? SimulateJson(*result, flags.file, kVersion)
                                       : SimulateText(*result, flags.file));
  return result->ok() ? kPass : kFail;
}

// ---- gen-header -------------------------------------------------------------

struct GenHeaderFlags {
  TargetFlags target;
  std::string out;
  std::string lang = "c++";
};

int RunGenHeader(const GenHeaderFlags& flags) {
  absl::StatusOr<Schema> schema = LoadUsableSchema(flags.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  const std::string header = flags.lang == "c" ? GenerateCHeader(*schema, flags.target.schema_path)
                                               : GenerateHeader(*schema, flags.target.schema_path);
  if (absl::Status s = WriteFileAtomically(flags.out, header); !s.ok()) {
    return Usage(absl::StrCat("cannot write ", flags.out, ": ", s.message()));
  }
  return kPass;
}

// ---- the command line -------------------------------------------------------

// Accepts a decimal integer of at least `min` (and at most 10^9).
CLI::Validator Count(int min) {
  return CLI::Validator(
      [min](std::string& text) -> std::string {
        const bool digits =
            !text.empty() && text.size() <= 9 &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && std::stoi(text) >= min) return "";
        return absl::StrCat("'", text, "' is not an integer of at least ", min);
      },
      min == 0 ? "N>=0" : "N>=1");
}

int Main(int argc, char** argv) {
  CLI::App app(
      "contentgate: the pre-publish gate for sensor channel files.\n"
      "Validates channel files and their JSON sources against a schema and the\n"
      "target sensors, compiles and dumps them, and checks schemas.",
      "contentgate");
  app.set_version_flag("--version", absl::StrCat("contentgate ", kVersion), "print the version");
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 every file passes, 1 a file has an error (or, with --strict,\n"
      "a warning), 2 usage error. `contentgate COMMAND --help` describes a command.");
  const std::vector<std::string> kFormats = {"text", "json", "sarif"};

  int status = kUsage;
  ValidateFlags validate;
  CLI::App* v = app.add_subcommand("validate",
                                   "check channel and source files (folders are "
                                   "walked for .bin and .json files)");
  validate.target.AddTo(v, true);
  v->add_option("--format", validate.format, "output format")
      ->check(CLI::IsMember(kFormats))
      ->capture_default_str();
  v->add_flag("--strict", validate.strict, "fail on warnings too");
  v->add_option("--max-errors", validate.max_errors,
                "print at most N diagnostics per file (all are counted)")
      ->check(Count(0))
      ->capture_default_str();
  v->add_option("--jobs", validate.jobs, "files checked in parallel (default: the number of cores)")
      ->check(Count(1));
  v->add_option("paths", validate.paths, "files and folders to check")
      ->required()
      ->type_name("PATH");
  v->callback([&] { status = RunValidate(validate); });

  CompileFlags compile;
  CLI::App* c = app.add_subcommand("compile",
                                   "compile a source file to a canonical channel file "
                                   "(written only when it has no error)");
  compile.target.AddTo(c, true);
  c->add_option("-o,--output", compile.out, "channel file to write (atomically)")
      ->required()
      ->type_name("OUT");
  c->add_option("source", compile.source, "source file")->required()->type_name("SOURCE.json");
  c->callback([&] { status = RunCompile(compile); });

  DumpFlags dump;
  CLI::App* d = app.add_subcommand("dump", "print a valid channel file as a source document");
  dump.target.AddTo(d, true);
  d->add_option("file", dump.file, "channel file")->required()->type_name("CHANNEL_FILE");
  d->callback([&] { status = RunDump(dump); });

  CheckSchemaFlags check_schema;
  CLI::App* s = app.add_subcommand("check-schema", "check schema files (errors and warnings)");
  s->add_option("--format", check_schema.format, "output format")
      ->check(CLI::IsMember(kFormats))
      ->capture_default_str();
  s->add_option("files", check_schema.files, "schema files")->required()->type_name("FILE");
  s->callback([&] { status = RunCheckSchema(check_schema); });

  std::string explain_code;
  CLI::App* e = app.add_subcommand("explain", "describe a diagnostic code");
  e->add_option("code", explain_code, "diagnostic code, e.g. CG400")->required()->type_name("CODE");
  e->callback([&] { status = RunExplain(explain_code); });

  SimulateFlags simulate;
  CLI::App* m =
      app.add_subcommand("simulate",
                         "run every instance in the bounds-checked reference interpreter with each "
                         "target sensor's inputs");
  simulate.target.AddTo(m, true);
  m->add_option("--events", simulate.events, "recorded events, JSON lines")
      ->type_name("EVENTS.jsonl");
  m->add_option("--format", simulate.format, "output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  m->add_option("file", simulate.file, "channel or source file")->required()->type_name("PATH");
  m->callback([&] { status = RunSimulate(simulate); });

  GenHeaderFlags gen_header;
  CLI::App* g = app.add_subcommand("gen-header",
                                   "write a C++17 header of the schema's constants "
                                   "for sensor builds");
  gen_header.target.AddTo(g, false);
  g->add_option("-o,--output", gen_header.out, "header file to write")
      ->required()
      ->type_name("OUT.h");
  g->add_option("--lang", gen_header.lang,
                "c++ (default): constants; c: the core's static const tables (core.h)")
      ->check(CLI::IsMember({"c++", "c"}));
  g->callback([&] { status = RunGenHeader(gen_header); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    return Usage(absl::StrCat(error.what(), " (see contentgate --help)"));
  }
  return status;
}

}  // namespace
}  // namespace contentgate::cli

int main(int argc, char** argv) { return contentgate::cli::Main(argc, argv); }
