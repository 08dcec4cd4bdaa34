// File: cli/command_support.h
// What every command shares: exit statuses, the one-line failure, the
// --schema/--sensor options, and the report options (--format, --ignore,
// --report, --strict, --max-errors, --pretty, --stdin-name) with the helpers
// that apply them. A command file (cli/<name>_command.cc) registers its
// subcommand with these and is listed once in commands.h.

#ifndef CONTENTGATE_CLI_COMMAND_SUPPORT_H_
#define CONTENTGATE_CLI_COMMAND_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "contentgate/diagnostic.h"
#include "contentgate/report_format.h"
#include "contentgate/schema.h"
#include "output.h"

namespace contentgate::cli {

// Exit statuses: the checks passed, they failed, or the command could not
// run them (a usage error, an unreadable input, a failed write).
enum ExitStatus : int { kPass = 0, kFail = 1, kUsage = 2 };

// The tool's version, and the informationUri SARIF logs give.
extern const char kVersion[];
extern const char kInformationUri[];

// Prints `message` as the one line of a status-2 failure ("contentgate:
// MESSAGE", control characters shown as \xHH) on standard error and returns
// kUsage.
ExitStatus Usage(std::string_view message);
ExitStatus Usage(const absl::Status& status);

// --schema and --sensor, as several commands take them.
struct TargetFlags {
  std::string schema_path;
  std::vector<std::string> sensors;

  // Adds --schema (required) and, when `with_sensors`, --sensor.
  void AddTo(CLI::App* app, bool with_sensors);
};

// Loads a schema (at most kTextInputLimit bytes) that must be free of
// errors: a schema with errors is an error naming the first one.
absl::StatusOr<Schema> LoadUsableSchema(const std::string& path);

// The target sensors: nullopt (every sensor of the schema) when none are
// named; an unknown version is CG403.
absl::StatusOr<std::optional<std::vector<uint32_t>>> ResolveTargets(
    const Schema& schema, const std::vector<std::string>& versions);

// The report options a command takes (a bit set).
enum ReportOption : unsigned {
  kFormatOption = 1,
  kIgnoreOption = 2,
  kReportOption = 4,
  kStrictOption = 8,
  kMaxErrorsOption = 16,
  kPrettyOption = 32,
  kStdinNameOption = 64,
  kAllReportOptions = 127,
};

// Checks an option's text: a whole number of at most `max_digits` decimal
// digits and at least `least`; otherwise the message "'TEXT' is not a whole
// number of at least LEAST".
CLI::Validator WholeNumberAtLeast(int least, size_t max_digits);

// The names --format accepts in a command that offers every report format.
inline const std::vector<std::string>& AllFormats() {
  static const std::vector<std::string>* const formats =
      new std::vector<std::string>{"text", "json", "sarif", "junit", "github"};
  return *formats;
}

// The report options as parsed.
struct ReportFlags {
  std::string format = "text";
  std::vector<std::string> ignore;
  std::string report;
  bool strict = false;
  size_t max_errors = Report::kDefaultMaxDiagnostics;
  bool pretty = false;
  std::string stdin_name = "-";

  // Adds the options of `which` to `app`; --format accepts `formats`.
  void AddTo(CLI::App* app, unsigned which, const std::vector<std::string>& formats);
};

// The report options, checked and resolved.
struct ReportSettings {
  RenderOptions render;       // format, strict, pretty, version, SARIF root
  std::vector<Code> ignored;  // warning codes dropped by --ignore
  size_t max_errors = Report::kDefaultMaxDiagnostics;
  std::string report_path;  // --report ("" for standard output)
  std::string stdin_name = "-";
  std::string current_folder;  // storage for render.source_root

  // The cap to give the library: every diagnostic when some are ignored
  // (FilterIgnored applies the cap), else max_errors.
  size_t collect_cap() const { return ignored.empty() ? max_errors : SIZE_MAX; }
  // The name reports use for `path` ("-" is stdin_name).
  std::string_view NameOf(const std::string& path) const;
};

// Checks and resolves `flags` for `command` (its name, for messages): an
// --ignore code that is unknown or names an error is an error.
absl::StatusOr<ReportSettings> ResolveReportFlags(const ReportFlags& flags,
                                                  std::string_view command);

// Drops the diagnostics of --ignore'd codes from `report` (neither kept nor
// counted), then applies the --max-errors cap. No-op without --ignore.
void FilterIgnored(const ReportSettings& settings, Report* report);

// Opens the report's destination (--report FILE, or standard output),
// refusing a FILE that is one of `inputs`.
absl::StatusOr<OutputSink> OpenReportSink(const ReportSettings& settings,
                                          const std::vector<std::string>& inputs);

// The report of one file for a command whose standard output is an
// artifact of its own (compile, dump, simulate): text is the file's lines
// (and cap note) without a summary line; the other formats are whole
// documents.
std::string RenderOneFile(const ReportSettings& settings, const FileReportRef& file);

// Delivers a one-file report: to --report FILE (atomically, through
// `*report_sink`) or, without it, to standard error. Returns `status`, or
// the status-2 failure when the write fails.
int DeliverToStderrOrReport(const ReportSettings& settings, OutputSink* report_sink,
                            std::string_view document, int status);

// Writes `document` to `sink` and returns `status`, or the status-2
// failure when the write (or closing standard output) fails.
int Deliver(OutputSink* sink, std::string_view document, int status);

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_COMMAND_SUPPORT_H_
