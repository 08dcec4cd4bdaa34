// File: lib/atomic_file.cc
// WriteFileAtomically: temporary file in the target's folder, fsync, rename,
// fsync the folder. POSIX only.

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "contentgate/source.h"

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

absl::Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  if (path.empty() || path.back() == '/') {
    return absl::InvalidArgumentError(absl::StrCat("not a file path: '", path, "'"));
  }
  const std::string folder = FolderOf(path);
  std::string temp_path;
  const int fd = CreateTempIn(folder, &temp_path);
  if (fd < 0) return ErrnoStatus(errno, "cannot create a temporary file for", path);

  const auto fail = [&](std::string_view what, bool close_fd) {
    const int err = errno;
    if (close_fd) close(fd);
    unlink(temp_path.c_str());
    return ErrnoStatus(err, what, temp_path);
  };
  if (!WriteAll(fd, bytes)) return fail("cannot write", true);
  if (fsync(fd) != 0) return fail("cannot fsync", true);
  if (close(fd) != 0) return fail("cannot close", false);
  if (rename(temp_path.c_str(), path.c_str()) != 0) {
    const int err = errno;
    unlink(temp_path.c_str());
    return ErrnoStatus(err, "cannot rename the temporary file over", path);
  }
  // The rename is durable only once the folder entry is on disk.
  const int dir_fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return ErrnoStatus(errno, "cannot open folder", folder);
  const int sync_result = fsync(dir_fd);
  const int sync_errno = errno;
  close(dir_fd);
  if (sync_result != 0) return ErrnoStatus(sync_errno, "cannot fsync folder", folder);
  return absl::OkStatus();
}

}  // namespace contentgate
