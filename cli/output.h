// File: cli/output.h
// Where the command line's output goes, with every failure seen: standard
// output written with checked write(2) calls (SIGPIPE ignored, so a closed
// pipe is EPIPE, an error like any other), and files written atomically
// whose temporary file is removed when SIGINT, SIGTERM or SIGHUP ends the
// process.

#ifndef CONTENTGATE_CLI_OUTPUT_H_
#define CONTENTGATE_CLI_OUTPUT_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "contentgate/atomic_file.h"

namespace contentgate::cli {

// Ignores SIGPIPE and installs the handler that removes registered
// temporary files on SIGINT, SIGTERM and SIGHUP, then dies of the signal.
// Call once, first thing in main.
void InstallSignalHandling();

// Writes all of `bytes` to standard output. An error (EPIPE, ENOSPC, ...)
// names standard output and the cause.
absl::Status WriteStdout(std::string_view bytes);

// Writes all of `bytes` to standard error; failures are ignored (there is
// nowhere left to report them).
void WriteStderr(std::string_view bytes);

// Closes standard output and reports a failure a delayed write surfaces
// there. Call once, after the last write.
absl::Status CloseStdout();

// The destination of one document: standard output, or a file written
// atomically. The file's temporary file is created by Open, before any
// work, and removed on a signal or when the sink is destroyed unwritten.
class OutputSink {
 public:
  OutputSink(OutputSink&& other) noexcept;
  OutputSink& operator=(OutputSink&&) = delete;
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;
  ~OutputSink();

  // `path` "" or "-": standard output. `option` ("-o", "--report") names
  // the path in errors.
  static absl::StatusOr<OutputSink> Open(const std::string& path, std::string_view option);

  bool is_stdout() const { return !writer_.has_value(); }

  // Writes the whole document. Call at most once.
  absl::Status Write(std::string_view bytes);

 private:
  OutputSink(std::string path, std::optional<AtomicFileWriter> writer, int slot)
      : path_(std::move(path)), writer_(std::move(writer)), slot_(slot) {}

  std::string path_;
  std::optional<AtomicFileWriter> writer_;
  int slot_ = -1;  // the temporary file's slot in the signal handler's table
};

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_OUTPUT_H_
