// File: cli/file_input.cc
// Reading inputs into memory under a limit, output-over-input refusal,
// and walking folders in a stable order.

#include "file_input.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace contentgate::cli {
namespace {

absl::Status ErrnoError(int err, const std::string& what, const std::string& path) {
  return absl::Status(err == ENOENT ? absl::StatusCode::kNotFound : absl::StatusCode::kUnavailable,
                      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(err)));
}

bool HasExtension(const std::string& name, const std::vector<std::string>& extensions) {
  return std::any_of(extensions.begin(), extensions.end(), [&name](const std::string& ext) {
    return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
  });
}

absl::Status Walk(const std::string& folder, const std::vector<std::string>& extensions,
                  std::vector<std::string>* out) {
  DIR* dir = opendir(folder.c_str());
  if (dir == nullptr) return ErrnoError(errno, "read folder", folder);
  struct Entry {
    std::string name;
    unsigned char type;  // d_type
  };
  std::vector<Entry> entries;
  errno = 0;
  while (const dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") entries.push_back({name, entry->d_type});
  }
  const int err = errno;
  closedir(dir);
  if (err != 0) return ErrnoError(err, "read folder", folder);
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  const std::string prefix = folder.empty() || folder.back() == '/' ? folder : folder + "/";
  for (const Entry& entry : entries) {
    std::string path = prefix + entry.name;
    unsigned char type = entry.type;
    struct stat st;
    if (type == DT_UNKNOWN && lstat(path.c_str(), &st) == 0) {  // no d_type here
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
    }
    if (type == DT_DIR) {
      if (absl::Status s = Walk(path, extensions, out); !s.ok()) return s;
      continue;
    }
    // Links to folders are not followed (a link to an ancestor would never
    // end). A dangling link named like content stays in the list, as a file
    // that cannot be read.
    if (type == DT_LNK && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    if (HasExtension(entry.name, extensions)) out->push_back(std::move(path));
  }
  return absl::OkStatus();
}

}  // namespace

InputReader::InputReader(InputReader&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      owned_(std::exchange(other.owned_, false)),
      sized_(other.sized_),
      at_end_(other.at_end_),
      size_(other.size_) {}

InputReader::~InputReader() {
  if (owned_ && fd_ >= 0) close(fd_);
}

absl::StatusOr<InputReader> InputReader::Open(const std::string& path) {
  if (path == kStdio) return InputReader("standard input", STDIN_FILENO, false, false, 0);
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return ErrnoError(errno, "open", path);
  InputReader reader(path, fd, true, true, 0);
  struct stat st;
  if (fstat(fd, &st) != 0) return ErrnoError(errno, "stat", path);
  if (S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", path, ": it is a folder"));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", path, ": not a regular file"));
  }
  reader.size_ = static_cast<uint64_t>(st.st_size);
  return reader;
}

absl::Status InputReader::ReadUpTo(uint64_t total, std::vector<uint8_t>* buffer) {
  if (sized_ && total > size_ + 1) total = size_ + 1;  // one more byte finds growth
  while (buffer->size() < total && !at_end_) {
    const size_t have = buffer->size();
    const size_t step = static_cast<size_t>(
        std::min<uint64_t>(total - have, std::max<uint64_t>(uint64_t{1} << 16, have)));
    buffer->resize(have + step);
    const ssize_t n = read(fd_, buffer->data() + have, step);
    if (n < 0) {
      buffer->resize(have);
      if (errno == EINTR) continue;
      return ErrnoError(errno, "read", path_);
    }
    buffer->resize(have + static_cast<size_t>(n));
    if (n == 0) at_end_ = true;
  }
  if (sized_ && (buffer->size() > size_ || (at_end_ && buffer->size() < size_))) {
    return absl::UnavailableError(absl::StrCat("cannot read ", path_, ": it changed size (from ",
                                               size_, " bytes) while being read"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadWholeInput(const std::string& path, uint64_t limit,
                                           std::string_view what) {
  absl::StatusOr<InputReader> reader = InputReader::Open(path);
  if (!reader.ok()) return reader.status();
  const auto too_large = [&](const std::string& size) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(what), " ", path, " is ", size,
                                                   " bytes, larger than the limit of ", limit,
                                                   " bytes: refused unread"));
  };
  if (reader->sized() && reader->size() > limit) return too_large(absl::StrCat(reader->size()));
  std::vector<uint8_t> bytes;
  if (absl::Status s = reader->ReadUpTo(limit + 1, &bytes); !s.ok()) return s;
  if (bytes.size() > limit) return too_large("more than " + std::to_string(limit));
  return std::string(bytes.begin(), bytes.end());
}

bool IdentityOf(const std::string& path, FileIdentity* identity) {
  struct stat st;
  if (path == kStdio || stat(path.c_str(), &st) != 0) return false;
  identity->device = st.st_dev;
  identity->inode = st.st_ino;
  return true;
}

absl::Status RefuseOutputOverInput(const std::string& output, std::string_view option,
                                   const std::vector<std::string>& inputs) {
  FileIdentity out;
  if (!IdentityOf(output, &out)) return absl::OkStatus();
  for (const std::string& input : inputs) {
    FileIdentity in;
    if (IdentityOf(input, &in) && in.device == out.device && in.inode == out.inode) {
      return absl::InvalidArgumentError(absl::StrCat(std::string(option), " ", output,
                                                     " is the input ", input,
                                                     " (the same file): refused, nothing written"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> CollectInputs(const std::vector<std::string>& paths,
                                                       const std::vector<std::string>& extensions) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    struct stat st;
    if (path != kStdio && stat(path.c_str(), &st) != 0) return ErrnoError(errno, "read", path);
    if (path != kStdio && S_ISDIR(st.st_mode)) {
      if (absl::Status s = Walk(path, extensions, &out); !s.ok()) return s;
    } else {
      out.push_back(path);
    }
  }
  if (out.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("no file to check: ", absl::StrJoin(paths, ", "),
                                                   " holds no ", absl::StrJoin(extensions, " or "),
                                                   " file"));
  }
  return out;
}

}  // namespace contentgate::cli
