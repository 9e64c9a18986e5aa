// How one instance's frames are produced: native bytes from disk, our RLE decoder, or DCMTK's
// codecs. Private to fv_dicom; InstanceDecoder picks one per instance.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "fv/dicom/Frame.h"
#include "fv/dicom/PixelDescription.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Layout facts shared by every frame source of one instance.
struct FrameLayout {
  std::string path;
  PixelDescription stored;   ///< as the header describes the stored samples
  PixelDescription decoded;  ///< what frames come out as (planar 0, YBR_FULL for native 4:2:2)
  size_t storedFrameBytes = 0;

  /// "frame N" (1-based) for messages.
  static std::string frameText(uint32_t frame) { return "frame " + std::to_string(frame + 1); }
  /// Turns a buffer holding one frame in layout `as` into a clean Frame: planar → interleaved,
  /// 4:2:2 → full, high bits masked / sign-extended (PS3.5 8.1.1).
  Frame finish(std::shared_ptr<uint8_t[]> buffer, const PixelDescription& as) const;
  /// Same in place, for callers that own the final buffer (layout must be simple).
  void finishInPlace(uint8_t* data, const PixelDescription& as) const;
  /// True when stored frames need only masking to become decoded frames (no reshuffling).
  bool simpleLayout() const;
};

/// Produces decoded frames of one instance; thread-safe.
class FrameSource {
 public:
  virtual ~FrameSource() = default;
  /// Frame `frame` (0-based, already range-checked).
  virtual Result<Frame> decode(uint32_t frame) const = 0;
  /// Decodes into caller memory of decoded.bytesPerFrame() bytes (one copy less for volumes).
  virtual Status decodeInto(uint32_t frame, uint8_t* dst) const;
  /// Read-ahead hint for frames [first, first+count).
  virtual void willNeed(uint32_t first, uint32_t count) const { (void)first, (void)count; }

 protected:
  explicit FrameSource(std::shared_ptr<const FrameLayout> layout) : m_layout(std::move(layout)) {}
  std::shared_ptr<const FrameLayout> m_layout;
};

}  // namespace fv::dicom
