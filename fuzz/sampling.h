// What keeps the fuzz targets fast: the regex cache they share across
// inputs, and the deterministic subsets of inputs (by a hash of the bytes)
// that pay for the expensive cross-checks.

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

// Whether every check runs on every input: always in the replay binaries
// (built with CG_FUZZ_CHECK_EVERY_INPUT, so ctest's corpus replay runs every
// check on every seed and regression), and when the environment variable
// CG_FUZZ_CHECK_EVERY_INPUT is set to 1.
CG_FUZZ_NOT_COVERED inline bool CheckEveryInput() {
#ifdef CG_FUZZ_CHECK_EVERY_INPUT
  return true;
#else
  static const bool every = [] {
    const char* value = std::getenv("CG_FUZZ_CHECK_EVERY_INPUT");
    return value != nullptr && value[0] == '1';
  }();
  return every;
#endif
}

// An FNV-1a hash of the size, `salt` and at most 256 bytes spread over the
// input: enough to tell mutants apart, and cheap next to the checks it
// saves. The same bytes always hash the same, so a crash found by a sampled
// check reproduces.
CG_FUZZ_NOT_COVERED inline uint32_t InputHash(const uint8_t* data, size_t size, uint32_t salt) {
  uint32_t hash = (2166136261u ^ salt ^ static_cast<uint32_t>(size)) * 16777619u;
  const size_t step = size / 256 + 1;
  for (size_t i = 0; i < size; i += step) hash = (hash ^ data[i]) * 16777619u;
  return hash ^ (hash >> 15);
}

// True for about one input in `one_in` (a power of two), decided by
// InputHash with `salt` (so two checks sampled at the same rate fall on
// different inputs). Always true when CheckEveryInput().
CG_FUZZ_NOT_COVERED inline bool Sampled(const uint8_t* data, size_t size, uint32_t one_in,
                                        uint32_t salt) {
  if (CheckEveryInput()) return true;
  return (InputHash(data, size, salt) & (one_in - 1)) == 0;
}

// The indices among `count` (at most 32; for example the embedded schemas)
// that this input pays a cross-check for, as a bit mask: exactly one index
// per input, picked by InputHash with `salt`, so each index gets about a
// `count`th of the inputs. Every index when CheckEveryInput().
CG_FUZZ_NOT_COVERED inline uint32_t ChosenIndices(const uint8_t* data, size_t size, size_t count,
                                                  uint32_t salt) {
  if (CheckEveryInput()) return count >= 32 ? ~0u : (1u << count) - 1;
  return 1u << (InputHash(data, size, salt) % count);
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
