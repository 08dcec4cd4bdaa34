// What keeps the fuzz targets fast: the regex cache they share across
// inputs, and the deterministic subset of inputs (by a hash of the bytes)
// that pays for the expensive cross-checks.

#ifndef CONTENTGATE_FUZZ_SAMPLING_H_
#define CONTENTGATE_FUZZ_SAMPLING_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "contentgate/regex_cache.h"

// Keeps the sampling hash out of the coverage feedback (and its cost).
#if defined(__clang__)
#define CG_FUZZ_NOT_COVERED __attribute__((no_sanitize("coverage")))
#else
#define CG_FUZZ_NOT_COVERED
#endif

namespace contentgate::fuzz {

// True for about one input in `one_in` (a power of two), decided by an
// FNV-1a hash of the bytes and `salt` (so two checks sampled at the same
// rate fall on different inputs): the same bytes always get the same answer,
// so a crash found by a sampled check reproduces. Always true in the replay
// binaries (built with CG_FUZZ_CHECK_EVERY_INPUT, so ctest's corpus replay
// runs every check on every seed and regression) and when the environment
// variable CG_FUZZ_CHECK_EVERY_INPUT is set to 1.
CG_FUZZ_NOT_COVERED inline bool Sampled(const uint8_t* data, size_t size, uint32_t one_in,
                                        uint32_t salt) {
#ifdef CG_FUZZ_CHECK_EVERY_INPUT
  static_cast<void>(data);
  static_cast<void>(size);
  static_cast<void>(one_in);
  static_cast<void>(salt);
  return true;
#else
  static const bool every = [] {
    const char* value = std::getenv("CG_FUZZ_CHECK_EVERY_INPUT");
    return value != nullptr && value[0] == '1';
  }();
  if (every) return true;
  // The size and at most 256 bytes spread over the input: enough to tell
  // mutants apart, and cheap next to the checks it saves.
  uint32_t hash = (2166136261u ^ salt ^ static_cast<uint32_t>(size)) * 16777619u;
  const size_t step = size / 256 + 1;
  for (size_t i = 0; i < size; i += step) hash = (hash ^ data[i]) * 16777619u;
  hash ^= hash >> 15;
  return (hash & (one_in - 1)) == 0;
#endif
}

// A regex cache shared by every input of the run, as the CLI shares one
// across the files of a run: each distinct pattern is compiled once, not
// once per input and per validation. Renewed every 65,536 calls so that a
// long campaign's memory stays bounded. Not thread-safe to renew: libFuzzer
// and afl-fuzz run one input at a time per process.
inline RegexCache* SharedRegexCache() {
  static RegexCache* cache = nullptr;
  static uint32_t calls = 0;
  if (cache == nullptr || (++calls & 0xFFFF) == 0) {
    delete cache;
    cache = new RegexCache;
  }
  return cache;
}

}  // namespace contentgate::fuzz

#endif  // CONTENTGATE_FUZZ_SAMPLING_H_
