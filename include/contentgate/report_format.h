// File: contentgate/report_format.h
// Renders the diagnostics of checked files as the gate prints them: text
// lines for people, one JSON document for scripts, or a SARIF 2.1.0 log for
// code-scanning dashboards.
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

// The output formats of `contentgate validate` and `check-schema`.
enum class OutputFormat : uint8_t { kText, kJson, kSarif };

// Parses "text", "json" or "sarif"; nullopt for anything else.
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
  bool strict = false;            // warnings fail a file (text summary)
};

// One checked file. Borrows its path and report.
struct FileReportRef {
  std::string_view path;
  ResultKind kind = ResultKind::kChannel;
  const Report* report = nullptr;
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
// and a note when the cap dropped some. JSON: the file's entry of "files".
// SARIF: one result per kept diagnostic, with a physical location (line and
// column for source and schema files, the byte offset for channel files).
// JSON and SARIF parts put a comma before every element: combine parts with
// ReportAssembler, which knows which element comes first.
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

// The whole output for `files`, in order.
std::string RenderReport(const RenderOptions& options, absl::Span<const FileReportRef> files);

// One diagnostic as a text line without the newline:
// `PATH:LOCATION: error|warning: CODE message [other locations]`, where
// LOCATION is `LINE:COLUMN` when known, else `offset N` when known, and is
// left out (with its colon) otherwise; the bracketed list holds the other
// locations that apply (instance, id, criterion, field, sensor, pointer).
void AppendDiagnosticLine(std::string_view path, const Diagnostic& diagnostic, std::string* out);

}  // namespace contentgate

#endif  // CONTENTGATE_REPORT_FORMAT_H_
