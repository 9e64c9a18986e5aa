// JPEG 2000 and HTJ2K frames (PS3.5 A.4.4, A.4.11), decoded in parallel from fragments read with
// pread: each frame's codestream header is checked against the Image Pixel Module before a
// decoder sees it, and a damaged codestream fails only its own frame.
#pragma once

#include <vector>

#include "FragmentFile.h"
#include "FrameSource.h"

namespace fv::dicom {

/// Frames of an instance in one of the JPEG 2000 transfer syntaxes (1.2.840.10008.1.2.4.90-93,
/// .201-203).
class Jpeg2000FrameSource : public FrameSource {
 public:
  Jpeg2000FrameSource(std::shared_ptr<const FrameLayout> layout,
                      std::shared_ptr<const FragmentFile> file, std::vector<FrameFragments> frames);
  Result<Frame> decode(uint32_t frame) const override;
  Status decodeInto(uint32_t frame, uint8_t* dst) const override;

 private:
  Status gather(uint32_t frame, std::vector<uint8_t>& compressed) const;
  Status decodeGathered(uint32_t frame, std::vector<uint8_t>& compressed, uint8_t* dst) const;
  std::shared_ptr<const FragmentFile> m_file;
  std::vector<FrameFragments> m_frames;
};

/// Decodes one JPEG 2000 or HTJ2K codestream (or JP2 file) holding a frame laid out as `d`
/// into `dst` (d.bytesPerFrame() bytes), after checking its header against `d`. Shared with the
/// fuzz target.
Status decodeJpeg2000Frame(const uint8_t* data, size_t size, const PixelDescription& d,
                           uint8_t* dst);

}  // namespace fv::dicom
