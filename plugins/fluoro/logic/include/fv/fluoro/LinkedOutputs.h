// Earlier confirmations found in the index: key frames (from Key Object Selections) and
// annotations (from Grayscale and Color Softcopy Presentation States) that refer to a source
// image.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"
#include "fv/fluoro/AnnotationModel.h"

namespace fv::fluoro {

/// What the index holds about the given source images.
struct LinkedOutputs {
  std::set<FrameKey> keyFrames;                             ///< flagged by a KOS (0-based frames)
  std::map<FrameKey, std::vector<Annotation>> annotations;  ///< from presentation states
  std::vector<std::string> presentationStates;              ///< paths read
  std::vector<fv::dicom::Error> problems;                   ///< outputs that could not be read
};

/// Looks through `index` for presentation states and key object selections whose references
/// (indexed header, PS3.3 C.11.11 / C.17.6) name one of `sourceSopInstanceUids`, and reads
/// them. A GSPS that applies to all frames attaches to frame 0. Later GSPSs of the same frame
/// replace earlier ones (the newest save wins, by file order in the index).
LinkedOutputs findLinkedOutputs(const fv::dicom::DicomIndex& index,
                                const std::set<std::string>& sourceSopInstanceUids);

}  // namespace fv::fluoro
