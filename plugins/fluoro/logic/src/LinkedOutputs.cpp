#include "fv/fluoro/LinkedOutputs.h"

#include "fv/dicom/DerivedObjects.h"
#include "fv/fluoro/PresentationMapping.h"

namespace fv::fluoro {
namespace {

bool refersTo(const fv::dicom::InstanceInfo& info, const std::set<std::string>& uids) {
  for (const auto& r : info.references)
    if (uids.count(r.sopInstanceUid)) return true;
  return false;
}

FrameKey keyOf(const std::string& uid, uint32_t oneBasedFrame) {
  return {uid, oneBasedFrame > 0 ? oneBasedFrame - 1 : 0};
}

}  // namespace

LinkedOutputs findLinkedOutputs(const fv::dicom::DicomIndex& index,
                                const std::set<std::string>& sources) {
  LinkedOutputs out;
  for (const auto* series : index.allSeries()) {
    for (const auto& instance : series->instances) {
      if (instance.references.empty() || !refersTo(instance, sources)) continue;
      if (instance.sopClassUid == fv::dicom::kKeyObjectSelectionUid) {
        auto refs = fv::dicom::readKeyObjectSelection(instance.path);
        if (!refs) {
          out.problems.push_back(refs.error());
          continue;
        }
        for (const auto& r : *refs)
          if (sources.count(r.sopInstanceUid))
            out.keyFrames.insert(keyOf(r.sopInstanceUid, r.frame));
      } else if (fv::dicom::isAnnotationPresentationState(instance.sopClassUid)) {
        auto state = fv::dicom::readPresentationState(instance.path);
        if (!state) {
          out.problems.push_back(state.error());
          continue;
        }
        if (!sources.count(state->referencedSopInstanceUid)) continue;
        auto annotations = fromPresentation(state->content);
        out.presentationStates.push_back(instance.path);
        if (state->referencedFrames.empty()) {
          out.annotations[keyOf(state->referencedSopInstanceUid, 0)] = annotations;
        } else {
          for (uint32_t f : state->referencedFrames)
            out.annotations[keyOf(state->referencedSopInstanceUid, f)] = annotations;
        }
      }
    }
  }
  return out;
}

}  // namespace fv::fluoro
