// File: cli/check_run.cc

#include "check_run.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"

namespace contentgate::cli {
namespace {

// One file's outcome, filled by whichever thread checked it.
struct Slot {
  absl::Status status;
  std::string part;
  bool passes = false;
  size_t errors = 0;
  size_t warnings = 0;
};

}  // namespace

FileKind CheckBytes(absl::Span<const uint8_t> file, const Schema& schema,
                    const ValidateOptions& options, Report* report) {
  const FileKind kind = DetectFileKind(file);
  const uint64_t max_size = schema.channel().max_file_size;
  const uint64_t limit = kind == FileKind::kChannel ? max_size : max_size * kSourceSizeFactor;
  if (file.size() <= limit) return ValidateFile(file, schema, options, report);

  report->Clear();
  report->set_max_diagnostics(options.max_diagnostics);
  if (Diagnostic* d = report->Add(Code::kFileTooLarge)) {
    if (kind == FileKind::kChannel) {
      d->set_offset(header::kFileSize);
      d->set_message(absl::StrCat("file is ", file.size(),
                                  " bytes, larger than the channel's max_file_size ", max_size));
    } else {
      d->set_pointer("");
      d->set_message(absl::StrCat("source file is ", file.size(), " bytes, more than ",
                                  kSourceSizeFactor, " times the channel's max_file_size ",
                                  max_size, ": refused unread"));
    }
  }
  return kind;
}

absl::StatusOr<InputFile> OpenForCheck(const std::string& path, const Schema& schema,
                                       std::vector<uint8_t>* buffer) {
  return InputFile::Open(path, std::min<uint64_t>(kReadLimit, schema.channel().max_file_size),
                         buffer);
}

absl::StatusOr<CheckRunResult> CheckFiles(const std::vector<std::string>& files,
                                          const Schema& schema, const ValidateOptions& options,
                                          const RenderOptions& render, int jobs) {
  std::vector<Slot> slots(files.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};

  // Indices are taken in increasing order and every taken index is
  // finished, so the lowest unreadable index is always found, whatever
  // the number of threads.
  const auto work = [&] {
    Report report(options.max_diagnostics);
    std::vector<uint8_t> buffer;
    while (!failed.load(std::memory_order_relaxed)) {
      const size_t i = next++;
      if (i >= files.size()) break;
      Slot& slot = slots[i];
      absl::StatusOr<InputFile> input = OpenForCheck(files[i], schema, &buffer);
      if (!input.ok()) {
        slot.status = input.status();
        failed = true;
        continue;
      }
      const FileKind kind = CheckBytes(input->bytes(), schema, options, &report);
      AppendFileReport(render, {files[i], ResultKindOf(kind), &report}, &slot.part);
      slot.passes = report.passes(render.strict);
      slot.errors = report.errors();
      slot.warnings = report.warnings();
    }
  };

  const size_t threads = std::min<size_t>(static_cast<size_t>(std::max(jobs, 1)), files.size());
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& thread : pool) thread.join();
  }

  CheckRunResult result;
  ReportAssembler assembler(render);
  for (Slot& slot : slots) {
    if (!slot.status.ok()) return slot.status;
  }
  for (Slot& slot : slots) {
    assembler.AddPart(slot.part);
    ++result.totals.files;
    if (!slot.passes) ++result.totals.failed;
    result.totals.errors += slot.errors;
    result.totals.warnings += slot.warnings;
    std::string().swap(slot.part);
  }
  result.output = std::move(assembler).Finish(result.totals);
  return result;
}

}  // namespace contentgate::cli
