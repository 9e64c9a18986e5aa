// Bits Allocated 1 (PS3.5 8.1.1 and 8.2): one bit per pixel, packed little endian — the first
// pixel in bit 0 of the first byte — and in a multi-frame, frame k starts at bit k·rows·columns,
// not on a byte boundary. Frames are unpacked into 8-bit samples 0/1 (Bits Stored 1), so display,
// the GPU layer and PNG export handle binary segmentations and 1-bit images unchanged.
#pragma once

#include "FrameSource.h"
#include "fv/dicom/InstanceInfo.h"

namespace fv::dicom {

/// Writes `count` samples 0/1 to `dst` from the bits of `src` starting at bit `firstBit` (LSB
/// first).
void unpackBits(const uint8_t* src, uint64_t firstBit, size_t count, uint8_t* dst);

/// Frames of 1-bit pixel data held in memory (a view into a mapping, or DCMTK's copy).
class BitPackedFrameSource : public FrameSource {
 public:
  /// `bytes` (kept alive by `owner`) is the Pixel Data value; `available` bytes of it exist.
  BitPackedFrameSource(std::shared_ptr<const FrameLayout> layout, const uint8_t* bytes,
                       uint64_t available, std::shared_ptr<const void> owner);
  Result<Frame> decode(uint32_t frame) const override;

 private:
  const uint8_t* m_bytes;
  uint64_t m_available;
  std::shared_ptr<const void> m_owner;
};

/// The frame source of a 1-bit instance, and its decoded layout (8-bit samples, Bits Stored 1):
/// native little endian from a memory map, big endian or deflated through DCMTK's reading of the
/// value. 1-bit data in a compressed transfer syntax, or with several samples per pixel, is
/// refused.
Result<std::unique_ptr<FrameSource>> openBitPackedSource(const InstanceInfo& info,
                                                         std::shared_ptr<FrameLayout> layout);

}  // namespace fv::dicom
