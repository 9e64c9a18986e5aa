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

/// A measurement report (TID 1500 SR) of a confirmed frame, as the panel shows it.
struct LinkedReport {
  std::string path;                ///< the SR
  std::vector<std::string> lines;  ///< e.g. "Distance 14.40 mm", "Angle 41.99 deg"
  std::string pdf;  ///< the readable report: procedure*.pdf or the DOC*.dcm beside the SR; or ""
};

/// What the index holds about the given source images.
struct LinkedOutputs {
  std::map<FrameKey, std::string> keyObjects;  ///< the newest KOS that flagged each key frame
  std::map<FrameKey, LinkedReport> reports;    ///< newest report measuring each frame
  std::set<FrameKey> keyFrames;                ///< flagged by a KOS (0-based frames)
  std::map<FrameKey, std::vector<Annotation>> annotations;  ///< from presentation states
  std::vector<std::string> presentationStates;              ///< paths read
  std::vector<fv::dicom::Error> problems;                   ///< outputs that could not be read
};

/// Looks through `index` for presentation states and key object selections whose references
/// (indexed header, PS3.3 C.11.11 / C.17.6) name one of `sourceSopInstanceUids`, and reads
/// them, and the TID 1500 reports that measured them. A GSPS that applies to all frames attaches
/// to frame 0. Later GSPSs of the same frame replace earlier ones (the newest save wins, by file
/// order in the index). Objects named by a rejection KOS (CID 7011) are left out: a retracted
/// confirmation is no longer linked.
LinkedOutputs findLinkedOutputs(const fv::dicom::DicomIndex& index,
                                const std::set<std::string>& sourceSopInstanceUids);

}  // namespace fv::fluoro
