// File: cli/sign_commands.h
// The signing commands of `contentgate` (shared/spec/signing.md): keygen,
// sign and verify, registered on the command line by one call.

#ifndef CONTENTGATE_CLI_SIGN_COMMANDS_H_
#define CONTENTGATE_CLI_SIGN_COMMANDS_H_

#include "CLI/CLI.hpp"

namespace contentgate::cli {

// Adds `keygen`, `sign` and `verify` to `app`. The command that runs stores
// its exit status in `*status` (0 pass, 1 a signature, validation or
// signing-refused error, 2 usage or unreadable input), which must outlive
// the parse.
void AddSignCommands(CLI::App* app, int* status);

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_SIGN_COMMANDS_H_
