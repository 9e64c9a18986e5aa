#include "fv/fluoro/Retraction.h"

#include <filesystem>

#include "fv/dicom/Indexer.h"
#include "fv/dicom/MeasurementReport.h"

namespace fv::fluoro {

namespace fs = std::filesystem;
using fv::dicom::ErrorCode;
using fv::dicom::InstanceInfo;
using fv::dicom::makeError;

namespace {

const InstanceInfo* findInstance(const fv::dicom::DicomIndex& index, const std::string& uid) {
  for (const auto* series : index.allSeries())
    for (const auto& i : series->instances)
      if (i.sopInstanceUid == uid) return &i;
  return nullptr;
}

// Ours: the classes a confirmation writes besides the KOS (a source image is never retracted).
bool derivedByUs(const InstanceInfo& i) {
  return i.manufacturer == "FluoroView" &&
         (i.sopClassUid == fv::dicom::kSecondaryCaptureUid ||
          fv::dicom::isAnnotationPresentationState(i.sopClassUid) ||
          i.sopClassUid == fv::dicom::kComprehensiveSrUid ||
          i.sopClassUid == fv::dicom::kEncapsulatedPdfUid);
}

std::string freeName(const std::string& folder) {
  for (int k = 1; k < 1000; ++k) {
    const std::string name =
        k == 1 ? "KO_rejected.dcm" : "KO_rejected-" + std::to_string(k) + ".dcm";
    std::error_code ec;
    if (!fs::exists(fs::path(folder) / name, ec)) return name;
  }
  return {};
}

}  // namespace

fv::dicom::Result<fv::dicom::WrittenObject> retractConfirmation(const fv::dicom::DicomIndex& index,
                                                                const RetractionRequest& rq) {
  if (rq.reason.empty())
    return makeError(ErrorCode::InvalidArgument, "a retraction needs its reason", rq.keyObjectPath);
  auto ko = fv::dicom::readInstanceHeader(rq.keyObjectPath);
  if (!ko) return ko.error();
  if (ko->sopClassUid != fv::dicom::kKeyObjectSelectionUid)
    return makeError(ErrorCode::InvalidArgument, "is not a key object selection", rq.keyObjectPath);
  if (fv::dicom::isRejectionTitle(ko->documentTitle))
    return makeError(ErrorCode::InvalidArgument, "is itself a rejection note", rq.keyObjectPath);
  auto evidence = fv::dicom::readKeyObjectEvidence(rq.keyObjectPath);
  if (!evidence) return evidence.error();
  std::vector<const InstanceInfo*> ours;
  for (const auto& uid : *evidence)
    if (const InstanceInfo* i = findInstance(index, uid); i && derivedByUs(*i)) ours.push_back(i);
  const InstanceInfo* image = nullptr;
  for (const InstanceInfo* i : ours)
    if (i->hasPixelData) image = i;
  if (!image)
    return makeError(ErrorCode::NotFound,
                     "the Secondary Capture of this save is not in the folder (cannot retract)",
                     rq.keyObjectPath);

  fv::dicom::KeyObjectRequest rejection;
  rejection.frames.push_back({*image, 0});
  for (const InstanceInfo* i : ours)
    if (i != image)
      rejection.alsoReference.push_back({i->path, i->sopClassUid, i->sopInstanceUid, {}});
  rejection.alsoReference.push_back({ko->path, ko->sopClassUid, ko->sopInstanceUid, {}});
  rejection.title = fv::dicom::kTitleRejectedForQualityReasons;
  rejection.description = rq.reason;
  rejection.observer = rq.operatorName;
  rejection.series = {fv::dicom::newUid(), 905, "Needle confirmation retracted", {}};
  rejection.folder = rq.folder;
  rejection.fileName = freeName(rq.folder);
  return fv::dicom::writeKeyObjectSelection(rejection);
}

}  // namespace fv::fluoro
