// File: contentgate/atomic_file.h
// Writing a file atomically: the bytes go to a temporary file in the
// target's folder, which is fsynced and renamed over the target, so a reader
// sees the old file or the whole new one, never a part. POSIX only.

#ifndef CONTENTGATE_ATOMIC_FILE_H_
#define CONTENTGATE_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace contentgate {

// An atomic write in two steps, so a caller can create the temporary file
// before a long computation (and register it for removal on a signal), then
// commit the bytes. The temporary file is removed by the destructor unless
// Commit succeeded. Move-only.
class AtomicFileWriter {
 public:
  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&& other) = delete;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  ~AtomicFileWriter();

  // Creates an empty temporary file (`.cg-PID-NONCE.tmp`, mode 0666 less the
  // umask) in the folder of `path`. InvalidArgument for an empty path or one
  // ending in '/'; NotFound, PermissionDenied or Internal, naming the path,
  // when the file cannot be created. Nothing at `path` is touched.
  static absl::StatusOr<AtomicFileWriter> Create(const std::string& path);

  // The temporary file's path ("" once committed).
  const std::string& temp_path() const { return temp_path_; }

  // Writes `bytes` to the temporary file, fsyncs it, renames it over the
  // target and fsyncs the folder. On failure the target is as it was and the
  // temporary file is gone. Call at most once.
  absl::Status Commit(std::string_view bytes);

 private:
  AtomicFileWriter(std::string path, std::string temp_path, int fd)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd) {}

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
};

// Writes `bytes` to `path` atomically (AtomicFileWriter::Create then Commit):
// on any failure `path` is as it was and no temporary file is left.
absl::Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace contentgate

#endif  // CONTENTGATE_ATOMIC_FILE_H_
