// The cine loops of a teaching case and their videos (MP4 and GIF).
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/Display.h"
#include "fv/dicom/Series.h"
#include "fv/teaching/KeyFrames.h"

namespace fv::teaching {

/// One cine: a multi-frame acquisition shown as a loop.
struct Cine {
  const fv::dicom::InstanceInfo* instance = nullptr;  ///< points into the index
  std::vector<uint32_t> frames;                       ///< 0-based, in display order
  std::optional<fv::dicom::Window> window;  ///< as displayed (a key frame's presentation state)
  double fps = 15;                          ///< the file's frame rate (see cineFrameRate)
};

/// Every cine stack of `index` (fluoroscopy runs, MR cines), with the window of a key frame on
/// the same instance when there is one.
std::vector<Cine> findCines(const fv::dicom::DicomIndex& index, const std::vector<KeyFrame>& keys);

/// Frames per second of a cine: Frame Time (0018,1063) or its vector, else Cine Rate (0018,0040),
/// else Recommended Display Frame Rate (0008,2144), else 15; within 0.2% of a whole number it is
/// that number (Frame Time 66.67 ms is 15 frames/s); kept within 1..60.
double cineFrameRate(const fv::dicom::InstanceInfo& info);

/// Paths to write; "" skips that format.
struct VideoPaths {
  std::string mp4, gif;
};
/// Renders every frame once (one fixed window for the whole loop, shutters applied, as the
/// viewer shows it) and feeds the MP4 (full size, H.264) and the GIF (at most 512 pixels).
fv::dicom::Status writeCineVideos(const Cine& cine, const VideoPaths& paths,
                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace fv::teaching
