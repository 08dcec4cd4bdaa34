// File: cli/main.cc
// The `contentgate` command: registers the commands of commands.h, parses
// the command line and turns CLI11's parse errors into one line in
// contentgate's words, naming the command and the option.
//
// Exit status: 0 when every file passes, 1 when one has an error (or, with
// --strict, a warning), 2 for a usage error, an unreadable input, a schema
// with errors, an unknown target sensor or a failed write; a status-2
// failure prints exactly one line on standard error and nothing on standard
// output.

#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command_support.h"
#include "commands.h"

namespace contentgate::cli {
namespace {

constexpr char kExitStatusFooter[] =
    "Exit status: 0 every file passes, 1 a file has an error (or, with --strict,\n"
    "a warning), 2 a usage error, an unreadable input or a failed write.";

// How an option or positional is written in messages: "--schema FILE",
// "PATH...".
std::string Spelling(const CLI::Option& option) {
  if (option.get_lnames().empty() && option.get_snames().empty()) return option.get_type_name();
  std::string name = option.get_snames().empty() ? "--" + option.get_lnames().front()
                                                 : "-" + option.get_snames().front();
  if (option.get_type_size() != 0 && !option.get_type_name().empty()) {
    absl::StrAppend(&name, " ", option.get_type_name());
  }
  return name;
}

// The option of `app` a CLI11 message names (by its name or one of its
// spellings), or nullptr.
const CLI::Option* FindNamed(const CLI::App& app, const std::string& message) {
  const auto starts = [&message](const std::string& prefix) {
    return message.rfind(prefix, 0) == 0;
  };
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_name().empty()) continue;
    const std::string name = option->get_name();
    if (starts(name + " ") || starts(name + ":")) {
      return option;
    }
    for (const std::string& l : option->get_lnames()) {
      if (starts("--" + l)) return option;
    }
    for (const std::string& s : option->get_snames()) {
      if (starts("-" + s)) return option;
    }
  }
  return nullptr;
}

// The text after the first ": " of `what` (all of it when there is none).
std::string AfterColon(const std::string& what) {
  const size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// The one-line message for a parse error in `command` (nullptr: before
// any command); `first` is the first argument ("" when none).
std::string Translate(const CLI::ParseError& error, const CLI::App& app, const CLI::App* command,
                      const std::string& first) {
  const std::string what = error.what();
  const bool unexpected = what.find("not expected: ") != std::string::npos;
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    const std::string list = absl::StrCat("; the commands are ", absl::StrJoin(names, ", "),
                                          " (see contentgate --help)");
    if (!first.empty()) {
      return absl::StrCat(first[0] == '-' ? "unknown option " : "unknown command ", first, list);
    }
    return absl::StrCat("no command given", list);
  }
  const std::string cmd = command->get_name();
  const std::string help = absl::StrCat(" (see contentgate ", cmd, " --help)");
  if (unexpected) {
    const std::string extra = AfterColon(what);
    return absl::StrCat(cmd, ": ", extra[0] == '-' ? "unknown option " : "unexpected argument ",
                        extra, help);
  }
  const CLI::Option* option = FindNamed(*command, what);
  if (option == nullptr) return absl::StrCat(cmd, ": ", what, help);
  const std::string spelled = Spelling(*option);
  if (what.find(" is required") != std::string::npos) {
    return absl::StrCat(cmd, ": ", spelled, " is required", help);
  }
  if (what.find(" required ") != std::string::npos && what.find(" missing") != std::string::npos) {
    return absl::StrCat(cmd, ": ", spelled, " needs a value", help);
  }
  if (what.find("At Most") != std::string::npos || what.find("received") != std::string::npos) {
    return absl::StrCat(cmd, ": ", spelled, " takes one value", help);
  }
  return absl::StrCat(cmd, ": ", spelled, ": ", AfterColon(what), help);
}

int Main(int argc, char** argv) {
  InstallSignalHandling();
  CLI::App app(
      "contentgate: the pre-publish gate for sensor channel files.\n"
      "Validates channel files and their JSON sources against a schema and the\n"
      "target sensors, compiles and dumps them, and checks schemas.",
      "contentgate");
  app.set_version_flag("--version", absl::StrCat("contentgate ", kVersion), "print the version");
  app.set_help_flag("-h,--help", "print this help and exit");
  app.require_subcommand(1);
  app.failure_message(CLI::FailureMessage::simple);

  int status = kUsage;
#define CONTENTGATE_REGISTER_COMMAND(Name) Register##Name##Command(&app, &status);
  CONTENTGATE_COMMANDS(CONTENTGATE_REGISTER_COMMAND)
#undef CONTENTGATE_REGISTER_COMMAND
  for (CLI::App* command : app.get_subcommands({})) {
    if (command->get_footer().empty()) command->footer(kExitStatusFooter);
  }
  app.footer(
      absl::StrCat(kExitStatusFooter, "\n`contentgate COMMAND --help` describes a command."));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    app.exit(help);
    return std::cout.flush() ? kPass : Usage("cannot write to standard output");
  } catch (const CLI::CallForAllHelp& help) {
    app.exit(help);
    return std::cout.flush() ? kPass : Usage("cannot write to standard output");
  } catch (const CLI::CallForVersion& version) {
    app.exit(version);
    return std::cout.flush() ? kPass : Usage("cannot write to standard output");
  } catch (const CLI::ParseError& error) {
    const CLI::App* command = nullptr;
    for (const CLI::App* sub : app.get_subcommands()) command = sub;
    return Usage(Translate(error, app, command, argc > 1 ? argv[1] : ""));
  }
  return status;
}

}  // namespace
}  // namespace contentgate::cli

int main(int argc, char** argv) { return contentgate::cli::Main(argc, argv); }
