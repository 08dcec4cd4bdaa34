// File: cli/command_support.cc
// The shared pieces of every command: the one-line failure, the
// --schema/--sensor and report options, and delivering reports.

#include "command_support.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "file_input.h"

namespace contentgate::cli {

const char kVersion[] = CONTENTGATE_VERSION;
const char kInformationUri[] = CONTENTGATE_INFORMATION_URI;

ExitStatus Usage(std::string_view message) {
  std::string line = "contentgate: ";
  for (char ch : message) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      line.append("\\x");
      line.push_back(kHex[c >> 4]);
      line.push_back(kHex[c & 0xF]);
    } else {
      line.push_back(ch);
    }
  }
  line.push_back('\n');
  WriteStderr(line);
  return kUsage;
}

ExitStatus Usage(const absl::Status& status) {
  return Usage(std::string_view(status.message().data(), status.message().size()));
}

void TargetFlags::AddTo(CLI::App* app, bool with_sensors) {
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

absl::StatusOr<Schema> LoadUsableSchema(const std::string& path) {
  absl::StatusOr<std::string> text = ReadWholeInput(path, kTextInputLimit, "schema");
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("schema: ", text.status().message()));
  }
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

absl::StatusOr<std::optional<std::vector<uint32_t>>> ResolveTargets(
    const Schema& schema, const std::vector<std::string>& versions) {
  if (versions.empty()) return std::optional<std::vector<uint32_t>>();
  absl::StatusOr<std::vector<uint32_t>> resolved = schema.ResolveTargetSensors(versions);
  if (!resolved.ok()) return resolved.status();
  return std::optional<std::vector<uint32_t>>(std::move(*resolved));
}

CLI::Validator WholeNumberAtLeast(int least, size_t max_digits) {
  return CLI::Validator(
      [least, max_digits](std::string& text) -> std::string {
        const bool digits =
            !text.empty() && text.size() <= max_digits &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && std::stoi(text) >= least) return "";
        return absl::StrCat("'", text, "' is not a whole number of at least ", least);
      },
      "");
}

void ReportFlags::AddTo(CLI::App* app, unsigned which, const std::vector<std::string>& formats) {
  if (which & kFormatOption) {
    app->add_option(
           "--format", format,
           absl::StrCat("report format: ", absl::StrJoin(formats, ", "), " (default: text)"))
        ->type_name("FORMAT")
        ->check(CLI::Validator(
            [formats](std::string& value) -> std::string {
              if (std::find(formats.begin(), formats.end(), value) != formats.end()) return "";
              return absl::StrCat("'", value, "' is not one of ", absl::StrJoin(formats, ", "));
            },
            ""));
  }
  if (which & kIgnoreOption) {
    app->add_option("--ignore", ignore,
                    "drop this warning code from the report and the counts (repeatable; an "
                    "error code cannot be ignored)")
        ->type_name("CODE")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
  if (which & kReportOption) {
    app->add_option("--report", report,
                    "write the report to FILE (atomically) instead of standard output")
        ->type_name("FILE");
  }
  if (which & kStrictOption) app->add_flag("--strict", strict, "fail on warnings too");
  if (which & kMaxErrorsOption) {
    app->add_option("--max-errors", max_errors,
                    "report at most N diagnostics per file, errors first; all are counted "
                    "(default: 100)")
        ->type_name("N")
        ->check(WholeNumberAtLeast(0, 9));
  }
  if (which & kPrettyOption) {
    app->add_flag("--pretty", pretty, "indent JSON and SARIF reports (default: compact)");
  }
  if (which & kStdinNameOption) {
    app->add_option("--stdin-name", stdin_name,
                    "the name reports give standard input, read for a PATH of - (default: -)")
        ->type_name("NAME");
  }
}

std::string_view ReportSettings::NameOf(const std::string& path) const {
  return path == kStdio ? std::string_view(stdin_name) : std::string_view(path);
}

absl::StatusOr<ReportSettings> ResolveReportFlags(const ReportFlags& flags,
                                                  std::string_view command) {
  ReportSettings settings;
  settings.render.format = ParseOutputFormat(flags.format).value_or(OutputFormat::kText);
  settings.render.strict = flags.strict;
  settings.render.pretty = flags.pretty;
  settings.render.tool_version = kVersion;
  settings.render.information_uri = kInformationUri;
  settings.max_errors = flags.max_errors;
  settings.report_path = flags.report;
  settings.stdin_name = flags.stdin_name;
  char cwd[PATH_MAX];
  if (getcwd(cwd, sizeof cwd) != nullptr) settings.current_folder = cwd;
  for (const std::string& text : flags.ignore) {
    std::string name;
    for (char c : text)
      name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) name = "CG" + name;
    const std::optional<Code> code = ParseCode(name);
    if (!code.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(std::string(command), ": --ignore ", text,
                                                     ": not a diagnostic code (codes look like "
                                                     "CG401; see contentgate explain --list)"));
    }
    if (SeverityOf(*code) == Severity::kError) {
      return absl::InvalidArgumentError(absl::StrCat(std::string(command), ": --ignore ", name,
                                                     ": an error cannot be ignored, only a "
                                                     "warning"));
    }
    settings.ignored.push_back(*code);
  }
  return settings;
}

void FilterIgnored(const ReportSettings& settings, Report* report) {
  if (settings.ignored.empty()) return;
  Report kept(settings.max_errors);
  for (const Diagnostic& d : report->diagnostics()) {
    if (std::find(settings.ignored.begin(), settings.ignored.end(), d.code()) !=
        settings.ignored.end()) {
      continue;
    }
    if (Diagnostic* copy = kept.Add(d.code())) *copy = d;
  }
  *report = std::move(kept);
}

absl::StatusOr<OutputSink> OpenReportSink(const ReportSettings& settings,
                                          const std::vector<std::string>& inputs) {
  if (absl::Status s = RefuseOutputOverInput(settings.report_path, "--report", inputs); !s.ok()) {
    return s;
  }
  return OutputSink::Open(settings.report_path, "--report");
}

std::string RenderOneFile(const ReportSettings& settings, const FileReportRef& file) {
  if (settings.render.format == OutputFormat::kText) {
    std::string out;
    AppendFileReport(settings.render, file, &out);
    return out;
  }
  return RenderReport(settings.render, {&file, 1});
}

int DeliverToStderrOrReport(const ReportSettings& settings, OutputSink* report_sink,
                            std::string_view document, int status) {
  if (settings.report_path.empty()) {
    WriteStderr(document);
    return status;
  }
  if (absl::Status s = report_sink->Write(document); !s.ok()) return Usage(s);
  return status;
}

int Deliver(OutputSink* sink, std::string_view document, int status) {
  if (absl::Status s = sink->Write(document); !s.ok()) return Usage(s);
  if (absl::Status s = CloseStdout(); !s.ok()) return Usage(s);
  return status;
}

}  // namespace contentgate::cli
