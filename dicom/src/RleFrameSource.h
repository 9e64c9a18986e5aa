// RLE Lossless frames decoded by our own PS3.5 Annex G decoder, in parallel, from fragments
// read with pread (DCMTK only parses the header and locates the fragments).
#pragma once

#include <vector>

#include "FragmentFile.h"
#include "FrameSource.h"

namespace fv::dicom {

/// Frames of an RLE Lossless instance with one fragment per frame (PS3.5 A.4.2).
class RleFrameSource : public FrameSource {
 public:
  RleFrameSource(std::shared_ptr<const FrameLayout> layout,
                 std::shared_ptr<const FragmentFile> file, std::vector<FrameFragments> frames);
  Result<Frame> decode(uint32_t frame) const override;
  Status decodeInto(uint32_t frame, uint8_t* dst) const override;

 private:
  std::shared_ptr<const FragmentFile> m_file;
  std::vector<FrameFragments> m_frames;  // one fragment each
};

}  // namespace fv::dicom
