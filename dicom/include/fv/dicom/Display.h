// The grayscale/colour display pipeline: modality LUT → VOI → presentation → 8-bit (PS3.4 N.2).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fv/dicom/Frame.h"
#include "fv/dicom/InstanceInfo.h"
#include "fv/dicom/Lut.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// A VOI window in modality units (after rescale).
struct Window {
  double center = 0;
  double width = 1;
  VoiFunction function = VoiFunction::Linear;
};

/// An 8-bit image for PNG export, thumbnails and screenshots (row-major, 1 or 3 channels).
struct Image8 {
  uint32_t rows = 0, columns = 0;
  int channels = 1;
  std::vector<uint8_t> pixels;
};

/// Choices for rendering a frame.
struct DisplayOptions {
  std::optional<Window> window;  ///< explicit window; else the file's first, else its VOI LUT,
                                 ///< else the frame's min/max
  bool invert = false;           ///< user inversion on top of MONOCHROME1 handling
  bool applyShutters = true;     ///< paint shutters with the Shutter Presentation Value
  bool applyOverlays = true;     ///< burn 60xx overlays in white
};

/// Modality value of a stored value (Modality LUT if present, else rescale).
double modalityValue(const InstanceInfo& info, double stored);

/// The window used when none is given: first file window, else min/max of the frame.
Window defaultWindow(const InstanceInfo& info, const Frame& frame);

/// Maps a modality value through a window to [0,1] (PS3.3 C.11.2.1.2 LINEAR, LINEAR_EXACT, SIGMOID).
double applyWindow(const Window& w, double value);

/// Renders a decoded frame of `info` to 8-bit grayscale (monochrome) or RGB (colour).
Result<Image8> renderFrame(const InstanceInfo& info, const Frame& frame, uint32_t frameIndex,
                           const DisplayOptions& options = {});

}  // namespace fv::dicom
