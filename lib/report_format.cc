// File: lib/report_format.cc

#include "contentgate/report_format.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "json_writer.h"

namespace contentgate {
namespace {

using internal::JsonWriter;

constexpr std::string_view kToolName = "contentgate";
constexpr std::string_view kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

// A SARIF rule name per code, from the enumerator: kHeaderCrcMismatch ->
// HeaderCrcMismatch. Generated from the same list as the catalog.
struct RuleName {
  Code code;
  std::string_view name;
};
constexpr RuleName kRuleNames[] = {
#define CG_CODE(name, number, severity, title) {Code::name, std::string_view(#name).substr(1)},
#include "contentgate/diagnostic_codes.inc"
#undef CG_CODE
};

// Position of `code` in the catalog (which is sorted by code).
size_t CatalogIndex(Code code) {
  const absl::Span<const CatalogEntry> catalog = Catalog();
  return static_cast<size_t>(
      std::lower_bound(catalog.begin(), catalog.end(), code,
                       [](const CatalogEntry& e, Code c) { return e.code < c; }) -
      catalog.begin());
}

std::string_view RuleNameOf(Code code) {
  const auto* it = std::lower_bound(std::begin(kRuleNames), std::end(kRuleNames), code,
                                    [](const RuleName& r, Code c) { return r.code < c; });
  return it != std::end(kRuleNames) && it->code == code ? it->name : std::string_view();
}

std::string_view SarifLevel(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

// Appends `text` with control characters shown as \xNN, so a message that
// quotes file content stays on one line.
void AppendOneLine(std::string_view text, std::string* out) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out->append("\\x");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    } else {
      out->push_back(ch);
    }
  }
}

// A path as a SARIF artifact URI: relative paths stay relative references,
// absolute ones become file:// URIs; bytes outside the unreserved set (and
// '/') are percent-encoded.
std::string ArtifactUri(std::string_view path) {
  std::string uri = path.size() > 0 && path[0] == '/' ? "file://" : "";
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      uri.push_back(ch);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri.push_back('%');
      uri.push_back(kHex[c >> 4]);
      uri.push_back(kHex[c & 0xF]);
    }
  }
  return uri;
}

// The location keys of a diagnostic that apply, as JSON members.
void WriteLocationMembers(const Diagnostic& d, bool with_line, JsonWriter* w) {
  if (d.has_offset()) w->Member("offset", d.offset());
  if (d.has_instance()) w->Member("instance", d.instance());
  if (d.has_instance_id()) w->Member("instance_id", d.instance_id());
  if (d.has_criterion()) w->Member("criterion", d.criterion());
  if (d.has_field()) w->Member("field", d.field());
  if (d.has_sensor()) w->Member("sensor", d.sensor());
  if (d.has_pointer()) w->Member("pointer", std::string_view(d.pointer()));
  if (with_line && d.has_line()) {
    w->Member("line", d.line());
    w->Member("column", d.column());
  }
}

void AppendJsonFile(const FileReportRef& file, std::string* out) {
  const Report& report = *file.report;
  out->append(",\n");
  JsonWriter w(out);
  w.BeginObject();
  w.Member("path", file.path);
  w.Member("kind", ResultKindName(file.kind));
  w.Member("valid", report.valid());
  w.Member("errors", uint64_t{report.errors()});
  w.Member("warnings", uint64_t{report.warnings()});
  w.Key("diagnostics");
  w.BeginArray();
  for (const Diagnostic& d : report.diagnostics()) {
    w.BeginObject();
    w.Member("code", CodeName(d.code()));
    w.Member("severity", SeverityName(d.severity()));
    w.Member("message", d.message());
    WriteLocationMembers(d, /*with_line=*/true, &w);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void AppendSarifFile(const FileReportRef& file, std::string* out) {
  const std::string uri = ArtifactUri(file.path);
  for (const Diagnostic& d : file.report->diagnostics()) {
    out->append(",\n");
    JsonWriter w(out);
    w.BeginObject();
    w.Member("ruleId", CodeName(d.code()));
    w.Member("ruleIndex", uint64_t{CatalogIndex(d.code())});
    w.Member("level", SarifLevel(d.severity()));
    w.Key("message");
    w.BeginObject();
    w.Member("text", d.message());
    w.EndObject();
    w.Key("locations");
    w.BeginArray();
    w.BeginObject();
    w.Key("physicalLocation");
    w.BeginObject();
    w.Key("artifactLocation");
    w.BeginObject();
    w.Member("uri", std::string_view(uri));
    w.EndObject();
    const bool line_region = file.kind != ResultKind::kChannel && d.has_line();
    const bool byte_region = file.kind == ResultKind::kChannel && d.has_offset();
    if (line_region || byte_region) {
      w.Key("region");
      w.BeginObject();
      if (line_region) {
        w.Member("startLine", d.line());
        if (d.column() > 0) w.Member("startColumn", d.column());
      } else {
        w.Member("byteOffset", d.offset());
      }
      w.EndObject();
    }
    w.EndObject();
    if (d.has_pointer()) {
      w.Key("logicalLocations");
      w.BeginArray();
      w.BeginObject();
      w.Member("fullyQualifiedName", std::string_view(d.pointer()));
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
    w.EndArray();
    w.Key("properties");
    w.BeginObject();
    w.Member("kind", ResultKindName(file.kind));
    WriteLocationMembers(d, /*with_line=*/false, &w);
    w.EndObject();
    w.EndObject();
  }
}

void AppendTextFile(const FileReportRef& file, std::string* out) {
  const Report& report = *file.report;
  for (const Diagnostic& d : report.diagnostics()) {
    AppendDiagnosticLine(file.path, d, out);
    out->push_back('\n');
  }
  const size_t total = report.errors() + report.warnings();
  const size_t shown = report.diagnostics().size();
  if (total > shown) {
    out->append(file.path);
    absl::StrAppend(out, ": note: ", total - shown,
                    total - shown == 1 ? " more diagnostic" : " more diagnostics",
                    " not shown (limit ", report.max_diagnostics(), ")\n");
  }
}

void AppendSarifBegin(const RenderOptions& options, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Member("$schema", kSarifSchema);
  w.Member("version", "2.1.0");
  w.Key("runs");
  w.BeginArray();
  w.BeginObject();
  w.Key("tool");
  w.BeginObject();
  w.Key("driver");
  w.BeginObject();
  w.Member("name", kToolName);
  w.Member("version", options.tool_version);
  w.Key("rules");
  w.BeginArray();
  for (const CatalogEntry& entry : Catalog()) {
    const Explanation& explanation = ExplanationFor(entry.code);
    w.BeginObject();
    w.Member("id", entry.name);
    w.Member("name", RuleNameOf(entry.code));
    w.Key("shortDescription");
    w.BeginObject();
    w.Member("text", entry.title);
    w.EndObject();
    w.Key("fullDescription");
    w.BeginObject();
    w.Member("text", explanation.meaning);
    w.EndObject();
    w.Key("help");
    w.BeginObject();
    w.Member("text", explanation.fix);
    w.EndObject();
    w.Key("defaultConfiguration");
    w.BeginObject();
    w.Member("level", SarifLevel(entry.severity));
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  // The writer's document stays open: results follow as raw parts.
  out->append(",\"results\":[");
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "json") return OutputFormat::kJson;
  if (name == "sarif") return OutputFormat::kSarif;
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

void AppendDiagnosticLine(std::string_view path, const Diagnostic& d, std::string* out) {
  out->append(path);
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
  AppendOneLine(d.message(), out);
  std::string extra;
  const auto item = [&extra](std::string_view text) {
    extra.append(extra.empty() ? " [" : ", ");
    extra.append(text);
  };
  if (d.has_line() && d.has_offset()) item(absl::StrCat("offset ", d.offset()));
  if (d.has_instance()) item(absl::StrCat("instance ", d.instance()));
  if (d.has_instance_id()) item(absl::StrCat("id ", d.instance_id()));
  if (d.has_criterion()) item(absl::StrCat("criterion ", d.criterion()));
  if (d.has_field()) item(std::string("field ").append(d.field()));
  if (d.has_sensor()) item(std::string("sensor ").append(d.sensor()));
  if (d.has_pointer() && !d.pointer().empty()) item(absl::StrCat("pointer ", d.pointer()));
  if (!extra.empty()) {
    AppendOneLine(extra, out);
    out->push_back(']');
  }
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
      AppendSarifFile(file, out);
      break;
  }
}

ReportAssembler::ReportAssembler(const RenderOptions& options) : options_(options) {
  switch (options_.format) {
    case OutputFormat::kText:
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
      AppendSarifBegin(options_, &out_);
      break;
  }
}

void ReportAssembler::AddPart(std::string_view part) {
  if (options_.format != OutputFormat::kText && first_element_ && !part.empty()) {
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
  }
  return std::move(out_);
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
