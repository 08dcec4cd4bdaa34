// File: cli/explain_command.cc
// `contentgate explain`: the catalog entry of a diagnostic code, or the
// list of every code with its title.

#include <cctype>

#include "absl/strings/str_cat.h"
#include "command_support.h"
#include "commands.h"

namespace contentgate::cli {
namespace {

struct ExplainFlags {
  std::string code;
  bool list = false;
};

int RunExplain(const ExplainFlags& flags) {
  std::string out;
  if (flags.list) {
    if (!flags.code.empty()) return Usage("explain: give a CODE or --list, not both");
    for (const CatalogEntry& entry : Catalog()) {
      absl::StrAppend(&out, std::string(entry.name), " ",
                      entry.severity == Severity::kError ? "E" : "W", " ", std::string(entry.title),
                      "\n");
    }
  } else {
    if (flags.code.empty()) {
      return Usage("explain: give a diagnostic CODE (e.g. CG400), or --list for every code");
    }
    std::string name;
    for (char c : flags.code) {
      name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) name = "CG" + name;
    const std::optional<Code> code = ParseCode(name);
    if (!code.has_value()) {
      return Usage(absl::StrCat("explain: unknown diagnostic code '", flags.code,
                                "' (codes look like CG400; contentgate explain --list shows "
                                "them all)"));
    }
    const CatalogEntry& entry = CatalogEntryFor(*code);
    const Explanation& explanation = ExplanationFor(*code);
    out = absl::StrCat(std::string(entry.name), " (", std::string(SeverityName(entry.severity)),
                       "): ", std::string(entry.title), "\n\n");
    absl::StrAppend(&out, "Meaning: ", std::string(explanation.meaning), "\n\n");
    absl::StrAppend(&out, "Example: ", std::string(explanation.example), "\n\n");
    absl::StrAppend(&out, "Fix: ", std::string(explanation.fix), "\n");
  }
  if (absl::Status s = WriteStdout(out); !s.ok()) return Usage(s);
  if (absl::Status s = CloseStdout(); !s.ok()) return Usage(s);
  return kPass;
}

}  // namespace

void RegisterExplainCommand(CLI::App* app, int* status) {
  static ExplainFlags* const flags = new ExplainFlags;  // registered once, kept to the end
  CLI::App* e = app->add_subcommand("explain", "describe a diagnostic code, or list them all");
  e->add_flag("--list", flags->list, "list every code with its severity and title");
  e->add_option("CODE", flags->code, "diagnostic code, e.g. CG400 (or cg400, 400)")->type_name("");
  e->footer("Exit status: 0 the code was described, 2 an unknown code or a usage error.");
  e->callback([status] { *status = RunExplain(*flags); });
}

}  // namespace contentgate::cli
