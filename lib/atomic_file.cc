// File: lib/atomic_file.cc
// AtomicFileWriter and WriteFileAtomically: temporary file in the target's
// folder, fsync, rename, fsync the folder. POSIX only.

#include "contentgate/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace contentgate {
namespace {

absl::Status ErrnoStatus(int err, std::string_view what, std::string_view path) {
  std::string message =
      absl::StrCat(absl::string_view(what.data(), what.size()), " ",
                   absl::string_view(path.data(), path.size()), ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(message);
    default:
      return absl::InternalError(message);
  }
}

// The folder part of `path` ("." for a bare file name).
std::string FolderOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Creates a new file in `folder` with O_EXCL under a fresh hidden name (short,
// so a target name near the length limit still gets one); fills
// `temp_path`. Returns the open descriptor, or -1 with errno set.
int CreateTempIn(const std::string& folder, std::string* temp_path) {
  static std::atomic<uint64_t> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    const uint64_t nonce =
        static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
        (counter.fetch_add(1, std::memory_order_relaxed) << 48);
    *temp_path = absl::StrFormat("%s/.cg-%d-%016x.tmp", folder, getpid(), nonce);
    const int fd = open(temp_path->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::exchange(other.temp_path_, std::string())),
      fd_(std::exchange(other.fd_, -1)) {}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) close(fd_);
  if (!temp_path_.empty()) unlink(temp_path_.c_str());
}

absl::StatusOr<AtomicFileWriter> AtomicFileWriter::Create(const std::string& path) {
  if (path.empty() || path.back() == '/') {
    return absl::InvalidArgumentError(absl::StrCat("not a file path: '", path, "'"));
  }
  std::string temp_path;
  const int fd = CreateTempIn(FolderOf(path), &temp_path);
  if (fd < 0) return ErrnoStatus(errno, "cannot create a temporary file for", path);
  return AtomicFileWriter(path, std::move(temp_path), fd);
}

absl::Status AtomicFileWriter::Commit(std::string_view bytes) {
  if (fd_ < 0 || temp_path_.empty()) return absl::FailedPreconditionError("already committed");
  const auto fail = [this](std::string_view what) {
    const int err = errno;
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    unlink(temp_path_.c_str());
    const absl::Status status = ErrnoStatus(err, what, temp_path_);
    temp_path_.clear();
    return status;
  };
  if (!WriteAll(fd_, bytes)) return fail("cannot write");
  if (fsync(fd_) != 0) return fail("cannot fsync");
  const int fd = std::exchange(fd_, -1);
  if (close(fd) != 0) return fail("cannot close");
  if (rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    unlink(temp_path_.c_str());
    temp_path_.clear();
    return ErrnoStatus(err, "cannot rename the temporary file over", path_);
  }
  temp_path_.clear();
  // The rename is durable only once the folder entry is on disk.
  const std::string folder = FolderOf(path_);
  const int dir_fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return ErrnoStatus(errno, "cannot open folder", folder);
  const int sync_result = fsync(dir_fd);
  const int sync_errno = errno;
  close(dir_fd);
  if (sync_result != 0) return ErrnoStatus(sync_errno, "cannot fsync folder", folder);
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  absl::StatusOr<AtomicFileWriter> writer = AtomicFileWriter::Create(path);
  if (!writer.ok()) return writer.status();
  return writer->Commit(bytes);
}

}  // namespace contentgate
