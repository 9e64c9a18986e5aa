#include "fv/teaching/KeyFrames.h"

#include <algorithm>
#include <unordered_map>

#include "fv/dicom/DerivedObjects.h"
#include "fv/fluoro/PresentationMapping.h"

namespace fv::teaching {

using namespace fv::dicom;

namespace {

bool isImage(const InstanceInfo& info) {
  return info.hasPixelData && info.sopClassUid != kSecondaryCaptureUid;
}

uint32_t zeroBased(uint32_t dicomFrame) {
  return dicomFrame == 0 ? 0 : dicomFrame - 1;
}

}  // namespace

std::vector<KeyFrame> chooseKeyFrames(const DicomIndex& index, std::vector<std::string>& warnings) {
  std::unordered_map<std::string, const InstanceInfo*> bySop;
  std::vector<const InstanceInfo*> states, selections;
  for (const Series* s : index.allSeries())
    for (const InstanceInfo& info : s->instances) {
      bySop.emplace(info.sopInstanceUid, &info);
      if (isAnnotationPresentationState(info.sopClassUid)) states.push_back(&info);
      if (info.sopClassUid == kKeyObjectSelectionUid) selections.push_back(&info);
    }
  std::vector<KeyFrame> out;
  const auto has = [&](const InstanceInfo* image, uint32_t frame) {
    return std::any_of(out.begin(), out.end(),
                       [&](const KeyFrame& k) { return k.image == image && k.frame == frame; });
  };
  const auto frameOk = [](const InstanceInfo* image, uint32_t frame) {
    return frame < std::max<uint32_t>(1, image->pixels.frames);
  };

  for (const InstanceInfo* ps : states) {
    auto read = readPresentationState(ps->path);
    if (!read) {
      warnings.push_back("presentation state skipped: " + read.error().toString());
      continue;
    }
    const auto it = bySop.find(read->referencedSopInstanceUid);
    if (it == bySop.end() || !isImage(*it->second)) continue;
    std::vector<uint32_t> frames = read->referencedFrames;
    if (frames.empty()) frames.push_back(1);
    for (uint32_t f : frames) {
      const uint32_t frame = zeroBased(f);
      if (!frameOk(it->second, frame) || has(it->second, frame)) continue;
      out.push_back({it->second, frame, fv::fluoro::fromPresentation(read->content),
                     read->content.window, ps});
    }
  }
  for (const InstanceInfo* ko : selections) {
    auto refs = readKeyObjectSelection(ko->path);
    if (!refs) {
      warnings.push_back("key object selection skipped: " + refs.error().toString());
      continue;
    }
    for (const FrameReference& r : *refs) {
      const auto it = bySop.find(r.sopInstanceUid);
      if (it == bySop.end() || !isImage(*it->second)) continue;
      const uint32_t frame = zeroBased(r.frame);
      if (!frameOk(it->second, frame) || has(it->second, frame)) continue;
      out.push_back({it->second, frame, {}, std::nullopt, nullptr});
    }
  }
  if (!out.empty()) return out;
  for (const Series* s : index.allSeries()) {
    if (s->stacks.empty() || s->stacks.front().frames.empty()) continue;
    const Stack& stack = s->stacks.front();
    const FrameRef ref = stack.frames[stack.frames.size() / 2];
    const InstanceInfo& info = s->instanceOf(ref);
    if (isImage(info)) out.push_back({&info, ref.frame, {}, std::nullopt, nullptr});
  }
  return out;
}

}  // namespace fv::teaching
