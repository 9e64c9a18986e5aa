// Which frames of a teaching case are its key frames, and with which annotations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/Display.h"
#include "fv/dicom/Series.h"
#include "fv/fluoro/Annotation.h"

namespace fv::teaching {

/// One key frame: an image frame and what is drawn on it.
struct KeyFrame {
  const fv::dicom::InstanceInfo* image = nullptr;   ///< points into the index
  uint32_t frame = 0;                               ///< 0-based
  std::vector<fv::fluoro::Annotation> annotations;  ///< from its presentation state, if any
  std::optional<fv::dicom::Window> window;          ///< the presentation state's, if any
  const fv::dicom::InstanceInfo* presentationState = nullptr;  ///< the GSPS/CSPS it came from
};

/// The key frames of `index`: every frame a presentation state annotates (with its annotations
/// and window), then every further image frame a Key Object Selection flags; without either, the
/// middle frame of each image series (a cine's middle frame, a volume's middle slice). Secondary
/// Captures are never key frames (they are renderings of one). Unreadable presentation states or
/// KOS are skipped with a warning that names the file.
std::vector<KeyFrame> chooseKeyFrames(const fv::dicom::DicomIndex& index,
                                      std::vector<std::string>& warnings);

}  // namespace fv::teaching
