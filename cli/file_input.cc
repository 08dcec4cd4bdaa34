// File: cli/file_input.cc

#include "file_input.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace contentgate::cli {
namespace {

absl::Status ErrnoError(int err, const std::string& what, const std::string& path) {
  return absl::Status(err == ENOENT ? absl::StatusCode::kNotFound : absl::StatusCode::kUnavailable,
                      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(err)));
}

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool HasCheckedExtension(const std::string& name) {
  const auto ends_with = [&name](const char* suffix) {
    const size_t n = std::strlen(suffix);
    return name.size() > n && name.compare(name.size() - n, n, suffix) == 0;
  };
  return ends_with(".bin") || ends_with(".json");
}

absl::Status Walk(const std::string& folder, std::vector<std::string>* out) {
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
      if (absl::Status s = Walk(path, out); !s.ok()) return s;
      continue;
    }
    // Links to folders are not followed (a link to an ancestor would never
    // end). A dangling link named like content stays in the list, as a file
    // that cannot be read.
    if (type == DT_LNK && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    if (HasCheckedExtension(entry.name)) out->push_back(std::move(path));
  }
  return absl::OkStatus();
}

}  // namespace

InputFile::~InputFile() {
  if (mapping_ != nullptr) munmap(mapping_, size_);
}

InputFile::InputFile(InputFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapping_(std::exchange(other.mapping_, nullptr)) {}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (mapping_ != nullptr) munmap(mapping_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapping_ = std::exchange(other.mapping_, nullptr);
  }
  return *this;
}

absl::StatusOr<InputFile> InputFile::Open(const std::string& path, uint64_t read_limit,
                                          std::vector<uint8_t>* buffer) {
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return ErrnoError(errno, "open", path);
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoError(errno, "stat", path);
  if (S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", path, ": it is a folder"));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", path, ": not a regular file"));
  }
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  InputFile file;
  if (size == 0) return file;
  if (size > read_limit) {
    void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (map == MAP_FAILED) return ErrnoError(errno, "map", path);
    file.mapping_ = map;
    file.data_ = static_cast<const uint8_t*>(map);
    file.size_ = size;
    return file;
  }
  // One read for the whole file (a loop only for short reads).
  buffer->resize(size);
  size_t got = 0;
  while (got < size) {
    const ssize_t n = read(fd.get(), buffer->data() + got, size - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, "read", path);
    }
    if (n == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot read ", path, ": it shrank while being read"));
    }
    got += static_cast<size_t>(n);
  }
  file.data_ = buffer->data();
  file.size_ = got;
  return file;
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  // Mapped, then copied once into the string.
  std::vector<uint8_t> unused;
  absl::StatusOr<InputFile> file = InputFile::Open(path, 0, &unused);
  if (!file.ok()) return file.status();
  const absl::Span<const uint8_t> bytes = file->bytes();
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

absl::StatusOr<std::vector<std::string>> CollectInputs(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return ErrnoError(errno, "read", path);
    if (S_ISDIR(st.st_mode)) {
      if (absl::Status s = Walk(path, &out); !s.ok()) return s;
    } else {
      out.push_back(path);
    }
  }
  return out;
}

}  // namespace contentgate::cli
