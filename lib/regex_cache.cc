// File: lib/regex_cache.cc
// The CG314 verdict on one regex (escape count, RE2, program limit), the
// thread-safe cache of verdicts, and the core's check_regex hook over it.

#include "contentgate/regex_cache.h"

#include <re2/re2.h>

#include <atomic>
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
namespace {

std::atomic<uint64_t> re2_compilations{0};

}  // namespace

size_t CountUnicodeClassEscapes(std::string_view pattern) {
  size_t count = 0;
  size_t i = 0;
  const size_t n = pattern.size();
  while (i + 1 < n) {
    if (pattern[i] != '\\') {
      ++i;
      continue;
    }
    const char escaped = pattern[i + 1];
    i += 2;
    if (escaped == 'p' || escaped == 'P') {
      ++count;
    } else if (escaped == 'Q') {
      // Literal up to \E (or the end): RE2 reads no escape in between.
      while (i < n && !(pattern[i] == '\\' && i + 1 < n && pattern[i + 1] == 'E')) ++i;
      i += 2;
    }
  }
  return count;
}

RegexCache::Verdict CompileRegex(std::string_view pattern, bool nocase, bool* reached_re2) {
  RegexCache::Verdict verdict;
  if (reached_re2 != nullptr) *reached_re2 = false;
  const size_t escapes = CountUnicodeClassEscapes(pattern);
  if (escapes > kMaxUnicodeClassEscapes) {
    verdict.error =
        absl::StrCat("it holds ", escapes, " Unicode class escapes (\\p, \\P); at most ",
                     kMaxUnicodeClassEscapes, " are allowed");
    return verdict;
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!nocase);
  options.set_max_mem(kRegexMaxMem);
  re2_compilations.fetch_add(1, std::memory_order_relaxed);
  if (reached_re2 != nullptr) *reached_re2 = true;
  const RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re.ok()) {
    verdict.error = re.error_code() == RE2::ErrorPatternTooLarge
                        ? std::string("RE2 rejects it: its program exceeds RE2's default max_mem")
                        : absl::StrCat("RE2 rejects it: ", re.error());
    return verdict;
  }
  verdict.ok = true;
  verdict.program_size = re.ProgramSize();
  return verdict;
}

RegexCache::Verdict ApplyProgramLimit(RegexCache::Verdict compiled, uint32_t max_program) {
  if (compiled.ok && compiled.program_size > 0 &&
      static_cast<uint64_t>(compiled.program_size) > max_program) {
    compiled.ok = false;
    compiled.error = absl::StrCat("its program size ", compiled.program_size,
                                  " is larger than max_regex_program ", max_program);
  }
  return compiled;
}

RegexCache::Verdict CheckRegex(std::string_view pattern, bool nocase, uint32_t max_program) {
  return ApplyProgramLimit(CompileRegex(pattern, nocase), max_program);
}

uint64_t Re2Compilations() { return re2_compilations.load(std::memory_order_relaxed); }

int CheckRegexHook(void* ctx, const uint8_t* pattern, size_t len, int nocase, uint32_t max_program,
                   uint64_t* program_size) {
  const RegexCache::Verdict verdict = static_cast<RegexCache*>(ctx)->Check(
      std::string_view(reinterpret_cast<const char*>(pattern), len), nocase != 0, max_program);
  *program_size = static_cast<uint64_t>(verdict.program_size);
  return verdict.ok ? 0 : 1;
}

}  // namespace internal

namespace {

// A cache key as stored (owning) and as looked up (viewing the caller's
// pattern): hash and equality accept both, so a hit builds no string.
struct Key {
  std::string pattern;
  bool nocase;
};
struct KeyView {
  std::string_view pattern;
  bool nocase;
};

struct KeyHash {
  using is_transparent = void;
  size_t operator()(const KeyView& k) const { return absl::HashOf(k.pattern, k.nocase); }
  size_t operator()(const Key& k) const { return (*this)(KeyView{k.pattern, k.nocase}); }
};

struct KeyEq {
  using is_transparent = void;
  static KeyView View(const Key& k) { return {k.pattern, k.nocase}; }
  static KeyView View(const KeyView& k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    const KeyView x = View(a);
    const KeyView y = View(b);
    return x.pattern == y.pattern && x.nocase == y.nocase;
  }
};

}  // namespace

// std::shared_mutex rather than absl::Mutex: Debian's Abseil is not built
// with ThreadSanitizer, which then reports its lock as a race.
struct RegexCache::Impl {
  mutable std::shared_mutex mutex;
  // CompileRegex verdicts (independent of any max_regex_program) and how
  // many of them reached RE2; both guarded by mutex.
  absl::flat_hash_map<Key, Verdict, KeyHash, KeyEq> compiled;
  uint64_t compilations = 0;
};

RegexCache::RegexCache() : impl_(std::make_unique<Impl>()) {}
RegexCache::~RegexCache() = default;

RegexCache::Verdict RegexCache::Check(std::string_view pattern, bool nocase, uint32_t max_program) {
  {
    std::shared_lock lock(impl_->mutex);
    const auto it = impl_->compiled.find(KeyView{pattern, nocase});
    if (it != impl_->compiled.end()) return internal::ApplyProgramLimit(it->second, max_program);
  }
  // Compiled outside the lock, so one slow pattern does not stall others.
  bool reached_re2 = false;
  Verdict compiled = internal::CompileRegex(pattern, nocase, &reached_re2);
  std::unique_lock lock(impl_->mutex);
  impl_->compilations += reached_re2 ? 1 : 0;
  return internal::ApplyProgramLimit(
      impl_->compiled.try_emplace(Key{std::string(pattern), nocase}, std::move(compiled))
          .first->second,
      max_program);
}

uint64_t RegexCache::compilations() const {
  std::shared_lock lock(impl_->mutex);
  return impl_->compilations;
}

}  // namespace contentgate
