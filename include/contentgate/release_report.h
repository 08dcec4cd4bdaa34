// File: contentgate/release_report.h
// Rendering the reports of `diff` and `test` (release.md): the files'
// diagnostics through report_format, plus each command's own keys (JSON),
// summary line (text), JUnit test cases and GitHub workflow commands.
// Everything is rendered into strings; nothing is printed.

#ifndef CONTENTGATE_RELEASE_REPORT_H_
#define CONTENTGATE_RELEASE_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "contentgate/diagnostic.h"
#include "contentgate/release.h"
#include "contentgate/report_format.h"

namespace contentgate {

// The output formats of the release commands.
enum class ReleaseFormat { kText, kJson, kSarif, kJunit, kGithub };

// One file entry of a release report. Borrows its path and report.
struct ReleaseFile {
  std::string_view path;
  ResultKind kind = ResultKind::kChannel;
  const Report* report = nullptr;
};

// What `diff` compared, for its own keys; `summary` is null when step 1
// (validation) stopped it.
struct DiffReport {
  std::string_view tool_version;
  std::string_view old_path;
  std::string_view new_path;
  const DiffSummary* summary = nullptr;
  size_t first_uses_reported = 0;
};

// What `test` ran; `summary` is null when CONTENT had an error.
struct TestReport {
  std::string_view tool_version;
  const ContentTestSummary* summary = nullptr;
  size_t tests = 0;
};

// "text", "json", "sarif", "junit" or "github"; false for anything else.
bool ParseReleaseFormat(std::string_view name, ReleaseFormat* format);

// The whole output of `diff` in `format`, ending in a newline.
std::string RenderDiff(ReleaseFormat format, bool strict, const std::vector<ReleaseFile>& files,
                       const DiffReport& diff);

// The whole output of `test` in `format`, ending in a newline.
std::string RenderTest(ReleaseFormat format, bool strict, const std::vector<ReleaseFile>& files,
                       const TestReport& test);

}  // namespace contentgate

#endif  // CONTENTGATE_RELEASE_REPORT_H_
