// File: contentgate/report_format.h
// Renders the diagnostics of checked files as the gate prints them: text
// lines for people, one JSON document for scripts, a SARIF 2.1.0 log for
// code-scanning dashboards, a JUnit XML report for CI test views, or GitHub
// Actions workflow commands.
//
// Each file's part is rendered on its own, so a caller checking files in
// parallel can render it on the thread that checked it and assemble the
// parts in order: the result is the same as rendering the whole run at once.

#ifndef CONTENTGATE_REPORT_FORMAT_H_
#define CONTENTGATE_REPORT_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/types/span.h"
#include "contentgate/diagnostic.h"
#include "contentgate/validate.h"

namespace contentgate {

// The output formats of the reporting commands.
enum class OutputFormat : uint8_t { kText, kJson, kSarif, kJunit, kGithub };

// Parses "text", "json", "sarif", "junit" or "github"; nullopt for anything
// else.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

// What a checked file was read as.
enum class ResultKind : uint8_t { kChannel, kSource, kSchema, kTests };

// "channel", "source", "schema" or "tests".
std::string_view ResultKindName(ResultKind kind);

// The ResultKind of a file that DetectFileKind classified as `kind`.
ResultKind ResultKindOf(FileKind kind);

// What to render, besides the files.
struct RenderOptions {
  OutputFormat format = OutputFormat::kText;
  std::string_view tool_version;  // "version" in JSON, the driver's in SARIF
  bool strict = false;            // warnings fail a file (text summary, JUnit)
  bool pretty = false;            // JSON and SARIF indented (LayoutJsonReport)
  // SARIF: the folder %SRCROOT% stands for (absolute, no trailing '/';
  // empty: the current folder is unknown, relative paths stay relative).
  std::string_view source_root;
  // SARIF: the driver's informationUri (left out when empty).
  std::string_view information_uri;
  // JUnit: the test suite's name (e.g. "contentgate validate").
  std::string_view suite_name = "contentgate";
};

// One checked file. Borrows its path and report.
struct FileReportRef {
  FileReportRef() = default;
  FileReportRef(std::string_view path_in, ResultKind kind_in, const Report* report_in,
                std::string_view hint_in = {})
      : path(path_in), kind(kind_in), report(report_in), hint(hint_in) {}

  std::string_view path;
  ResultKind kind = ResultKind::kChannel;
  const Report* report = nullptr;
  // Appended ("; " + hint) to the message of a CG100 or CG101 diagnostic of
  // a channel file (see ChannelFileHint in input_hints.h).
  std::string_view hint;
};

// The totals of a run, for the end of the output.
struct RunTotals {
  size_t files = 0;
  size_t failed = 0;  // files with an error (or, when strict, a warning)
  size_t errors = 0;
  size_t warnings = 0;

  // Adds one file's counts.
  void Add(const Report& report, bool strict);
};

// Appends the part of one file. Thread-safe for distinct `out`, so files
// can be rendered on the threads that checked them. Text: one line per kept
// diagnostic, `PATH:LOCATION: error|warning: CODE message [other locations]`,
// and a note when the cap dropped some (control characters of PATH shown as
// \xHH). JSON: the file's entry of "files" (a PATH that is not UTF-8 is
// written with U+FFFD for each invalid byte, plus "path_bytes", its bytes in
// hexadecimal). SARIF: one result per kept diagnostic, with a physical
// location (line and column for source and schema files; line 1 and the
// byte offset and length for channel files). JUnit: one test case with a
// failure element per kept error (per warning too when strict). GitHub: one
// workflow command per kept diagnostic. JSON and SARIF parts put a comma
// before every element: combine parts with ReportAssembler, which knows which
// element comes first.
void AppendFileReport(const RenderOptions& options, const FileReportRef& file, std::string* out);

// Assembles the output of a run: the beginning (nothing for text, the
// opening of the document for JSON and SARIF, where every catalog code is a
// rule, in catalog order, so a result's ruleIndex is its code's catalog
// index), the files' parts in order, and the end (a summary line for text,
// the closing of the document otherwise). Every format ends in a newline.
class ReportAssembler {
 public:
  explicit ReportAssembler(const RenderOptions& options);

  // Adds a part rendered by AppendFileReport with the same options.
  void AddPart(std::string_view part);
  // Renders `file` and adds its part.
  void AddFile(const FileReportRef& file);
  // Closes the document with the run's totals and returns it.
  std::string Finish(const RunTotals& totals) &&;

 private:
  RenderOptions options_;
  std::string out_;
  bool first_element_ = true;
};

// Reformats a JSON report document (valid JSON, as ReportAssembler makes
// it): pretty, every container's members on their own lines indented by two
// spaces; otherwise the compact layout every command shares, no optional
// white space except a line break before each element of the arrays that are
// members of the top-level object (JSON "files") or of one run (SARIF
// "results") and before their closing bracket. Ends in a newline.
std::string LayoutJsonReport(std::string_view json, bool pretty);

// True when `text` is well-formed UTF-8 (RFC 3629).
bool IsUtf8(std::string_view text);

// The whole output for `files`, in order.
std::string RenderReport(const RenderOptions& options, absl::Span<const FileReportRef> files);

// One diagnostic as a text line without the newline:
// `PATH:LOCATION: error|warning: CODE message [other locations]`, where
// LOCATION is `LINE:COLUMN` when known, else `offset N` when known, and is
// left out (with its colon) otherwise; the bracketed list holds the other
// locations that apply (instance, id, criterion, field, sensor, pointer).
// Control characters in PATH and the message are shown as \xHH; `hint` is
// appended to a CG100/CG101 message as for FileReportRef::hint.
void AppendDiagnosticLine(std::string_view path, const Diagnostic& diagnostic, std::string* out,
                          std::string_view hint = {});

// One diagnostic as a compact JSON object, as the "diagnostics" of the JSON
// format hold it: code, severity, message (with `hint` appended as for
// FileReportRef::hint) and the location keys that apply.
void AppendDiagnosticJson(const Diagnostic& diagnostic, std::string* out,
                          std::string_view hint = {});

}  // namespace contentgate

#endif  // CONTENTGATE_REPORT_FORMAT_H_
