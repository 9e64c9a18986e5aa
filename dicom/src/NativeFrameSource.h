// Native little-endian pixels read straight from the file: a frame is a view into a memory map
// (no copy) when its samples are clean; volumes read slices directly into their buffer.
#pragma once

#include <mutex>

#include "FrameSource.h"
#include "MappedFile.h"

namespace fv::dicom {

/// Frames of uncompressed little-endian Pixel Data at a known offset in the file.
class NativeFrameSource : public FrameSource {
 public:
  /// `offset`/`declaredLength` locate the Pixel Data value; `fileSize` bounds what exists.
  NativeFrameSource(std::shared_ptr<const FrameLayout> layout, uint64_t offset, uint64_t declaredLength,
                    uint64_t fileSize);
  Result<Frame> decode(uint32_t frame) const override;
  Status decodeInto(uint32_t frame, uint8_t* dst) const override;
  void willNeed(uint32_t first, uint32_t count) const override;
  /// Bytes of pixel data actually present (a truncated file holds fewer than declared).
  uint64_t available() const { return m_available; }

 private:
  Result<std::shared_ptr<MappedFile>> mapping() const;
  Status checkPresent(uint32_t frame) const;

  uint64_t m_offset, m_available;
  mutable std::mutex m_mapMutex;
  mutable std::shared_ptr<MappedFile> m_map;  // mapped on first use
};

}  // namespace fv::dicom
