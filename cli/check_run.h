// File: cli/check_run.h
// Checking many files against one schema, in parallel, with output that
// does not depend on the number of threads.

#ifndef CONTENTGATE_CLI_CHECK_RUN_H_
#define CONTENTGATE_CLI_CHECK_RUN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "contentgate/report_format.h"
#include "contentgate/schema.h"
#include "contentgate/validate.h"
#include "file_input.h"

namespace contentgate::cli {

// A source file larger than this many times the channel's max_file_size is
// refused with CG106 without being parsed: no source that large is needed to
// describe a file the channel accepts.
inline constexpr uint64_t kSourceSizeFactor = 16;

// Files up to this size are read with one read; larger ones are mapped.
inline constexpr uint64_t kReadLimit = uint64_t{1} << 20;

// Checks one file's bytes, as `validate` does, into `report` (cleared
// first) and returns its kind. Before anything else reads the file: a
// channel file larger than the schema's max_file_size gets CG106 alone, and
// a source file more than kSourceSizeFactor times that gets CG106 alone, so
// an oversized file is never read whole.
FileKind CheckBytes(absl::Span<const uint8_t> file, const Schema& schema,
                    const ValidateOptions& options, Report* report);

// Opens `path` for CheckBytes: files larger than the schema's max_file_size
// (or kReadLimit) are mapped rather than read.
absl::StatusOr<InputFile> OpenForCheck(const std::string& path, const Schema& schema,
                                       std::vector<uint8_t>* buffer);

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
                                          const RenderOptions& render, int jobs);

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_CHECK_RUN_H_
