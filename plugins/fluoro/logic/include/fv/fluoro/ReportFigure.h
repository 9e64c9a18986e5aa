// The figure a report shows of a confirmed frame: the Secondary Capture's image scaled to at most
// 768 pixels, as one baseline JPEG that procedure.pdf and procedure.html both embed.
#pragma once

#include <cstdint>
#include <vector>

#include "fv/dicom/Display.h"

namespace fv::fluoro {

/// A JPEG image and its size in pixels.
struct ReportFigure {
  uint32_t columns = 0, rows = 0;
  std::vector<uint8_t> jpeg;  ///< baseline JPEG (libjpeg-turbo, quality 92); empty = none
};

/// `rgb` (3 channels) scaled down to at most `maxSide` pixels and encoded as JPEG.
ReportFigure reportFigure(const fv::dicom::Image8& rgb, uint32_t maxSide = 768);

/// Nearest-neighbour downscale of an RGB image so that its longer side is at most `maxSide`.
fv::dicom::Image8 downscale(const fv::dicom::Image8& rgb, uint32_t maxSide);

}  // namespace fv::fluoro
