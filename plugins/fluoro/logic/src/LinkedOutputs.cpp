#include "fv/fluoro/LinkedOutputs.h"

#include <algorithm>
#include <filesystem>

#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/MeasurementReport.h"
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

// What rejection notes (KOS with a CID 7011 title) in the index retract.
std::set<std::string> rejectedInstances(const fv::dicom::DicomIndex& index,
                                        std::vector<fv::dicom::Error>& problems) {
  std::set<std::string> out;
  for (const auto* series : index.allSeries())
    for (const auto& instance : series->instances) {
      if (instance.sopClassUid != fv::dicom::kKeyObjectSelectionUid ||
          !fv::dicom::isRejectionTitle(instance.documentTitle))
        continue;
      auto refs = fv::dicom::readKeyObjectEvidence(instance.path);
      if (!refs) {
        problems.push_back(refs.error());
        continue;
      }
      out.insert(refs->begin(), refs->end());
    }
  return out;
}

// The readable report written with an SR: procedure<suffix>.pdf, else DOC<suffix>.dcm beside it.
std::string pdfBeside(const std::string& srPath) {
  namespace fs = std::filesystem;
  const fs::path sr(srPath);
  const std::string stem = sr.stem().string();  // "SR" or "SR-2"
  const std::string suffix = stem.size() > 2 ? stem.substr(2) : "";
  std::error_code ec;
  for (const fs::path& candidate : {sr.parent_path() / ("procedure" + suffix + ".pdf"),
                                    sr.parent_path() / ("DOC" + suffix + ".dcm")})
    if (fs::exists(candidate, ec)) return candidate.string();
  return {};
}

void addReport(const fv::dicom::InstanceInfo& instance, const std::set<std::string>& sources,
               LinkedOutputs& out, std::set<std::string>& superseded) {
  auto report = fv::dicom::readMeasurementReport(instance.path);
  if (!report) {
    out.problems.push_back(report.error());
    return;
  }
  superseded.insert(report->predecessorSopInstanceUids.begin(),
                    report->predecessorSopInstanceUids.end());
  std::map<FrameKey, LinkedReport> mine;
  for (const auto& m : report->measurements) {
    if (!sources.count(m.image.sopInstanceUid)) continue;
    LinkedReport& r = mine[keyOf(m.image.sopInstanceUid, m.image.frame)];
    r.path = instance.path;
    char line[96];
    std::snprintf(line, sizeof line, "%s %.2f %s", m.name.c_str(), m.value, m.unit.c_str());
    r.lines.push_back(line);
    r.pdf = pdfBeside(instance.path);
  }
  for (auto& [key, r] : mine) {
    auto it = out.reports.find(key);
    if (it == out.reports.end() || !superseded.count(instance.sopInstanceUid)) out.reports[key] = r;
  }
}

}  // namespace

LinkedOutputs findLinkedOutputs(const fv::dicom::DicomIndex& index,
                                const std::set<std::string>& sources) {
  LinkedOutputs out;
  const std::set<std::string> rejected = rejectedInstances(index, out.problems);
  std::set<std::string> superseded;
  for (const auto* series : index.allSeries()) {
    for (const auto& instance : series->instances) {
      if (rejected.count(instance.sopInstanceUid)) continue;
      if (instance.sopClassUid == fv::dicom::kComprehensiveSrUid &&
          instance.manufacturer == "FluoroView") {
        addReport(instance, sources, out, superseded);
        continue;
      }
      if (instance.references.empty() || !refersTo(instance, sources)) continue;
      if (instance.sopClassUid == fv::dicom::kKeyObjectSelectionUid) {
        auto refs = fv::dicom::readKeyObjectSelection(instance.path);
        if (!refs) {
          out.problems.push_back(refs.error());
          continue;
        }
        for (const auto& r : *refs)
          if (sources.count(r.sopInstanceUid)) {
            out.keyFrames.insert(keyOf(r.sopInstanceUid, r.frame));
            out.keyObjects[keyOf(r.sopInstanceUid, r.frame)] = instance.path;
          }
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
