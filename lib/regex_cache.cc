// File: lib/regex_cache.cc
// CheckRegex (the CG314 verdict) and the thread-safe cache of verdicts.

#include "contentgate/regex_cache.h"

#include <re2/re2.h>

#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "regex_check.h"

namespace contentgate {
namespace internal {

int64_t RegexMaxMemFor(uint32_t max_program) {
  // RE2 (2022-06-01, compile.cc) gives the forward compiler 2/3 of max_mem
  // and caps its instruction count at (that - sizeof(Prog)) / sizeof(Inst),
  // with 8-byte instructions, counted before Optimize/Flatten. Flattening
  // drops Nop and Alt instructions, so a program's pre-flatten count is
  // larger than its ProgramSize(): up to 1.6x for ordinary patterns (large
  // classes like \pL), more only for nested empty alternations such as
  // (?:|||a){40}. The budget allows kSlack x the limit (+64), so a pattern
  // far over the limit stops compiling after about that many instructions.
  constexpr int64_t kSlack = 4;
  constexpr int64_t kInstBytes = 8;
  constexpr int64_t kProgBytes = 1024;  // more than sizeof(re2::Prog)
  const int64_t instructions = kSlack * int64_t{max_program} + 64;
  return (instructions * kInstBytes + kProgBytes) * 3 / 2;
}

RegexCache::Verdict CheckRegex(std::string_view pattern, bool nocase, uint32_t max_program) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!nocase);
  options.set_max_mem(RegexMaxMemFor(max_program));
  const RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
  RegexCache::Verdict verdict;
  if (!re.ok()) {
    if (re.error_code() == RE2::ErrorPatternTooLarge) {
      verdict.error = absl::StrCat("its program is larger than max_regex_program ", max_program);
    } else {
      verdict.error = absl::StrCat("RE2 rejects it: ", re.error());
    }
    return verdict;
  }
  verdict.program_size = re.ProgramSize();
  if (verdict.program_size > 0 && static_cast<uint64_t>(verdict.program_size) > max_program) {
    verdict.error = absl::StrCat("its program size ", verdict.program_size,
                                 " is larger than max_regex_program ", max_program);
    return verdict;
  }
  verdict.ok = true;
  return verdict;
}

}  // namespace internal

namespace {

// A cache key as stored (owning) and as looked up (viewing the caller's
// pattern): hash and equality accept both, so a hit builds no string.
struct Key {
  std::string pattern;
  bool nocase;
  uint32_t max_program;
};
struct KeyView {
  std::string_view pattern;
  bool nocase;
  uint32_t max_program;
};

struct KeyHash {
  using is_transparent = void;
  size_t operator()(const KeyView& k) const {
    return absl::HashOf(k.pattern, k.nocase, k.max_program);
  }
  size_t operator()(const Key& k) const {
    return (*this)(KeyView{k.pattern, k.nocase, k.max_program});
  }
};

struct KeyEq {
  using is_transparent = void;
  static KeyView View(const Key& k) { return {k.pattern, k.nocase, k.max_program}; }
  static KeyView View(const KeyView& k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    const KeyView x = View(a);
    const KeyView y = View(b);
    return x.pattern == y.pattern && x.nocase == y.nocase && x.max_program == y.max_program;
  }
};

}  // namespace

// std::shared_mutex rather than absl::Mutex: Debian's Abseil is not built
// with ThreadSanitizer, which then reports its lock as a race.
struct RegexCache::Impl {
  std::shared_mutex mutex;
  absl::flat_hash_map<Key, Verdict, KeyHash, KeyEq> verdicts;  // guarded by mutex
};

RegexCache::RegexCache() : impl_(std::make_unique<Impl>()) {}
RegexCache::~RegexCache() = default;

RegexCache::Verdict RegexCache::Check(std::string_view pattern, bool nocase, uint32_t max_program) {
  {
    std::shared_lock lock(impl_->mutex);
    const auto it = impl_->verdicts.find(KeyView{pattern, nocase, max_program});
    if (it != impl_->verdicts.end()) return it->second;
  }
  // Compiled outside the lock: two threads may both compile a new pattern,
  // and the verdicts agree.
  Verdict verdict = internal::CheckRegex(pattern, nocase, max_program);
  std::unique_lock lock(impl_->mutex);
  return impl_->verdicts
      .try_emplace(Key{std::string(pattern), nocase, max_program}, std::move(verdict))
      .first->second;
}

}  // namespace contentgate
