// The viewer's heap policy (viewer/src/app/HeapPolicy.cpp): memory a worker thread allocated and
// another thread freed goes back to the system — the path of a cancelled or closed study, whose
// headers the indexing thread read and a pool thread destroys.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "fv/viewer/HeapPolicy.h"

#if defined(__SANITIZE_ADDRESS__)
#define FV_GLIBC_HEAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FV_GLIBC_HEAP 0
#endif
#endif
#ifndef FV_GLIBC_HEAP
#define FV_GLIBC_HEAP 1
#endif

namespace {

// Resident anonymous memory of this process, MiB (RssAnon).
double anonMiB() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "RssAnon:") {
      double kb = 0;
      in >> kb;
      return kb / 1024.0;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

}  // namespace

TEST(HeapPolicy, FreedWorkerArenaGoesBackToTheSystem) {
  if (!FV_GLIBC_HEAP) GTEST_SKIP() << "the sanitizer's allocator replaces glibc's heap";
  fv::viewer::applyHeapPolicy();
  // A large block mapped and unmapped: without the policy glibc now raises its trim threshold
  // to 2 x 24 MiB, and the 40 MiB freed below would stay at the top of the worker's arena.
  {
    void* big = std::malloc(24u << 20);
    ASSERT_NE(big, nullptr);
    std::memset(big, 1, 24u << 20);
    std::free(big);
  }
  const double before = anonMiB();
  std::vector<void*> blocks;
  std::thread worker([&blocks] {  // like the indexing thread: many small header-sized blocks
    blocks.reserve(10240);
    for (int i = 0; i < 10240; ++i) {
      void* p = std::malloc(4000);
      std::memset(p, 1, 4000);
      blocks.push_back(p);
    }
  });
  worker.join();
  const double grown = anonMiB();
  ASSERT_GT(grown - before, 30.0) << "the worker's blocks were not resident";
  for (void* p : blocks) std::free(p);  // freed by another thread, as the pool frees an index
  std::vector<void*>().swap(blocks);
  fv::viewer::releaseFreedHeap();
  EXPECT_LT(anonMiB() - before, 6.0)  // the policy keeps up to 4 MiB at an arena's top
      << "grown " << grown - before << " MiB";
}
