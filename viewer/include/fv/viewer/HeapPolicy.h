// How the viewer's heap gives memory back: closing or cancelling a study must show in the
// resident size (issue 5, resource behaviour; docs/reliability.md "Resource behaviour").
#pragma once

namespace fv::viewer {

/// Fixes glibc's trim and mmap thresholds for the viewer process (call once, early in main).
/// glibc raises both thresholds as large blocks are freed (up to a 64 MiB trim threshold), and
/// malloc_trim() never trims the top of a thread's arena, so a cancelled load's headers could
/// stay resident in the indexing thread's arena; with fixed thresholds every arena returns
/// free space above 4 MiB at its top as soon as it is freed.
void applyHeapPolicy();

/// Returns freed heap pages of every arena to the system (glibc malloc_trim).
void releaseFreedHeap();

}  // namespace fv::viewer
