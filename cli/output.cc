// File: cli/output.cc
// Checked writes to standard output and standard error, and atomic
// report and artifact files.

#include "output.h"

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace contentgate::cli {
namespace {

// The temporary files to remove on a signal. A slot's path is written only
// while signals are blocked, then published by `used`; the handler reads
// nothing else and calls only unlink, signal and raise (async-signal-safe).
constexpr int kSlots = 4;
char g_paths[kSlots][PATH_MAX];
volatile sig_atomic_t g_used[kSlots];

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

void RemoveTempFilesAndDie(int sig) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_used[i]) unlink(g_paths[i]);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

// Blocks the handled signals for its lifetime.
class SignalBlock {
 public:
  SignalBlock() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kSignals) sigaddset(&set, sig);
    sigprocmask(SIG_BLOCK, &set, &previous_);
  }
  ~SignalBlock() { sigprocmask(SIG_SETMASK, &previous_, nullptr); }
  SignalBlock(const SignalBlock&) = delete;
  SignalBlock& operator=(const SignalBlock&) = delete;

 private:
  sigset_t previous_;
};

// Registers `path`; returns its slot, or -1 when the table is full or the
// path too long (the file is then only removed by the destructor).
int Register(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kSlots; ++i) {
    if (!g_used[i]) {
      std::memcpy(g_paths[i], path.c_str(), path.size() + 1);
      g_used[i] = 1;
      return i;
    }
  }
  return -1;
}

absl::Status WriteFd(int fd, std::string_view bytes, std::string_view name) {
  while (!bytes.empty()) {
    const ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(
          absl::StrCat("cannot write to ", std::string(name), ": ", std::strerror(errno)));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace

void InstallSignalHandling() {
  signal(SIGPIPE, SIG_IGN);
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = RemoveTempFilesAndDie;
  sigemptyset(&action.sa_mask);
  for (int sig : kSignals) sigaddset(&action.sa_mask, sig);
  for (int sig : kSignals) sigaction(sig, &action, nullptr);
}

absl::Status WriteStdout(std::string_view bytes) {
  return WriteFd(STDOUT_FILENO, bytes, "standard output");
}

void WriteStderr(std::string_view bytes) {
  WriteFd(STDERR_FILENO, bytes, "standard error").IgnoreError();
}

absl::Status CloseStdout() {
  if (close(STDOUT_FILENO) != 0 && errno != EBADF && errno != EINTR) {
    return absl::UnavailableError(
        absl::StrCat("cannot write to standard output: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

OutputSink::OutputSink(OutputSink&& other) noexcept
    : path_(std::move(other.path_)),
      writer_(std::exchange(other.writer_, std::nullopt)),
      slot_(std::exchange(other.slot_, -1)) {}

OutputSink::~OutputSink() {
  if (slot_ >= 0) {
    SignalBlock block;
    g_used[slot_] = 0;
  }
}

absl::StatusOr<OutputSink> OutputSink::Open(const std::string& path, std::string_view option) {
  if (path.empty() || path == "-") return OutputSink(path, std::nullopt, -1);
  SignalBlock block;
  absl::StatusOr<AtomicFileWriter> writer = AtomicFileWriter::Create(path);
  if (!writer.ok()) {
    return absl::Status(writer.status().code(),
                        absl::StrCat("cannot write ", std::string(option), " ", path, ": ",
                                     writer.status().message()));
  }
  const int slot = Register(writer->temp_path());
  return OutputSink(path, std::move(*writer), slot);
}

absl::Status OutputSink::Write(std::string_view bytes) {
  if (!writer_.has_value()) return WriteStdout(bytes);
  const absl::Status status = writer_->Commit(bytes);
  if (slot_ >= 0) {
    SignalBlock block;
    g_used[slot_] = 0;
    slot_ = -1;
  }
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat("cannot write ", path_, ": ", status.message()));
  }
  return absl::OkStatus();
}

}  // namespace contentgate::cli
