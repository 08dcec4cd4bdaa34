// File: lib/report_common.h
// Pieces every report format shares: a diagnostic's message with its input
// hint, control characters made visible, UTF-8 repair, catalog positions.

#ifndef CONTENTGATE_LIB_REPORT_COMMON_H_
#define CONTENTGATE_LIB_REPORT_COMMON_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "contentgate/diagnostic.h"
#include "contentgate/report_format.h"

namespace contentgate::internal {

// The message of `d` as reported for `file`: with "; HINT" appended to a
// CG100/CG101 message when `hint` is not empty. Returns a view of the
// diagnostic's message or of `*storage`.
std::string_view ReportedMessage(const Diagnostic& d, std::string_view hint, std::string* storage);

// Appends `text` with control characters (below 0x20, and 0x7F) shown as
// \xhh, so it stays on one line.
void AppendOneLine(std::string_view text, std::string* out);

// Appends `text` with each byte that is not part of a well-formed UTF-8
// sequence replaced by U+FFFD.
void AppendRepairedUtf8(std::string_view text, std::string* out);

// Appends `text` as XML character data or an attribute value: valid UTF-8
// (invalid bytes as U+FFFD), markup characters escaped, and the control
// characters XML 1.0 cannot carry shown as \xhh.
void AppendXml(std::string_view text, std::string* out);

// Appends the bytes of `text` in lower-case hexadecimal.
void AppendHex(std::string_view text, std::string* out);

// Position of `code` in the catalog (which is sorted by code).
size_t CatalogIndex(Code code);

// "error" or "warning", as SARIF levels and JUnit texts name them.
std::string_view LevelName(Severity severity);

// The locations of `d` that a line and column cannot give, as
// " [byte offset 1712, instance 3, id 13, criterion 20, field f, sensor 7.11]"
// (those `d` has, in that order), or "" when it has none. The offset is
// named `offset_label`, and left out when the label is empty.
std::string LocationList(const Diagnostic& d, std::string_view offset_label);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_REPORT_COMMON_H_
