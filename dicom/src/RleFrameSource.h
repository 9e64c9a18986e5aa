// RLE Lossless frames decoded by our own PS3.5 Annex G decoder, in parallel, from fragments
// read with pread (DCMTK only parses the header and locates the fragments).
#pragma once

#include <mutex>
#include <vector>

#include "FrameSource.h"

namespace fv::dicom {

/// Where one frame's single RLE fragment is: in the file, or (small fragments) copied here.
struct RleFragment {
  uint64_t offset = 0;
  uint32_t length = 0;
  std::vector<uint8_t> bytes;  ///< non-empty when DCMTK had loaded the value into memory
};

/// Frames of an RLE Lossless instance with one fragment per frame (PS3.5 A.4.2).
class RleFrameSource : public FrameSource {
 public:
  RleFrameSource(std::shared_ptr<const FrameLayout> layout, std::vector<RleFragment> fragments);
  ~RleFrameSource() override;
  Result<Frame> decode(uint32_t frame) const override;
  Status decodeInto(uint32_t frame, uint8_t* dst) const override;

 private:
  Status readAt(uint64_t offset, uint8_t* dst, size_t size) const;
  std::vector<RleFragment> m_fragments;
  mutable std::mutex m_fdMutex;  // guards opening; pread itself is thread-safe
  mutable int m_fd = -1;
};

}  // namespace fv::dicom
