// File: lib/channel_file.cc
// ValidateChannelFile: runs the C core (lib/core/) over the file, with
// ISA-L's CRC-32C and RE2 (through the regex cache) as its hooks, and turns
// each diagnostic it reports into the Report's Diagnostic with its message.

#include "contentgate/channel_file.h"

#include <memory>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "contentgate/core.h"
#include "core_messages.h"
#include "regex_check.h"
#include "validate_exact.h"

namespace contentgate {
namespace {

// Per-call memo of regex verdicts: each distinct pattern is checked once per
// call (and once per run through the RegexCache when there is one). Keys
// view the file's bytes.
class RegexMemo {
 public:
  const RegexCache::Verdict& Check(std::string_view pattern, bool nocase, uint32_t max_program,
                                   RegexCache* cache) {
    const auto key = std::make_tuple(pattern, nocase, max_program);
    auto it = verdicts_.find(key);
    if (it == verdicts_.end()) {
      it = verdicts_
               .emplace(key, cache != nullptr ? cache->Check(pattern, nocase, max_program)
                                              : internal::CheckRegex(pattern, nocase, max_program))
               .first;
    }
    return it->second;
  }

 private:
  absl::flat_hash_map<std::tuple<std::string_view, bool, uint32_t>, RegexCache::Verdict> verdicts_;
};

// What the core's hooks share during one call.
struct CallContext {
  internal::MessageContext messages;
  RegexCache* regex_cache = nullptr;
  std::unique_ptr<RegexMemo> regex_memo;  // allocated on the first regex
};

int OnDiagnostic(void* ctx, const cg_diag* d) {
  internal::AddCoreDiagnostic(static_cast<CallContext*>(ctx)->messages, *d);
  return 0;  // the Report counts everything; its cap only limits what it keeps
}

int CheckRegexHook(void* ctx, const uint8_t* pattern, size_t len, int nocase, uint32_t max_program,
                   uint64_t* program_size) {
  CallContext* c = static_cast<CallContext*>(ctx);
  if (c->regex_memo == nullptr) c->regex_memo = std::make_unique<RegexMemo>();
  const RegexCache::Verdict& verdict =
      c->regex_memo->Check(std::string_view(reinterpret_cast<const char*>(pattern), len),
                           nocase != 0, max_program, c->regex_cache);
  c->messages.last_regex_verdict = &verdict;
  *program_size = verdict.program_size > 0 ? static_cast<uint64_t>(verdict.program_size) : 0;
  return verdict.ok ? 0 : 1;
}

// Scratch words on the stack: enough for files of about 3.5 KiB.
constexpr size_t kStackScratchWords = 256;

void Validate(absl::Span<const uint8_t> file, const Schema& schema, const ValidateOptions& options,
              uint32_t flags, Report* report) {
  report->Clear();
  report->set_max_diagnostics(options.max_diagnostics);
  static constexpr uint32_t kNoTargets = 0;
  cg_options core{};
  if (options.target_sensors.has_value()) {
    const std::vector<uint32_t>& targets = *options.target_sensors;
    core.targets = targets.empty() ? &kNoTargets : targets.data();
    core.target_count = targets.size();
  }
  CallContext context;
  context.messages.file = file;
  context.messages.schema = &schema;
  context.messages.report = report;
  context.regex_cache = options.regex_cache;
  core.on_diag = OnDiagnostic;
  core.check_regex = CheckRegexHook;
  core.crc32c = Crc32cExtend;
  core.ctx = &context;
  core.flags = flags;
  // Small files use a stack buffer; larger ones the report's scratch, which
  // grows with the largest file a reused report has seen.
  uint64_t small[kStackScratchWords];
  void* scratch = small;
  size_t words = (cg_scratch_size(file.size()) + 7) / 8;
  if (words > kStackScratchWords) {
    std::vector<Report::ScratchWord>& kept = report->validator_scratch();
    if (kept.size() < words) kept.resize(words);
    scratch = kept.data();
    words = kept.size();
  } else {
    words = kStackScratchWords;
  }
  cg_result result;
  cg_validate(file.data(), file.size(), &schema.core_schema(), &core, scratch, words * 8, &result);
}

}  // namespace

void ValidateChannelFile(absl::Span<const uint8_t> file, const Schema& schema,
                         const ValidateOptions& options, Report* report) {
  Validate(file, schema, options, 0, report);
}

void internal::ValidateChannelFileExact(absl::Span<const uint8_t> file, const Schema& schema,
                                        const ValidateOptions& options, Report* report) {
  Validate(file, schema, options, CG_OPTION_REFERENCE, report);
}

Report ValidateChannelFile(absl::Span<const uint8_t> file, const Schema& schema,
                           const ValidateOptions& options) {
  Report report(options.max_diagnostics);
  ValidateChannelFile(file, schema, options, &report);
  return report;
}

}  // namespace contentgate
