// File: contentgate/regex_cache.h
// A cache of regex verdicts shared by every file of a run.

#ifndef CONTENTGATE_REGEX_CACHE_H_
#define CONTENTGATE_REGEX_CACHE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace contentgate {

// Remembers, per (pattern, NOCASE), what RE2 makes of the pattern (its
// program size, or why it does not compile), so that each distinct pattern
// is compiled at most once for the cache's lifetime whatever the
// max_regex_program it is checked against. Thread-safe: two threads asking
// for the same new pattern at once may both compile it, with the same
// verdict. Not copyable: it owns the memo and its lock. Memory: the
// distinct patterns' bytes plus a small verdict each; RE2's own objects are
// not kept.
class RegexCache {
 public:
  RegexCache();
  ~RegexCache();
  RegexCache(const RegexCache&) = delete;
  RegexCache& operator=(const RegexCache&) = delete;

  // The verdict on one pattern: ok, or the reason it fails (too many Unicode
  // class escapes, RE2's error, or the program size against the limit).
  struct Verdict {
    bool ok = false;
    int program_size = 0;  // RE2::ProgramSize(), 0 when it did not compile
    std::string error;     // empty when ok
  };

  // The CG314 verdict for `pattern` against `max_program`, compiling the
  // pattern on first use of (pattern, nocase).
  Verdict Check(std::string_view pattern, bool nocase, uint32_t max_program);

  // How many patterns this cache has handed to RE2 (those rejected by the
  // escape count rule never reach it).
  uint64_t compilations() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace contentgate

#endif  // CONTENTGATE_REGEX_CACHE_H_
