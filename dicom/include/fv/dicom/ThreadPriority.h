// Background threads yield to the GUI thread: a loading index or decode-ahead must never make
// the viewer stutter on a 2-core machine.
#pragma once

namespace fv::dicom {

/// Lowers the calling thread's scheduling priority by `niceness` (Linux per-thread nice; threads
/// it creates inherit it). Best effort: failures are ignored.
void lowerCurrentThreadPriority(int niceness = 10);

}  // namespace fv::dicom
