// File: cli/release_commands.h
// The release commands of `contentgate`: `diff` and `test` (release.md).

#ifndef CONTENTGATE_CLI_RELEASE_COMMANDS_H_
#define CONTENTGATE_CLI_RELEASE_COMMANDS_H_

#include "CLI/CLI.hpp"

namespace contentgate::cli {

// Adds the `diff` and `test` subcommands to `app`; the one that runs stores
// its exit status (0, 1 or 2) in `*status`, which must outlive the parse.
void AddReleaseCommands(CLI::App* app, int* status);

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_RELEASE_COMMANDS_H_
