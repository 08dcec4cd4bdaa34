// File: lib/github_format.cc
// GitHub Actions workflow commands for a checked file's diagnostics.

#include "contentgate/github_format.h"

#include "absl/strings/str_cat.h"

namespace contentgate {
namespace {

void AppendEscaped(std::string_view text, bool property, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr char kLowerHex[] = "0123456789abcdef";  // \xNN, as in text output
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool github = c == '%' || c == '\r' || c == '\n' || (property && (c == ':' || c == ','));
    if (github) {
      out->push_back('%');
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    } else if (c < 0x20 || c == 0x7F) {
      out->append("\\x");
      out->push_back(kLowerHex[c >> 4]);
      out->push_back(kLowerHex[c & 0xF]);
    } else {
      out->push_back(ch);
    }
  }
}

// The message of one command: the diagnostic's message, then its other
// locations in brackets, the byte offset first.
std::string CommandMessage(const Diagnostic& d) {
  std::string message(d.message());
  std::string extra;
  const auto item = [&extra](std::string_view text) {
    extra.append(extra.empty() ? " [" : ", ");
    extra.append(text);
  };
  if (d.has_offset()) item(absl::StrCat("byte offset ", d.offset()));
  if (d.has_instance()) item(absl::StrCat("instance ", d.instance()));
  if (d.has_instance_id()) item(absl::StrCat("id ", d.instance_id()));
  if (d.has_criterion()) item(absl::StrCat("criterion ", d.criterion()));
  if (d.has_field()) item(std::string("field ").append(d.field()));
  if (d.has_sensor()) item(std::string("sensor ").append(d.sensor()));
  if (d.has_pointer() && !d.pointer().empty()) item(std::string("pointer ").append(d.pointer()));
  if (!extra.empty()) absl::StrAppend(&message, extra, "]");
  return message;
}

}  // namespace

void AppendGithubData(std::string_view text, std::string* out) {
  AppendEscaped(text, /*property=*/false, out);
}

void AppendGithubProperty(std::string_view text, std::string* out) {
  AppendEscaped(text, /*property=*/true, out);
}

void AppendGithubFile(std::string_view path, bool channel_file, const Report& report,
                      std::string* out) {
  for (const Diagnostic& d : report.diagnostics()) {
    out->append(d.severity() == Severity::kError ? "::error file=" : "::warning file=");
    AppendGithubProperty(path, out);
    if (channel_file) {
      out->append(",line=1");
    } else if (d.has_line()) {
      absl::StrAppend(out, ",line=", d.line());
      if (d.column() > 0) absl::StrAppend(out, ",col=", d.column());
    }
    out->append(",title=");
    AppendGithubProperty(CodeName(d.code()), out);
    out->append("::");
    AppendGithubData(CommandMessage(d), out);
    out->push_back('\n');
  }
  const size_t total = report.errors() + report.warnings();
  const size_t shown = report.diagnostics().size();
  if (total > shown) {
    out->append("::notice file=");
    AppendGithubProperty(path, out);
    out->append("::");
    AppendGithubData(
        absl::StrCat(total - shown, total - shown == 1 ? " more diagnostic" : " more diagnostics",
                     " not shown (limit ", report.max_diagnostics(), ")"),
        out);
    out->push_back('\n');
  }
}

}  // namespace contentgate
