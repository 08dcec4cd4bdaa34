// File: contentgate/regex_cache.h
// A cache of regex verdicts shared by every file of a run.

#ifndef CONTENTGATE_REGEX_CACHE_H_
#define CONTENTGATE_REGEX_CACHE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace contentgate {

// Remembers, per (pattern, NOCASE, max_regex_program), whether the pattern
// compiles with RE2 within the limit and with what program size or error, so
// that each distinct pattern is compiled once per run. Thread-safe. Not
// copyable: it owns the memo and its lock.
class RegexCache {
 public:
  RegexCache();
  ~RegexCache();
  RegexCache(const RegexCache&) = delete;
  RegexCache& operator=(const RegexCache&) = delete;

  // The verdict on one pattern: ok, or the reason it fails (RE2's error, or
  // the program size against the limit).
  struct Verdict {
    bool ok = false;
    int program_size = 0;  // RE2::ProgramSize(), 0 when it did not compile
    std::string error;     // empty when ok
  };

  // The verdict for `pattern`, computing it on first use.
  Verdict Check(std::string_view pattern, bool nocase, uint32_t max_program);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace contentgate

#endif  // CONTENTGATE_REGEX_CACHE_H_
