#include "AllocationProbe.h"

#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define FV_PROBE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FV_PROBE 0
#endif
#endif
#ifndef FV_PROBE
#define FV_PROBE 1
#endif

namespace {
std::atomic<size_t> g_largest{0}, g_live{0}, g_peak{0}, g_baseline{0};
}

namespace fv::test {

bool allocationProbeActive() { return FV_PROBE; }
void resetAllocationProbe() {
  g_largest = 0;
  g_baseline = g_live.load();
  g_peak = g_baseline.load();
}
size_t largestAllocation() { return g_largest; }
size_t peakLiveBytes() { return g_peak - g_baseline; }

}  // namespace fv::test

#if FV_PROBE
namespace {

// A size header in front of each block lets delete subtract what new added.
constexpr size_t kHeader = alignof(std::max_align_t);

void* counted(size_t n) {
  size_t largest = g_largest.load(std::memory_order_relaxed);
  while (n > largest && !g_largest.compare_exchange_weak(largest, n)) {
  }
  void* p = std::malloc(n + kHeader);
  if (!p) return nullptr;
  *static_cast<size_t*>(p) = n;
  const size_t live = g_live.fetch_add(n) + n;
  size_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
  }
  return static_cast<char*>(p) + kHeader;
}

void uncounted(void* p) {
  if (!p) return;
  void* block = static_cast<char*>(p) - kHeader;
  g_live.fetch_sub(*static_cast<size_t*>(block));
  std::free(block);
}

}  // namespace

void* operator new(size_t n) {
  if (void* p = counted(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { return counted(n); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return counted(n); }
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, size_t) noexcept { uncounted(p); }
void operator delete[](void* p, size_t) noexcept { uncounted(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { uncounted(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { uncounted(p); }
#endif
