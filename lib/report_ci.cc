// File: lib/report_ci.cc
// JUnit XML and GitHub Actions workflow commands.

#include "report_ci.h"

#include "absl/strings/str_cat.h"
#include "report_common.h"

namespace contentgate::internal {
namespace {

// Workflow-command escaping: data escapes %, CR and LF; property values
// also ':' and ','. Other control characters become \xHH, as in text
// output, so a command stays on one line.
void AppendGithubEscaped(std::string_view text, bool property, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if ((byte < 0x20 && ch != '\r' && ch != '\n') || byte == 0x7F) {
      out->append("\\x");
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 0xF]);
      continue;
    }
    switch (ch) {
      case '%':
        out->append("%25");
        break;
      case '\r':
        out->append("%0D");
        break;
      case '\n':
        out->append("%0A");
        break;
      case ':':
        out->append(property ? "%3A" : ":");
        break;
      case ',':
        out->append(property ? "%2C" : ",");
        break;
      default:
        out->push_back(ch);
    }
  }
}

}  // namespace

std::string JunitBegin(const RenderOptions& options, const RunTotals& totals) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"";
  AppendXml(options.suite_name, &out);
  absl::StrAppend(&out, "\" tests=\"", totals.files, "\" failures=\"", totals.failed,
                  "\" errors=\"0\" skipped=\"0\">\n");
  return out;
}

void AppendJunitFile(const RenderOptions& options, const FileReportRef& file, std::string* out) {
  const Report& report = *file.report;
  out->append("<testcase classname=\"contentgate.");
  out->append(ResultKindName(file.kind));
  out->append("\" name=\"");
  AppendXml(file.path, out);
  out->append("\">\n");
  std::string other;
  std::string storage;
  for (const Diagnostic& d : report.diagnostics()) {
    std::string line;
    AppendDiagnosticLine(file.path, d, &line, file.hint);
    if (d.severity() == Severity::kError || options.strict) {
      out->append("<failure type=\"");
      out->append(CodeName(d.code()));
      out->append("\" message=\"");
      AppendXml(ReportedMessage(d, file.hint, &storage), out);
      out->append("\">");
      AppendXml(line, out);
      out->append("</failure>\n");
    } else {
      other.append(line);
      other.push_back('\n');
    }
  }
  const size_t total = report.errors() + report.warnings();
  const size_t shown = report.diagnostics().size();
  if (total > shown) {
    absl::StrAppend(&other, total - shown,
                    total - shown == 1 ? " more diagnostic" : " more diagnostics",
                    " not shown (limit ", report.max_diagnostics(), ")\n");
  }
  if (!other.empty()) {
    out->append("<system-out>");
    AppendXml(other, out);
    out->append("</system-out>\n");
  }
  out->append("</testcase>\n");
}

void AppendGithubFile(const FileReportRef& file, std::string* out) {
  std::string path;
  AppendRepairedUtf8(file.path, &path);
  std::string storage;
  for (const Diagnostic& d : file.report->diagnostics()) {
    out->append(d.severity() == Severity::kError ? "::error file=" : "::warning file=");
    AppendGithubEscaped(path, /*property=*/true, out);
    const bool line_known = file.kind != ResultKind::kChannel && d.has_line();
    absl::StrAppend(out, ",line=", line_known ? d.line() : 1u);
    if (line_known && d.column() > 0) absl::StrAppend(out, ",col=", d.column());
    out->append(",title=");
    out->append(CodeName(d.code()));
    out->append("::");
    // The message, then the locations a line and column cannot give, the
    // byte offset first.
    std::string message(ReportedMessage(d, file.hint, &storage));
    message.append(LocationList(d, "byte offset"));
    std::string repaired;
    AppendRepairedUtf8(message, &repaired);
    AppendGithubEscaped(repaired, /*property=*/false, out);
    out->push_back('\n');
  }
  // Diagnostics past the cap are not silently dropped: a notice counts them.
  const Report& report = *file.report;
  const size_t total = report.errors() + report.warnings();
  const size_t shown = report.diagnostics().size();
  if (total > shown) {
    out->append("::notice file=");
    AppendGithubEscaped(path, /*property=*/true, out);
    out->append("::");
    absl::StrAppend(out, total - shown,
                    total - shown == 1 ? " more diagnostic" : " more diagnostics",
                    " not shown (limit ", report.max_diagnostics(), ")\n");
  }
}

}  // namespace contentgate::internal
