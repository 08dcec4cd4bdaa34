// File: bench/bench_util.h
// What every benchmark reports besides its time: bytes/s and items/s over
// the same input, and the heap allocations of its timed loop.

#ifndef CONTENTGATE_BENCH_BENCH_UTIL_H_
#define CONTENTGATE_BENCH_BENCH_UTIL_H_

#include <benchmark/benchmark.h>

#include <cstdint>

#include "alloc_counter.h"
#include "fixtures.h"

namespace contentgate::bench {

using test::AllocationCount;

// Runs a benchmark at the three reference sizes (kSmallN, kReferenceN,
// kLargeN), reported in microseconds: BENCHMARK(BM_X)->Apply(AtReferenceSizes).
inline void AtReferenceSizes(benchmark::internal::Benchmark* b) {
  b->Arg(kSmallN)->Arg(kReferenceN)->Arg(kLargeN)->Unit(benchmark::kMicrosecond);
}

// Construct right before the timed loop and call Finish right after it:
// reports `bytes` and `items` per iteration as bytes/s and items/s, and the
// operator new calls of the loop as the counter allocs_per_iter.
class Measurement {
 public:
  Measurement() : start_(AllocationCount()) {}
  void Finish(benchmark::State& state, uint64_t bytes, uint64_t items) const {
    const uint64_t allocations = AllocationCount() - start_;
    const int64_t iterations = static_cast<int64_t>(state.iterations());
    state.SetBytesProcessed(iterations * static_cast<int64_t>(bytes));
    state.SetItemsProcessed(iterations * static_cast<int64_t>(items));
    state.counters["allocs_per_iter"] =
        benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
  }

 private:
  uint64_t start_;
};

// The reference fixture of `mix` with state.range(0) instances, or null
// after marking the benchmark skipped with the fixture's error.
inline const ReferenceFixture* ReferenceOrSkip(benchmark::State& state, ReferenceMix mix) {
  const ReferenceFixture& fixture = Reference(mix, static_cast<uint32_t>(state.range(0)));
  if (!fixture.error.empty()) {
    state.SkipWithError(fixture.error.c_str());
    return nullptr;
  }
  return &fixture;
}

}  // namespace contentgate::bench

#endif  // CONTENTGATE_BENCH_BENCH_UTIL_H_
