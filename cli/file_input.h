// File: cli/file_input.h
// Reading the inputs the command line is given: regular files and standard
// input ("-"), always into memory (never mapped, so a file that shrinks
// while being read is an error, not a crash), never more than a limit the
// caller sets; and folders walked in a stable order.

#ifndef CONTENTGATE_CLI_FILE_INPUT_H_
#define CONTENTGATE_CLI_FILE_INPUT_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace contentgate::cli {

// The name that means standard input as a PATH, and standard output as -o.
inline constexpr char kStdio[] = "-";

// Schema, events and tests files larger than this are refused unread.
inline constexpr uint64_t kTextInputLimit = uint64_t{64} << 20;

// One open input, read in steps into a caller's buffer. Move-only.
class InputReader {
 public:
  InputReader(InputReader&& other) noexcept;
  InputReader& operator=(InputReader&&) = delete;
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;
  ~InputReader();

  // Opens `path` ("-": standard input, which may be a pipe or a terminal;
  // otherwise a regular file: anything else, a FIFO included, is an error
  // without blocking). Errors name the path and the cause.
  static absl::StatusOr<InputReader> Open(const std::string& path);

  // True for a regular file, whose size() is known before reading.
  bool sized() const { return sized_; }
  // The regular file's size when opened (0 for standard input).
  uint64_t size() const { return size_; }

  // Appends to `*buffer` until it holds `total` bytes or the input ends.
  // A regular file that ends before the size it had when opened, or has
  // grown past it when `total` exceeds that size, is an error ("changed
  // while being read"): a file must not change while it is checked.
  absl::Status ReadUpTo(uint64_t total, std::vector<uint8_t>* buffer);

  // True once a read found the end of the input.
  bool at_end() const { return at_end_; }

 private:
  InputReader(std::string path, int fd, bool owned, bool sized, uint64_t size)
      : path_(std::move(path)), fd_(fd), owned_(owned), sized_(sized), size_(size) {}

  std::string path_;
  int fd_ = -1;
  bool owned_ = false;
  bool sized_ = false;
  bool at_end_ = false;
  uint64_t size_ = 0;
};

// Reads the whole input at `path` ("-" for standard input) into a string,
// refusing one larger than `limit` bytes unread (a regular file) or after
// limit + 1 bytes (standard input). `what` names the input in errors
// ("schema", "events file").
absl::StatusOr<std::string> ReadWholeInput(const std::string& path, uint64_t limit,
                                           std::string_view what);

// The device and inode of `path` (following links), or nullopt when it does
// not exist or is "-".
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
};
bool IdentityOf(const std::string& path, FileIdentity* identity);

// An error when `output` (an -o or --report path; "-" never) names the same
// file as one of `inputs`, by device and inode, through any path or link:
// "OPTION OUTPUT is the input INPUT: refused, nothing written".
absl::Status RefuseOutputOverInput(const std::string& output, std::string_view option,
                                   const std::vector<std::string>& inputs);

// Expands `paths` into the files to check, in order: a file (or "-") is
// taken as given; a folder is walked recursively for files whose names end
// in one of `extensions` (".bin", ".json"), entries sorted by name (byte
// order) at every level, without following links to folders. A path that
// does not exist or a folder that cannot be listed is an error naming it;
// so is a run that finds no file at all ("no file to check").
absl::StatusOr<std::vector<std::string>> CollectInputs(const std::vector<std::string>& paths,
                                                       const std::vector<std::string>& extensions);

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_FILE_INPUT_H_
