// File: tests/alloc_counter.h
// Counts heap allocations in a test or benchmark binary that links
// alloc_counter.cc, which replaces the global operator new (every form), so
// every std::string, vector growth or `new` anywhere in the process is
// counted, and so are the bytes live at the peak. Direct malloc calls from C code are not (ISA-L,
// the only C library on the validation path, does not allocate).

#ifndef CONTENTGATE_TESTS_ALLOC_COUNTER_H_
#define CONTENTGATE_TESTS_ALLOC_COUNTER_H_

#include <cstdint>

namespace contentgate::test {

// The number of operator new calls since the process started.
uint64_t AllocationCount();

// The allocations made by f().
template <typename F>
uint64_t CountAllocations(F&& f) {
  const uint64_t before = AllocationCount();
  f();
  return AllocationCount() - before;
}

// Bytes of heap blocks (as malloc_usable_size counts them) allocated through
// operator new and not yet freed.
uint64_t LiveBytes();
// The most LiveBytes() has been since the last ResetPeakBytes().
uint64_t PeakBytes();
void ResetPeakBytes();

// How far f() raised the heap above what was live when it started.
template <typename F>
uint64_t PeakBytesDuring(F&& f) {
  ResetPeakBytes();
  const uint64_t before = LiveBytes();
  f();
  return PeakBytes() - before;
}

}  // namespace contentgate::test

#endif  // CONTENTGATE_TESTS_ALLOC_COUNTER_H_
