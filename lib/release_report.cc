// File: lib/release_report.cc
// The output of `diff` and `test`: report_format's file parts, then the
// command's keys (JSON), summary line (text), JUnit cases or GitHub lines.

#include "contentgate/release_report.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "json_writer.h"
#include "report_common.h"

namespace contentgate {
namespace {

using internal::AppendXml;
using internal::JsonWriter;

RenderOptions RenderFor(ReleaseFormat format, bool strict, std::string_view version) {
  RenderOptions options;
  options.format = format == ReleaseFormat::kJson    ? OutputFormat::kJson
                   : format == ReleaseFormat::kSarif ? OutputFormat::kSarif
                                                     : OutputFormat::kText;
  options.tool_version = version;
  options.strict = strict;
  return options;
}

// The files' parts through report_format; for JSON, the document without
// its closing brace, so the command's keys can follow.
std::string FileParts(ReleaseFormat format, bool strict, std::string_view version,
                      const std::vector<ReleaseFile>& files, std::string* text_summary) {
  const RenderOptions options = RenderFor(format, strict, version);
  ReportAssembler assembler(options);
  RunTotals totals;
  for (const ReleaseFile& file : files) {
    assembler.AddFile({file.path, file.kind, file.report});
    totals.Add(*file.report, strict);
  }
  std::string out = std::move(assembler).Finish(totals);
  if (format == ReleaseFormat::kText) {
    // The run summary line is replaced by the command's own.
    const size_t last = out.rfind('\n', out.size() >= 2 ? out.size() - 2 : 0);
    *text_summary = out.substr(last == std::string::npos ? 0 : last + 1);
    out.resize(last == std::string::npos ? 0 : last + 1);
  } else if (format == ReleaseFormat::kJson) {
    out.resize(out.size() - 2);  // "}\n"
  }
  return out;
}

// One JUnit test case; `failures` are its error lines (none: it passed).
void JunitCase(std::string_view classname, std::string_view name,
               const std::vector<std::string>& failures, bool skipped, std::string* out) {
  out->append("  <testcase classname=\"");
  AppendXml(classname, out);
  out->append("\" name=\"");
  AppendXml(name, out);
  out->append("\"");
  if (failures.empty() && !skipped) {
    out->append("/>\n");
    return;
  }
  out->append(">\n");
  if (skipped) out->append("    <skipped/>\n");
  for (const std::string& failure : failures) {
    out->append("    <failure message=\"");
    AppendXml(failure, out);
    out->append("\"/>\n");
  }
  out->append("  </testcase>\n");
}

std::string JunitDocument(std::string_view suite, size_t tests, size_t failures,
                          const std::string& cases) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"";
  AppendXml(suite, &out);
  absl::StrAppend(&out, "\" tests=\"", tests, "\" failures=\"", failures, "\">\n", cases,
                  "</testsuite>\n</testsuites>\n");
  return out;
}

// Error lines of a report, "CODE message".
std::vector<std::string> ErrorLines(const Report& report) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.severity() != Severity::kError) continue;
    lines.push_back(absl::StrCat(std::string(CodeName(d.code())), " ", std::string(d.message())));
  }
  if (lines.empty() && !report.valid()) lines.push_back("errors not shown (limit)");
  return lines;
}

// GitHub Actions workflow commands, one per diagnostic.
std::string GithubLines(const std::vector<ReleaseFile>& files) {
  std::string out;
  for (const ReleaseFile& file : files) {
    for (const Diagnostic& d : file.report->diagnostics()) {
      absl::StrAppend(&out, "::", d.severity() == Severity::kError ? "error" : "warning",
                      " file=", std::string(file.path), ",line=", d.has_line() ? d.line() : 1);
      if (d.has_line()) absl::StrAppend(&out, ",col=", d.column());
      absl::StrAppend(&out, ",title=", std::string(CodeName(d.code())), "::");
      std::string message(d.message());
      if (d.has_offset() && !d.has_line()) absl::StrAppend(&message, " (offset ", d.offset(), ")");
      for (char c : message) {
        if (c == '%') {
          out.append("%25");
        } else if (c == '\n') {
          out.append("%0A");
        } else if (c == '\r') {
          out.append("%0D");
        } else {
          out.push_back(c);
        }
      }
      out.push_back('\n');
    }
  }
  return out;
}

void WriteSide(JsonWriter* w, std::string_view key, std::string_view path, const DiffSummary* s,
               bool old_side) {
  w->Key(key);
  w->BeginObject();
  w->Member("path", path);
  if (s != nullptr) {
    w->Member("channel", old_side ? s->old_channel : s->new_channel);
    w->Member("content_version", old_side ? s->old_version : s->new_version);
  }
  w->EndObject();
}

// Turns the object written at `at` into members of the enclosing document,
// whose closing brace the object's own becomes.
void CloseKeys(size_t at, std::string* out) {
  if (out->compare(at, std::string::npos, "{}") == 0) {
    out->replace(at, 2, "}");
  } else {
    (*out)[at] = ',';
  }
  out->push_back('\n');
}

}  // namespace

bool ParseReleaseFormat(std::string_view name, ReleaseFormat* format) {
  static constexpr std::pair<std::string_view, ReleaseFormat> kNames[] = {
      {"text", ReleaseFormat::kText},
      {"json", ReleaseFormat::kJson},
      {"sarif", ReleaseFormat::kSarif},
      {"junit", ReleaseFormat::kJunit},
      {"github", ReleaseFormat::kGithub}};
  for (const auto& [n, f] : kNames) {
    if (n == name) {
      *format = f;
      return true;
    }
  }
  return false;
}

std::string RenderDiff(ReleaseFormat format, bool strict, const std::vector<ReleaseFile>& files,
                       const DiffReport& diff) {
  if (format == ReleaseFormat::kGithub) return GithubLines(files);
  if (format == ReleaseFormat::kJunit) {
    std::string cases;
    size_t failures = 0;
    for (const ReleaseFile& file : files) {
      const std::vector<std::string> errors = ErrorLines(*file.report);
      failures += errors.empty() ? 0 : 1;
      JunitCase("contentgate.diff", file.path, errors, false, &cases);
    }
    return JunitDocument("contentgate diff", files.size(), failures, cases);
  }
  std::string summary_line;
  std::string out = FileParts(format, strict, diff.tool_version, files, &summary_line);
  const DiffSummary* s = diff.summary;
  if (format == ReleaseFormat::kText) {
    if (s == nullptr) return out + summary_line;
    absl::StrAppend(&out, "contentgate diff: ", std::string(diff.old_path), " (version ",
                    s->old_version, ") -> ", std::string(diff.new_path), " (version ",
                    s->new_version, "): ", s->added, " added, ", s->removed, " removed, ",
                    s->changed, " changed, ", s->unchanged, " unchanged, ", s->enabled,
                    " enabled, ", s->disabled, " disabled; ", diff.first_uses_reported,
                    diff.first_uses_reported == 1 ? " first use\n" : " first uses\n");
    return out;
  }
  if (format == ReleaseFormat::kSarif) return out;
  out.append(",\"command\":\"diff\"");
  const size_t keys = out.size();
  JsonWriter w(&out);
  w.BeginObject();  // its members become the document's: see CloseKeys
  WriteSide(&w, "old", diff.old_path, s, true);
  WriteSide(&w, "new", diff.new_path, s, false);
  if (s != nullptr) {
    w.Key("summary");
    w.BeginObject();
    w.Member("added", uint64_t{s->added});
    w.Member("removed", uint64_t{s->removed});
    w.Member("changed", uint64_t{s->changed});
    w.Member("unchanged", uint64_t{s->unchanged});
    w.Member("enabled", uint64_t{s->enabled});
    w.Member("disabled", uint64_t{s->disabled});
    w.EndObject();
    w.Key("changes");
    w.BeginArray();
    for (const InstanceChange& c : s->changes) {
      w.BeginObject();
      w.Member("instance_id", c.instance_id);
      w.Member("change", ChangeKindName(c.change));
      w.Member("template_type", std::string_view(c.template_type));
      w.Key("fields");
      w.BeginArray();
      for (const std::string& f : c.fields) w.String(f);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.Key("first_use");
    w.BeginArray();
    for (const FirstUse& u : s->first_use) {
      w.BeginObject();
      w.Member("template_type", std::string_view(u.template_type));
      if (u.field.has_value()) w.Member("field", std::string_view(*u.field));
      w.Member("instance_id", u.instance_id);
      w.Member("covered", u.covered);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  CloseKeys(keys, &out);
  return out;
}

std::string RenderTest(ReleaseFormat format, bool strict, const std::vector<ReleaseFile>& files,
                       const TestReport& test) {
  const ContentTestSummary* s = test.summary;
  if (format == ReleaseFormat::kGithub) return GithubLines(files);
  if (format == ReleaseFormat::kJunit) {
    std::string cases;
    size_t count = 0;
    size_t failures = 0;
    for (const ReleaseFile& file : files) {
      // Test cases carry the content's test failures.
      if (file.report->valid() || (s != nullptr && file.kind != ResultKind::kTests)) continue;
      ++count;
      ++failures;
      JunitCase("contentgate.test", file.path, ErrorLines(*file.report), false, &cases);
    }
    if (s != nullptr) {
      for (const TestResult& r : s->results) {
        std::vector<std::string> failure;
        if (!r.passed && r.got != TestOutcome::kSkipped) {
          failure.push_back(absl::StrCat("expected ", std::string(TestOutcomeName(r.expect)),
                                         ", got ", std::string(TestOutcomeName(r.got)),
                                         " on instance ", r.instance_id));
        }
        ++count;
        failures += failure.empty() ? 0 : 1;
        JunitCase(absl::StrCat("contentgate.test.", r.sensor), r.name, failure,
                  r.got == TestOutcome::kSkipped, &cases);
      }
    }
    return JunitDocument("contentgate test", count, failures, cases);
  }
  std::string summary_line;
  std::string out = FileParts(format, strict, test.tool_version, files, &summary_line);
  if (format == ReleaseFormat::kText) {
    if (s == nullptr) return out + summary_line;
    absl::StrAppend(&out, "contentgate test: ", test.tests, " tests \xC3\x97 sensors: ", s->passed,
                    " passed, ", s->failed, " failed; fields covered ", s->fields_covered, " of ",
                    s->fields.size(), "; instances covered ", s->instances_covered, " of ",
                    s->instances_total, "\n");
    return out;
  }
  if (format == ReleaseFormat::kSarif) return out;
  out.append(",\"command\":\"test\"");
  const size_t keys = out.size();
  JsonWriter w(&out);
  w.BeginObject();
  if (s != nullptr) {
    w.Key("results");
    w.BeginArray();
    for (const TestResult& r : s->results) {
      w.BeginObject();
      w.Member("name", std::string_view(r.name));
      w.Member("instance_id", r.instance_id);
      w.Member("sensor", std::string_view(r.sensor));
      w.Member("expect", TestOutcomeName(r.expect));
      w.Member("got", TestOutcomeName(r.got));
      w.Member("passed", r.passed);
      if (!r.criteria.empty()) {
        w.Key("criteria");
        w.BeginArray();
        for (const CriterionSeen& c : r.criteria) {
          w.BeginObject();
          w.Member("criterion", c.criterion);
          w.Member("field", std::string_view(c.field));
          w.Member("op", std::string_view(c.op));
          w.Member("saw", std::string_view(c.saw));
          w.Member("matched", c.matched);
          w.EndObject();
        }
        w.EndArray();
      }
      w.EndObject();
    }
    w.EndArray();
    w.Key("coverage");
    w.BeginObject();
    w.Key("fields");
    w.BeginArray();
    for (const FieldCoverage& c : s->fields) {
      w.BeginObject();
      w.Member("template_type", std::string_view(c.template_type));
      w.Member("field", std::string_view(c.field));
      w.Key("covered");
      w.BeginArray();
      for (const std::string& v : c.covered) w.String(v);
      w.EndArray();
      w.Key("uncovered");
      w.BeginArray();
      for (const std::string& v : c.uncovered) w.String(v);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.Member("instances_covered", uint64_t{s->instances_covered});
    w.Member("instances_total", uint64_t{s->instances_total});
    w.EndObject();
  }
  w.EndObject();
  CloseKeys(keys, &out);
  return out;
}

}  // namespace contentgate
