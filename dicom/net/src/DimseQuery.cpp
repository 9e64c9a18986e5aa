#include "DimseQuery.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include "DcmtkBridge.h"

namespace fv::net {

namespace {
void put(DcmDataset& ds, const DcmTagKey& tag, const std::string& value = {}) {
  ds.putAndInsertString(tag, value.c_str());
}
bool isAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}
}  // namespace

std::unique_ptr<DcmDataset> findIdentifier(const Query& q) {
  auto ds = std::make_unique<DcmDataset>();
  put(*ds, DCM_QueryRetrieveLevel,
      q.level == QueryLevel::Study ? "STUDY" : q.level == QueryLevel::Series ? "SERIES" : "IMAGE");
  // Our text is UTF-8 (PS3.5 6.1.2.3: ISO_IR 192); plain ASCII needs no character set.
  if (!isAscii(q.patientName) || !isAscii(q.patientId) || !isAscii(q.accession))
    put(*ds, DCM_SpecificCharacterSet, "ISO_IR 192");
  put(*ds, DCM_StudyInstanceUID, q.studyUid);
  if (q.level == QueryLevel::Study) {
    put(*ds, DCM_PatientName, q.patientName);
    put(*ds, DCM_PatientID, q.patientId);
    put(*ds, DCM_AccessionNumber, q.accession);
    put(*ds, DCM_StudyDate, q.studyDate);
    put(*ds, DCM_ModalitiesInStudy, q.modality);
    put(*ds, DCM_StudyDescription);
    put(*ds, DCM_NumberOfStudyRelatedInstances);
    return ds;
  }
  put(*ds, DCM_SeriesInstanceUID, q.seriesUid);
  if (q.level == QueryLevel::Series) {
    put(*ds, DCM_Modality, q.modality);
    put(*ds, DCM_SeriesDescription);
    put(*ds, DCM_SeriesNumber);
    put(*ds, DCM_NumberOfSeriesRelatedInstances);
    return ds;
  }
  put(*ds, DCM_SOPInstanceUID);
  put(*ds, DCM_SOPClassUID);
  put(*ds, DCM_InstanceNumber);
  put(*ds, DCM_NumberOfFrames);
  return ds;
}

QueryResult parseFindResponse(DcmDataset& ds, QueryLevel level) {
  fv::dicom::bridge::TagReader r(&ds);
  QueryResult out;
  out.level = level;
  auto opt = [&](const DcmTagKey& tag) -> std::optional<std::string> {
    if (!r.has(tag)) return std::nullopt;
    std::string v = r.all(tag);
    if (v.empty()) return std::nullopt;
    return v;
  };
  out.studyInstanceUid = opt(DCM_StudyInstanceUID);
  out.seriesInstanceUid = opt(DCM_SeriesInstanceUID);
  out.sopInstanceUid = opt(DCM_SOPInstanceUID);
  out.sopClassUid = opt(DCM_SOPClassUID);
  out.patientId = opt(DCM_PatientID);
  out.patientName = opt(DCM_PatientName);
  out.studyDate = opt(DCM_StudyDate);
  out.modality = level == QueryLevel::Study ? opt(DCM_ModalitiesInStudy) : opt(DCM_Modality);
  out.studyDescription = opt(DCM_StudyDescription);
  out.seriesDescription = opt(DCM_SeriesDescription);
  const DcmTagKey count = level == QueryLevel::Study    ? DCM_NumberOfStudyRelatedInstances
                          : level == QueryLevel::Series ? DCM_NumberOfSeriesRelatedInstances
                                                        : DcmTagKey();
  if (level != QueryLevel::Instance) {
    if (auto n = r.integer(count)) out.numberOfInstances = static_cast<long>(*n);
  }
  return out;
}

}  // namespace fv::net
