// Retracting a saved confirmation: never deleting or editing what is in the record, but filing a
// Key Object Selection titled "Rejected for Quality Reasons" (PS3.16 CID 7011) that names every
// object of that save, with the reason — what IHE IOCM archives act on.
#pragma once

#include <string>

#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::fluoro {

/// Which save to retract and why.
struct RetractionRequest {
  std::string keyObjectPath;  ///< the save's Key Object Selection (KO*.dcm)
  std::string reason;         ///< Key Object Description of the rejection (required)
  std::string operatorName;   ///< PN of who retracts (observer); may be empty
  std::string folder;         ///< where the rejection note goes (usually the save's folder)
};

/// Writes KO_rejected[-n].dcm into request.folder: a KOS titled (113001, DCM, "Rejected for
/// Quality Reasons") referencing the save's KOS and every object of ours it references (SC,
/// presentation state, SR, Encapsulated PDF) — never the source images. `index` must hold the
/// save's files (e.g. its folder indexed). Nothing is modified or deleted.
fv::dicom::Result<fv::dicom::WrittenObject> retractConfirmation(const fv::dicom::DicomIndex& index,
                                                                const RetractionRequest& request);

}  // namespace fv::fluoro
