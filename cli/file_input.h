// File: cli/file_input.h
// Reading the files the command line is given: each file is read at most
// once (one read into a reused buffer, or a read-only mapping for large
// files, whose pages are touched only where the checks look), and folders
// are walked in a stable order.

#ifndef CONTENTGATE_CLI_FILE_INPUT_H_
#define CONTENTGATE_CLI_FILE_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace contentgate::cli {

// The bytes of one input file. Either a view into a caller's reused buffer
// or a private read-only mapping, unmapped on destruction. Move-only.
class InputFile {
 public:
  InputFile() = default;
  ~InputFile();
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  absl::Span<const uint8_t> bytes() const { return {data_, size_}; }

  // Opens `path` (a regular file; anything else, a FIFO included, is an
  // error without blocking) and makes its bytes available: files of
  // at most `read_limit` bytes are read with one read into `*buffer` (which
  // the result then views, so it must outlive it and not be reused while
  // it lives); larger files are mapped. Errors name the path and the cause.
  static absl::StatusOr<InputFile> Open(const std::string& path, uint64_t read_limit,
                                        std::vector<uint8_t>* buffer);

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // non-null when mapped
};

// Reads the whole file at `path` into a string (schemas, event files).
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

// Expands `paths` into the files to check, in order: a file is taken as
// given; a folder is walked recursively for files ending in ".bin" or
// ".json", entries sorted by name (byte order) at every level, without
// following links to folders. A path that does not exist or a folder that
// cannot be listed is an error naming it.
absl::StatusOr<std::vector<std::string>> CollectInputs(const std::vector<std::string>& paths);

}  // namespace contentgate::cli

#endif  // CONTENTGATE_CLI_FILE_INPUT_H_
