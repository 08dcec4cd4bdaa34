// File: bench/alloc_counter.h
// Counts heap allocations in the benchmark binary: alloc_counter.cc replaces
// the global operator new (every form), so every std::string, vector growth
// or `new` anywhere in the process is counted. Direct malloc calls from C
// code are not (ISA-L, the only C library on the path, does not allocate).

#ifndef CONTENTGATE_BENCH_ALLOC_COUNTER_H_
#define CONTENTGATE_BENCH_ALLOC_COUNTER_H_

#include <cstdint>

namespace contentgate::bench {

// The number of operator new calls since the process started.
uint64_t AllocationCount();

}  // namespace contentgate::bench

#endif  // CONTENTGATE_BENCH_ALLOC_COUNTER_H_
