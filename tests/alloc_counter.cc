// File: tests/alloc_counter.cc
// The counting replacement of every form of the global operator new and
// delete (see alloc_counter.h).

#include "alloc_counter.h"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace contentgate::test {
namespace {

std::atomic<uint64_t> allocations{0};
std::atomic<uint64_t> live_bytes{0};
std::atomic<uint64_t> peak_bytes{0};

void* Track(void* p) {
  const uint64_t live = live_bytes.fetch_add(malloc_usable_size(p), std::memory_order_relaxed) +
                        malloc_usable_size(p);
  uint64_t peak = peak_bytes.load(std::memory_order_relaxed);
  while (live > peak && !peak_bytes.compare_exchange_weak(peak, live)) {
  }
  return p;
}

void* Allocate(size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) std::abort();
  return Track(p);
}

void Free(void* p) {
  if (p == nullptr) return;
  live_bytes.fetch_sub(malloc_usable_size(p), std::memory_order_relaxed);
  std::free(p);
}

void* AllocateAligned(size_t size, std::align_val_t align) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  void* p = nullptr;
  const size_t alignment = std::max(sizeof(void*), static_cast<size_t>(align));
  if (posix_memalign(&p, alignment, size == 0 ? 1 : size) != 0) std::abort();
  return Track(p);
}

}  // namespace

uint64_t AllocationCount() { return allocations.load(std::memory_order_relaxed); }
uint64_t LiveBytes() { return live_bytes.load(std::memory_order_relaxed); }
void ResetPeakBytes() { peak_bytes.store(LiveBytes(), std::memory_order_relaxed); }
uint64_t PeakBytes() { return peak_bytes.load(std::memory_order_relaxed); }

}  // namespace contentgate::test

using contentgate::test::Allocate;
using contentgate::test::AllocateAligned;
using contentgate::test::Free;

void* operator new(size_t size) { return Allocate(size); }
void* operator new[](size_t size) { return Allocate(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept { return Allocate(size); }
void* operator new[](size_t size, const std::nothrow_t&) noexcept { return Allocate(size); }
void* operator new(size_t size, std::align_val_t align) { return AllocateAligned(size, align); }
void* operator new[](size_t size, std::align_val_t align) { return AllocateAligned(size, align); }
void* operator new(size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return AllocateAligned(size, align);
}
void* operator new[](size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return AllocateAligned(size, align);
}

void operator delete(void* p) noexcept { Free(p); }
void operator delete[](void* p) noexcept { Free(p); }
void operator delete(void* p, size_t) noexcept { Free(p); }
void operator delete[](void* p, size_t) noexcept { Free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { Free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { Free(p); }
void operator delete(void* p, std::align_val_t) noexcept { Free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { Free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { Free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { Free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { Free(p); }
