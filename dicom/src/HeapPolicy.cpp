#include "fv/dicom/HeapPolicy.h"

#include <malloc.h>

namespace fv::dicom {

namespace {
// Free space at the top of an arena beyond this goes back to the system at once. Above a
// 1024x1024 16-bit frame (2 MiB), so a frame buffer freed and allocated again during cine does
// not go back and forth to the system.
constexpr int kTrimThreshold = 4 << 20;
// Blocks from this size on are mapped on their own: glibc's own ceiling for its dynamic
// threshold, so frame buffers keep coming from the heap as they did before the policy.
constexpr int kMmapThreshold = 32 << 20;
}  // namespace

void applyHeapPolicy() {
  // Setting either value turns glibc's dynamic thresholds off (mallopt(3)); both are set so the
  // mmap threshold does not fall back to its 128 KiB start.
  ::mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

void releaseFreedHeap() {
  ::malloc_trim(0);
}

}  // namespace fv::dicom
