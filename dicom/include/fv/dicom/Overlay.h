// Overlay planes (60xx groups, PS3.3 C.9.2): 1-bit graphics drawn over the image.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fv/dicom/Shutter.h"

namespace fv::dicom {

/// One overlay plane (group 0x6000 + 2n).
struct OverlayPlane {
  uint16_t group = 0x6000;
  uint32_t rows = 0, columns = 0;   ///< (60xx,0010)/(60xx,0011)
  int originRow = 1, originColumn = 1;  ///< Overlay Origin (60xx,0050), 1-based
  std::string type;                  ///< "G" graphics or "R" ROI (60xx,0040)
  std::string label;                 ///< Overlay Label (60xx,1500)
  uint32_t frames = 1;               ///< Number of Frames in Overlay (60xx,0015)
  uint32_t firstFrame = 1;           ///< Image Frame Origin (60xx,0051), 1-based
  std::vector<uint8_t> data;         ///< packed bits of Overlay Data (60xx,3000), LSB first

  /// True when the plane has a bitmap for image frame `frame` (0-based).
  bool coversFrame(uint32_t frame) const {
    return frame + 1 >= firstFrame && frame + 1 < firstFrame + frames;
  }
};

/// The plane's bitmap on a rows×columns image frame `frame` (0-based), 1 = overlay pixel.
/// Returns an empty mask when the plane does not cover that frame.
Mask overlayMask(const OverlayPlane& plane, uint32_t frame, uint32_t rows, uint32_t columns);

}  // namespace fv::dicom
