// File: cli/check_run.cc
// Loading inputs under their size limits, the setup of the checking
// commands, and the parallel run of `validate`.

#include "check_run.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "contentgate/input_hints.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

// Bytes read first, to tell the kind (and the hint) before the limit.
constexpr uint64_t kPrefix = 4096;

// One file's outcome, filled by whichever thread checked it.
struct Slot {
  absl::Status status;
  std::string part;
  bool passes = false;
  size_t errors = 0;
  size_t warnings = 0;
};

// True when `bytes` is an optional UTF-8 BOM and JSON white space only: the
// kind is not decided yet.
bool Undecided(absl::Span<const uint8_t> bytes) {
  size_t i = bytes.size() >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
  for (; i < bytes.size(); ++i) {
    const uint8_t c = bytes[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

// Reads the rest of `*reader` into `*buffer` when the input is within
// `limit` bytes; a larger one is only measured: `input->oversized`, with its
// size (for standard input, read no further than limit + 1 bytes, `limit`
// as a lower bound).
absl::Status ReadWithinLimit(InputReader* reader, uint64_t limit, std::vector<uint8_t>* buffer,
                             LoadedInput* input) {
  if (reader->sized() && reader->size() > limit) {
    input->oversized = true;
    input->size = reader->size();
    return absl::OkStatus();
  }
  if (absl::Status s = reader->ReadUpTo(limit + 1, buffer); !s.ok()) return s;
  input->size = buffer->size();
  if (buffer->size() > limit) {
    input->oversized = true;
    input->size_is_lower_bound = !reader->at_end();
    if (input->size_is_lower_bound) input->size = limit;
  }
  return absl::OkStatus();
}

}  // namespace

CLI::App* AddCheckCommand(CLI::App* app, const std::string& name, const std::string& description,
                          CheckFlags* flags, const std::vector<std::string>& formats) {
  CLI::App* command = app->add_subcommand(name, description);
  flags->target.AddTo(command, true);
  flags->report.AddTo(command, kAllReportOptions, formats);
  return command;
}

absl::Status SetUpCheck(const CheckFlags& flags, std::string_view command, CheckSetup* setup) {
  absl::StatusOr<ReportSettings> settings = ResolveReportFlags(flags.report, command);
  if (!settings.ok()) return settings.status();
  setup->settings = std::move(*settings);
  setup->suite_name = std::string("contentgate ").append(command);
  setup->settings.render.suite_name = setup->suite_name;
  setup->settings.render.source_root = setup->settings.current_folder;
  absl::StatusOr<Schema> schema = LoadUsableSchema(flags.target.schema_path);
  if (!schema.ok()) return schema.status();
  setup->schema.emplace(std::move(*schema));
  auto targets = ResolveTargets(*setup->schema, flags.target.sensors);
  if (!targets.ok()) return targets.status();
  setup->options.target_sensors = std::move(*targets);
  setup->options.max_diagnostics = setup->settings.collect_cap();
  setup->options.regex_cache = &setup->regex_cache;
  return absl::OkStatus();
}

absl::StatusOr<LoadedInput> LoadChannelInput(const std::string& path, uint64_t limit,
                                             std::vector<uint8_t>* buffer) {
  buffer->clear();
  absl::StatusOr<InputReader> reader = InputReader::Open(path);
  if (!reader.ok()) return reader.status();
  LoadedInput input;
  if (absl::Status s = ReadWithinLimit(&*reader, limit, buffer, &input); !s.ok()) return s;
  if (!input.oversized) input.bytes = *buffer;
  return input;
}

absl::StatusOr<LoadedInput> LoadInput(const std::string& path, const Schema& schema,
                                      std::vector<uint8_t>* buffer) {
  buffer->clear();
  absl::StatusOr<InputReader> reader = InputReader::Open(path);
  if (!reader.ok()) return reader.status();
  const uint64_t max_size = schema.channel().max_file_size;
  const uint64_t source_limit = max_size * kSourceSizeFactor;
  // The first bytes, more while they are only white space.
  uint64_t want = kPrefix;
  for (;;) {
    if (absl::Status s = reader->ReadUpTo(want, buffer); !s.ok()) return s;
    if (reader->at_end() || !Undecided(*buffer) || buffer->size() > source_limit) break;
    want *= 2;
  }
  LoadedInput input;
  input.kind = DetectFileKind(*buffer);
  const uint64_t limit = input.kind == FileKind::kChannel ? max_size : source_limit;
  if (absl::Status s = ReadWithinLimit(&*reader, limit, buffer, &input); !s.ok()) return s;
  input.bytes = *buffer;
  if (input.kind == FileKind::kChannel) input.hint = ChannelFileHint(input.bytes);
  return input;
}

void CheckLoaded(const LoadedInput& input, const Schema& schema, const ValidateOptions& options,
                 Report* report) {
  if (!input.oversized) {
    ValidateFile(input.bytes, schema, options, report);
    return;
  }
  report->Clear();
  report->set_max_diagnostics(options.max_diagnostics);
  Diagnostic* d = report->Add(Code::kFileTooLarge);
  if (d == nullptr) return;
  const uint64_t max_size = schema.channel().max_file_size;
  const std::string size = absl::StrCat(input.size_is_lower_bound ? "more than " : "", input.size);
  if (input.kind == FileKind::kChannel) {
    d->set_offset(CG_HEADER_FILE_SIZE);
    d->set_message(absl::StrCat("file is ", size,
                                " bytes, larger than the channel's max_file_size ", max_size));
  } else {
    d->set_pointer("");
    d->set_message(absl::StrCat("source file is ", size, " bytes, more than ", kSourceSizeFactor,
                                " times the channel's max_file_size ", max_size,
                                ": refused unread"));
  }
}

absl::StatusOr<CheckRunResult> CheckFiles(const std::vector<std::string>& files,
                                          const Schema& schema, const ValidateOptions& options,
                                          const ReportSettings& settings, int jobs) {
  std::vector<Slot> slots(files.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  const RenderOptions& render = settings.render;

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
      absl::StatusOr<LoadedInput> input = LoadInput(files[i], schema, &buffer);
      if (!input.ok()) {
        slot.status = input.status();
        failed = true;
        continue;
      }
      CheckLoaded(*input, schema, options, &report);
      FilterIgnored(settings, &report);
      AppendFileReport(render,
                       {settings.NameOf(files[i]), ResultKindOf(input->kind), &report, input->hint},
                       &slot.part);
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
