// Full loads: every frame of a stack decoded in parallel, and stacks assembled into volumes.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "fv/dicom/Frame.h"
#include "fv/dicom/Geometry.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::dicom {

/// Decodes every frame of `stack` using `threads` workers (0 = hardware concurrency).
/// One result per frame in stack order: a bad frame fails alone.
std::vector<Result<Frame>> decodeStack(const Series& series, const Stack& stack,
                                       unsigned threads = 0);

/// A 3-D block of samples from a volume stack, slices in stack order (k along the normal).
struct Volume {
  std::array<uint32_t, 3> dims{};      ///< columns, rows, slices
  std::array<double, 3> spacing{1, 1, 1};  ///< mm: column spacing, row spacing, slice spacing
  Vec3 origin;                         ///< centre of the first voxel (Image Position of slice 0)
  Orientation orientation;             ///< row/column directions; slice direction = normal
  SampleType type = SampleType::U16;
  uint16_t samplesPerPixel = 1;
  std::shared_ptr<uint8_t[]> data;     ///< byteSize() bytes, slice after slice

  size_t sliceBytes() const { return size_t(dims[0]) * dims[1] * samplesPerPixel * sampleSize(type); }
  size_t byteSize() const { return sliceBytes() * dims[2]; }
};

/// Decodes a volume stack straight into one buffer (one copy per slice, in parallel).
Result<Volume> buildVolume(const Series& series, const Stack& stack, unsigned threads = 0);

}  // namespace fv::dicom
