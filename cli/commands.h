// File: cli/commands.h
// The list of commands. Adding one is a file cli/<name>_command.cc (or
// _commands.cc) defining `void Register<Name>Command(CLI::App* app, int*
// status)`, which adds its subcommand to `app` and stores the exit status
// in *status from its callback, plus one X(<Name>) line here; CMake picks
// the file up by its name.

#ifndef CONTENTGATE_CLI_COMMANDS_H_
#define CONTENTGATE_CLI_COMMANDS_H_

#include "CLI/CLI.hpp"

// In the order `contentgate --help` lists them.
#define CONTENTGATE_COMMANDS(X) \
  X(Validate)                   \
  X(Compile)                    \
  X(Dump)                       \
  X(CheckSchema)                \
  X(Explain)                    \
  X(Simulate)                   \
  X(GenHeader)                  \
  X(Diff)                       \
  X(Test)                       \
  X(Keygen)                     \
  X(Sign)                       \
  X(Verify)

namespace contentgate::cli {

#define CONTENTGATE_DECLARE_COMMAND(Name) void Register##Name##Command(CLI::App* app, int* status);
CONTENTGATE_COMMANDS(CONTENTGATE_DECLARE_COMMAND)
#undef CONTENTGATE_DECLARE_COMMAND

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_COMMANDS_H_
