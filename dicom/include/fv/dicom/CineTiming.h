// Cine timing of a multi-frame image: when each frame is shown and at what rate.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace fv::dicom {

/// Timing attributes of a multi-frame image (PS3.3 C.7.6.5 Cine Module, C.8.7.x).
struct CineTiming {
  std::optional<double> frameTimeMs;         ///< Frame Time (0018,1063)
  std::vector<double> frameTimeVectorMs;     ///< Frame Time Vector (0018,1065): increments
  std::optional<double> cineRate;            ///< Cine Rate (0018,0040), frames/s
  std::optional<double> recommendedFps;      ///< Recommended Display Frame Rate (0008,2144)
  std::vector<uint32_t> frameIncrementPointer;  ///< (0028,0009): tags as (group<<16)|element

  /// Nominal time between frames: the attribute the Frame Increment Pointer names first, then
  /// Frame Time, mean of Frame Time Vector, Cine Rate, Recommended Display Frame Rate; none → {}.
  std::optional<double> nominalFrameTimeMs() const;
  /// Time of each of `frames` frames relative to the first, in ms (Frame Time Vector honoured).
  std::vector<double> frameStartTimesMs(int frames) const;
};

}  // namespace fv::dicom
