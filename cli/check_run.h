// File: cli/check_run.h
// Checking files as `validate` does, in parallel, with one policy for
// reading every input: a channel file larger than the schema's
// max_file_size, or a source file more than kSourceSizeFactor times that,
// gets CG106 alone, read no further than the bytes that tell its kind.

#ifndef CONTENTGATE_CLI_CHECK_RUN_H_
#define CONTENTGATE_CLI_CHECK_RUN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "command_support.h"
#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "contentgate/regex_cache.h"
#include "contentgate/report_format.h"
#include "contentgate/schema.h"
#include "contentgate/validate.h"

namespace contentgate::cli {

// A source file larger than this many times the channel's max_file_size is
// refused with CG106 without being parsed: no source that large is needed to
// describe a file the channel accepts.
inline constexpr uint64_t kSourceSizeFactor = 16;

// --schema, --sensor and the report options: what the commands that check
// files against a schema (validate, compile, dump, simulate) take.
struct CheckFlags {
  TargetFlags target;
  ReportFlags report;
};

// Adds the subcommand `name` to `app` with --schema, --sensor and every
// report option (--format accepting `formats`) parsed into `*flags`, which
// must outlive `app`; returns it (owned by `app`) for the command's own
// options.
CLI::App* AddCheckCommand(CLI::App* app, const std::string& name, const std::string& description,
                          CheckFlags* flags, const std::vector<std::string>& formats);

// As above, with the command's options parsed into one Flags (which has a
// CheckFlags member `check`) created here, once per Flags type, and kept to
// the end of the process; when the command is chosen, *status is set to
// run(flags). Returns the command and its flags, for the command's own
// options.
template <typename Flags>
std::pair<CLI::App*, Flags*> AddCheckCommand(CLI::App* app, const std::string& name,
                                             const std::string& description,
                                             const std::vector<std::string>& formats, int* status,
                                             int (*run)(const Flags&)) {
  static Flags* const flags = new Flags;
  CLI::App* command = AddCheckCommand(app, name, description, &flags->check, formats);
  command->callback([status, run] { *status = run(*flags); });
  return {command, flags};
}

// What such a command resolves before it reads any input. Filled in place
// by SetUpCheck and not moved afterwards: settings.render and options point
// into it.
struct CheckSetup {
  ReportSettings settings;
  std::string suite_name;  // storage for settings.render.suite_name
  std::optional<Schema> schema;
  RegexCache regex_cache;
  // The target sensors, settings.collect_cap() and &regex_cache.
  ValidateOptions options;
};

// Resolves the report options of `command` ("compile"), loads the schema,
// then resolves the target sensors into `*setup`; the first that fails is
// the error. Reports name their suite "contentgate COMMAND" and give SARIF
// URIs relative to the current folder.
absl::Status SetUpCheck(const CheckFlags& flags, std::string_view command, CheckSetup* setup);

// One input read for checking.
struct LoadedInput {
  FileKind kind = FileKind::kChannel;
  // True when the input is over its kind's limit: `bytes` then holds only
  // its first bytes, and `size` is its size (for standard input that did
  // not end within limit + 1 bytes: the limit, which it exceeds).
  bool oversized = false;
  bool size_is_lower_bound = false;
  uint64_t size = 0;
  absl::Span<const uint8_t> bytes;  // views the caller's buffer
  std::string_view hint;            // ChannelFileHint for a channel file
};

// Reads `path` ("-": standard input) into `*buffer` (cleared first) as
// above. Errors (unreadable, changed while read) name the path.
absl::StatusOr<LoadedInput> LoadInput(const std::string& path, const Schema& schema,
                                      std::vector<uint8_t>* buffer);

// Reads `path` ("-": standard input) as a channel file, with no kind
// detection and no hint, into `*buffer` (cleared first) when it is within
// `limit` bytes; a larger one is only measured (`oversized`, `bytes`
// empty). Errors name the path.
absl::StatusOr<LoadedInput> LoadChannelInput(const std::string& path, uint64_t limit,
                                             std::vector<uint8_t>* buffer);

// Fills `report` (cleared first) for a loaded input: CG106 alone when it is
// oversized, else what ValidateFile finds.
void CheckLoaded(const LoadedInput& input, const Schema& schema, const ValidateOptions& options,
                 Report* report);

// What checking a list of files produced.
struct CheckRunResult {
  std::string output;  // the whole rendered output
  RunTotals totals;
};

// Checks `files` in order with `jobs` threads (at least 1; the threads are
// started once per run, and each reuses one Report and one read buffer),
// rendering each file's part on its thread and assembling them in order.
// The first file (in order) that cannot be read makes the result an error
// naming it, and nothing is rendered.
absl::StatusOr<CheckRunResult> CheckFiles(const std::vector<std::string>& files,
                                          const Schema& schema, const ValidateOptions& options,
                                          const ReportSettings& settings, int jobs);

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_CHECK_RUN_H_
