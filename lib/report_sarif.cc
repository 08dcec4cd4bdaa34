// File: lib/report_sarif.cc
// SARIF 2.1.0 logs: the tool and its rules, one result per diagnostic.

#include "report_sarif.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "json_writer.h"
#include "report_common.h"

namespace contentgate::internal {
namespace {

constexpr std::string_view kToolName = "contentgate";
constexpr std::string_view kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kSrcRoot = "%SRCROOT%";

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

std::string_view RuleNameOf(Code code) {
  const auto* it = std::lower_bound(std::begin(kRuleNames), std::end(kRuleNames), code,
                                    [](const RuleName& r, Code c) { return r.code < c; });
  return it != std::end(kRuleNames) && it->code == code ? it->name : std::string_view();
}

void AppendPercentEncoded(std::string_view text, std::string* out) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out->push_back(ch);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out->push_back('%');
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    }
  }
}

// `path` split on '/', with "." and empty segments dropped and ".." taking
// away the segment before it (kept when there is none).
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == ".." && !segments.empty() && segments.back() != "..") {
      segments.pop_back();
    } else {
      segments.push_back(segment);
    }
  }
  return segments;
}

std::string Joined(const std::vector<std::string_view>& segments, size_t from) {
  std::string out;
  for (size_t i = from; i < segments.size(); ++i) {
    if (i > from) out.push_back('/');
    out.append(segments[i]);
  }
  return out;
}

void WriteRegion(const FileReportRef& file, const Diagnostic& d, JsonWriter* w) {
  w->Key("region");
  w->BeginObject();
  if (file.kind != ResultKind::kChannel && d.has_line()) {
    w->Member("startLine", d.line());
    if (d.column() > 0) w->Member("startColumn", d.column());
  } else {
    w->Member("startLine", 1);
    if (file.kind == ResultKind::kChannel && d.has_offset()) {
      w->Member("byteOffset", d.offset());
      w->Member("byteLength", 1);
    }
  }
  w->EndObject();
}

}  // namespace

std::string ArtifactUri(std::string_view path, std::string_view root, bool* relative) {
  std::string uri;
  const bool absolute = !path.empty() && path[0] == '/';
  if (root.empty()) {
    *relative = !absolute;
    if (absolute) uri = "file://";
    AppendPercentEncoded(absolute ? path : std::string_view(Joined(Segments(path), 0)), &uri);
    return uri;
  }
  std::string full = absolute ? std::string(path) : std::string(root) + "/" + std::string(path);
  const std::vector<std::string_view> segments = Segments(full);
  const std::vector<std::string_view> root_segments = Segments(root);
  const bool inside = segments.size() > root_segments.size() &&
                      std::equal(root_segments.begin(), root_segments.end(), segments.begin());
  *relative = inside;
  if (inside) {
    AppendPercentEncoded(Joined(segments, root_segments.size()), &uri);
  } else {
    uri = "file:///";
    AppendPercentEncoded(Joined(segments, 0), &uri);
  }
  return uri;
}

void AppendSarifFile(const RenderOptions& options, const FileReportRef& file, std::string* out) {
  bool relative = false;
  const std::string uri = ArtifactUri(file.path, options.source_root, &relative);
  std::string storage;
  for (const Diagnostic& d : file.report->diagnostics()) {
    out->append(",\n");
    JsonWriter w(out);
    w.BeginObject();
    w.Member("ruleId", CodeName(d.code()));
    w.Member("ruleIndex", uint64_t{CatalogIndex(d.code())});
    w.Member("level", LevelName(d.severity()));
    w.Key("message");
    w.BeginObject();
    w.Member("text", ReportedMessage(d, file.hint, &storage));
    w.EndObject();
    w.Key("locations");
    w.BeginArray();
    w.BeginObject();
    w.Key("physicalLocation");
    w.BeginObject();
    w.Key("artifactLocation");
    w.BeginObject();
    w.Member("uri", std::string_view(uri));
    if (relative) w.Member("uriBaseId", kSrcRoot);
    w.EndObject();
    WriteRegion(file, d, &w);
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
    if (d.has_offset()) w.Member("offset", d.offset());
    if (d.has_instance()) w.Member("instance", d.instance());
    if (d.has_instance_id()) w.Member("instance_id", d.instance_id());
    if (d.has_criterion()) w.Member("criterion", d.criterion());
    if (d.has_field()) w.Member("field", d.field());
    if (d.has_sensor()) w.Member("sensor", d.sensor());
    if (d.has_pointer()) w.Member("pointer", std::string_view(d.pointer()));
    w.EndObject();
    w.EndObject();
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
  if (!options.information_uri.empty()) w.Member("informationUri", options.information_uri);
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
    w.Member("level", LevelName(entry.severity));
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  if (!options.source_root.empty()) {
    w.Key("originalUriBaseIds");
    w.BeginObject();
    w.Key(kSrcRoot);
    w.BeginObject();
    std::string root_uri = "file:///";
    const std::string joined = Joined(Segments(options.source_root), 0);
    AppendPercentEncoded(joined, &root_uri);
    if (!joined.empty()) root_uri.push_back('/');
    w.Member("uri", std::string_view(root_uri));
    w.EndObject();
    w.EndObject();
    // Where the paths were resolved: code scanning's checkout path.
    w.Key("invocations");
    w.BeginArray();
    w.BeginObject();
    w.Member("executionSuccessful", true);
    w.Key("workingDirectory");
    w.BeginObject();
    w.Member("uri", std::string_view(root_uri));
    w.EndObject();
    w.EndObject();
    w.EndArray();
  }
  // The writer's document stays open: results follow as raw parts.
  out->append(",\"results\":[");
}

}  // namespace contentgate::internal
