// Frames of one stack on demand, with a bounded cache and decode-ahead on a worker thread.
#pragma once

#include <cstddef>
#include <memory>

#include "fv/dicom/Frame.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::dicom {

/// Serves a stack's frames (in stack order) to a viewer: decodes on demand, keeps recently used
/// frames up to a byte budget, and decodes ahead of the play head in a background thread.
class FrameProvider {
 public:
  /// `series` must outlive the provider. `cacheBytes` bounds decoded frames held (views into
  /// memory-mapped files count as their size too).
  FrameProvider(const Series& series, const Stack& stack, size_t cacheBytes = 512u << 20);
  ~FrameProvider();
  FrameProvider(const FrameProvider&) = delete;
  FrameProvider& operator=(const FrameProvider&) = delete;

  /// Number of frames in the stack.
  size_t size() const;
  /// Frame `index` (0-based, stack order); blocks while decoding if not cached.
  Result<Frame> frame(size_t index);
  /// Asks the worker to decode `count` frames after `index` (before it if `step` < 0).
  void prefetch(size_t index, size_t count, int step = 1);
  /// Frames currently cached (for tests and the status bar).
  size_t cachedFrames() const;
  /// Bytes currently cached.
  size_t cachedBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace fv::dicom
