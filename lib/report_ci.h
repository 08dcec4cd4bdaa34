// File: lib/report_ci.h
// The report formats CI systems read: JUnit XML (one test case per file) and
// GitHub Actions workflow commands (one per diagnostic).

#ifndef CONTENTGATE_LIB_REPORT_CI_H_
#define CONTENTGATE_LIB_REPORT_CI_H_

#include <string>

#include "contentgate/report_format.h"

namespace contentgate::internal {

// Appends one <testcase> for `file`: a <failure> per kept error (and, when
// options.strict, per kept warning), the other kept diagnostics and the cap
// note in <system-out>.
void AppendJunitFile(const RenderOptions& options, const FileReportRef& file, std::string* out);

// The XML declaration and <testsuite> opening with the run's totals (tests =
// files, failures = failed files).
std::string JunitBegin(const RenderOptions& options, const RunTotals& totals);

// Appends `::error file=PATH,line=L,col=C,title=CODE::MESSAGE` (or
// `::warning`) per kept diagnostic, the message followed by the locations
// that apply in brackets (`[byte offset 1712, instance 3, ...]`); channel-file
// findings use line 1 and no column. When the cap dropped diagnostics, a
// `::notice` says how many. GitHub's escaping (%25, %0D, %0A; %3A and %2C in
// properties), other control characters as \xHH.
void AppendGithubFile(const FileReportRef& file, std::string* out);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_REPORT_CI_H_
