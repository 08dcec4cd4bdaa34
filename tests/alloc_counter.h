// File: tests/alloc_counter.h
// Counts heap allocations in a test or benchmark binary that links
// alloc_counter.cc, which replaces the global operator new (every form), so
// every std::string, vector growth or `new` anywhere in the process is
// counted. Direct malloc calls from C code are not (ISA-L, the only C
// library on the validation path, does not allocate).

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

}  // namespace contentgate::test

#endif  // CONTENTGATE_TESTS_ALLOC_COUNTER_H_
