// File: lib/report_sarif.h
// The SARIF 2.1.0 parts of a report: the log's opening (tool, rules) and one
// file's results.

#ifndef CONTENTGATE_LIB_REPORT_SARIF_H_
#define CONTENTGATE_LIB_REPORT_SARIF_H_

#include <string>
#include <string_view>

#include "contentgate/report_format.h"

namespace contentgate::internal {

// Appends the log up to the opening of "results": the tool driver with its
// informationUri and every catalog code as a rule, in catalog order, and,
// when options.source_root is known, originalUriBaseIds naming %SRCROOT% and
// an invocation whose workingDirectory is that folder.
void AppendSarifBegin(const RenderOptions& options, std::string* out);

// Appends one result per kept diagnostic of `file`, each preceded by ",\n".
void AppendSarifFile(const RenderOptions& options, const FileReportRef& file, std::string* out);

// The artifact location of `path`: a relative URI reference (and
// `*relative` true) when the path lies in `root` (or is relative and `root`
// is empty), else a file:// URI. "." segments are dropped and ".." resolved
// lexically; bytes outside RFC 3986's unreserved set (and '/') are
// percent-encoded.
std::string ArtifactUri(std::string_view path, std::string_view root, bool* relative);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_REPORT_SARIF_H_
