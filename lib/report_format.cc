// File: lib/report_format.cc
// The report formats' common frame: text lines, the JSON document, the
// assembly of parts in order, and the layout every JSON report shares.

#include "contentgate/report_format.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "json_writer.h"
#include "report_ci.h"
#include "report_common.h"
#include "report_sarif.h"
#include "utf8.h"

namespace contentgate {
namespace {

using internal::JsonWriter;

constexpr std::string_view kToolName = "contentgate";

// The location keys of a diagnostic that apply, as JSON members.
void WriteLocationMembers(const Diagnostic& d, JsonWriter* w) {
  if (d.has_offset()) w->Member("offset", d.offset());
  if (d.has_instance()) w->Member("instance", d.instance());
  if (d.has_instance_id()) w->Member("instance_id", d.instance_id());
  if (d.has_criterion()) w->Member("criterion", d.criterion());
  if (d.has_field()) w->Member("field", d.field());
  if (d.has_sensor()) w->Member("sensor", d.sensor());
  if (d.has_pointer()) w->Member("pointer", std::string_view(d.pointer()));
  if (d.has_line()) {
    w->Member("line", d.line());
    w->Member("column", d.column());
  }
}

void AppendJsonFile(const FileReportRef& file, std::string* out) {
  const Report& report = *file.report;
  out->append(",\n");
  JsonWriter w(out);
  w.BeginObject();
  w.Member("path", file.path);  // invalid UTF-8 bytes become U+FFFD
  if (!IsUtf8(file.path)) {
    std::string hex;
    internal::AppendHex(file.path, &hex);
    w.Member("path_bytes", std::string_view(hex));
  }
  w.Member("kind", ResultKindName(file.kind));
  w.Member("valid", report.valid());
  w.Member("errors", uint64_t{report.errors()});
  w.Member("warnings", uint64_t{report.warnings()});
  w.Key("diagnostics");
  w.BeginArray();
  std::string diagnostic;
  for (const Diagnostic& d : report.diagnostics()) {
    diagnostic.clear();
    AppendDiagnosticJson(d, &diagnostic, file.hint);
    w.Raw(diagnostic);
  }
  w.EndArray();
  w.EndObject();
}

void AppendTextFile(const FileReportRef& file, std::string* out) {
  const Report& report = *file.report;
  for (const Diagnostic& d : report.diagnostics()) {
    AppendDiagnosticLine(file.path, d, out, file.hint);
    out->push_back('\n');
  }
  const size_t total = report.errors() + report.warnings();
  const size_t shown = report.diagnostics().size();
  if (total > shown) {
    internal::AppendOneLine(file.path, out);
    absl::StrAppend(out, ": note: ", total - shown,
                    total - shown == 1 ? " more diagnostic" : " more diagnostics",
                    " not shown (limit ", report.max_diagnostics(), ")\n");
  }
}

// Appends a line break and `depth` levels of two-space indentation.
void NewLine(size_t depth, std::string* out) {
  out->push_back('\n');
  out->append(2 * depth, ' ');
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "json") return OutputFormat::kJson;
  if (name == "sarif") return OutputFormat::kSarif;
  if (name == "junit") return OutputFormat::kJunit;
  if (name == "github") return OutputFormat::kGithub;
  return std::nullopt;
}

std::string_view ResultKindName(ResultKind kind) {
  switch (kind) {
    case ResultKind::kChannel:
      return "channel";
    case ResultKind::kSource:
      return "source";
    case ResultKind::kSchema:
      return "schema";
    case ResultKind::kTests:
      return "tests";
  }
  return "channel";
}

ResultKind ResultKindOf(FileKind kind) {
  return kind == FileKind::kSource ? ResultKind::kSource : ResultKind::kChannel;
}

void RunTotals::Add(const Report& report, bool strict) {
  ++files;
  if (!report.passes(strict)) ++failed;
  errors += report.errors();
  warnings += report.warnings();
}

bool IsUtf8(std::string_view text) {
  while (!text.empty()) {
    const size_t n = internal::Utf8SequenceLength(text);
    if (n == 0) return false;
    text.remove_prefix(n);
  }
  return true;
}

void AppendDiagnosticLine(std::string_view path, const Diagnostic& d, std::string* out,
                          std::string_view hint) {
  internal::AppendOneLine(path, out);
  if (d.has_line()) {
    absl::StrAppend(out, ":", d.line(), ":", d.column());
  } else if (d.has_offset()) {
    absl::StrAppend(out, ":offset ", d.offset());
  }
  out->append(": ");
  out->append(SeverityName(d.severity()));
  out->append(": ");
  out->append(CodeName(d.code()));
  out->push_back(' ');
  std::string storage;
  internal::AppendOneLine(internal::ReportedMessage(d, hint, &storage), out);
  // The offset leads the line when there is no line and column.
  internal::AppendOneLine(internal::LocationList(d, d.has_line() ? "offset" : ""), out);
}

void AppendDiagnosticJson(const Diagnostic& d, std::string* out, std::string_view hint) {
  JsonWriter w(out);
  std::string storage;
  w.BeginObject();
  w.Member("code", CodeName(d.code()));
  w.Member("severity", SeverityName(d.severity()));
  w.Member("message", internal::ReportedMessage(d, hint, &storage));
  WriteLocationMembers(d, &w);
  w.EndObject();
}

void AppendFileReport(const RenderOptions& options, const FileReportRef& file, std::string* out) {
  switch (options.format) {
    case OutputFormat::kText:
      AppendTextFile(file, out);
      break;
    case OutputFormat::kJson:
      AppendJsonFile(file, out);
      break;
    case OutputFormat::kSarif:
      internal::AppendSarifFile(options, file, out);
      break;
    case OutputFormat::kJunit:
      internal::AppendJunitFile(options, file, out);
      break;
    case OutputFormat::kGithub:
      internal::AppendGithubFile(file, out);
      break;
  }
}

ReportAssembler::ReportAssembler(const RenderOptions& options) : options_(options) {
  switch (options_.format) {
    case OutputFormat::kText:
    case OutputFormat::kJunit:  // the opening needs the totals: made by Finish
    case OutputFormat::kGithub:
      break;
    case OutputFormat::kJson: {
      out_.append("{\"tool\":");
      internal::AppendJsonString(&out_, kToolName);
      out_.append(",\"version\":");
      internal::AppendJsonString(&out_, options_.tool_version);
      out_.append(",\"files\":[");
      break;
    }
    case OutputFormat::kSarif:
      internal::AppendSarifBegin(options_, &out_);
      break;
  }
}

void ReportAssembler::AddPart(std::string_view part) {
  const bool json =
      options_.format == OutputFormat::kJson || options_.format == OutputFormat::kSarif;
  if (json && first_element_ && !part.empty()) {
    part.remove_prefix(1);  // the comma before the run's first element
    first_element_ = false;
  }
  out_.append(part);
}

void ReportAssembler::AddFile(const FileReportRef& file) {
  std::string part;
  AppendFileReport(options_, file, &part);
  AddPart(part);
}

std::string ReportAssembler::Finish(const RunTotals& totals) && {
  switch (options_.format) {
    case OutputFormat::kText:
    case OutputFormat::kGithub:  // a plain line in the job's log after the commands
      out_.append(kToolName);
      absl::StrAppend(&out_, ": ", totals.files, totals.files == 1 ? " file" : " files",
                      " checked: ", totals.files - totals.failed, " passed, ", totals.failed,
                      " failed; ", totals.errors, totals.errors == 1 ? " error, " : " errors, ",
                      totals.warnings, totals.warnings == 1 ? " warning" : " warnings",
                      options_.strict ? " (strict: warnings fail)" : "", "\n");
      break;
    case OutputFormat::kJson:
      out_.append("\n]}\n");
      break;
    case OutputFormat::kSarif:
      out_.append("\n]}]}\n");
      break;
    case OutputFormat::kJunit:
      out_.insert(0, internal::JunitBegin(options_, totals));
      out_.append("</testsuite>\n</testsuites>\n");
      break;
  }
  const bool json =
      options_.format == OutputFormat::kJson || options_.format == OutputFormat::kSarif;
  if (json && options_.pretty) return LayoutJsonReport(out_, /*pretty=*/true);
  return std::move(out_);
}

std::string LayoutJsonReport(std::string_view json, bool pretty) {
  std::string out;
  out.reserve(json.size() + json.size() / 4);
  // Per open container: is it an array whose elements go on their own lines
  // (compact layout), and is it still empty.
  struct Frame {
    bool lined;
    bool empty;
  };
  std::vector<Frame> stack;
  bool in_string = false;
  bool escaped = false;
  bool after_key = false;  // the last top-level token of the object was a key
  std::string_view last_key;
  size_t key_start = 0;
  const auto before_value = [&] {
    if (after_key || stack.empty()) return;
    Frame& top = stack.back();
    if (pretty || top.lined) NewLine(pretty ? stack.size() : 0, &out);
    top.empty = false;
  };
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out.push_back(c);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        last_key = json.substr(key_start, i + 1 - key_start);
      }
      continue;
    }
    switch (c) {
      case ' ':
      case '\n':
      case '\r':
      case '\t':
        break;
      case '"':
        before_value();
        after_key = false;
        in_string = true;
        key_start = i;
        out.push_back(c);
        break;
      case ':':
        out.append(pretty ? ": " : ":");
        after_key = true;
        break;
      case ',':
        out.push_back(',');
        after_key = false;
        break;
      case '{':
      case '[': {
        before_value();
        // Compact layout: "files" of the top-level object, "results" of a run.
        const bool lined = c == '[' && after_key &&
                           ((stack.size() == 1 && last_key == "\"files\"") ||
                            (stack.size() == 3 && last_key == "\"results\""));
        after_key = false;
        out.push_back(c);
        stack.push_back({lined, true});
        break;
      }
      case '}':
      case ']': {
        const Frame top = stack.empty() ? Frame{false, true} : stack.back();
        if (!stack.empty()) stack.pop_back();
        if (top.lined || (pretty && !top.empty)) NewLine(pretty ? stack.size() : 0, &out);
        out.push_back(c);
        after_key = false;
        break;
      }
      default:
        before_value();
        after_key = false;
        // A number, true, false or null: copy up to the next delimiter.
        while (i < json.size() && json[i] != ',' && json[i] != '}' && json[i] != ']' &&
               json[i] != ' ' && json[i] != '\n' && json[i] != '\r' && json[i] != '\t') {
          out.push_back(json[i++]);
        }
        --i;
        break;
    }
  }
  out.push_back('\n');
  return out;
}

std::string RenderReport(const RenderOptions& options, absl::Span<const FileReportRef> files) {
  ReportAssembler assembler(options);
  RunTotals totals;
  for (const FileReportRef& file : files) {
    assembler.AddFile(file);
    totals.Add(*file.report, options.strict);
  }
  return std::move(assembler).Finish(totals);
}

}  // namespace contentgate
