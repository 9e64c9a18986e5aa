// Reads the image references of a Key Object Selection Document (PS3.3 A.35.4).
#include <dcmtk/dcmdata/dcdeftag.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "derived/ObjectReferences.h"
#include "fv/dicom/DerivedObjects.h"

namespace fv::dicom {

Result<std::vector<FrameReference>> readKeyObjectSelection(const std::string& path) {
  return bridge::guarded<Result<std::vector<FrameReference>>>(
      "cannot read the key object selection", path, [&]() -> Result<std::vector<FrameReference>> {
        auto file = loadDataset(path);
        if (!file) return file.error();
        DcmDataset& ds = *(*file)->getDataset();
        const std::string sopClass = bridge::TagReader(&ds).str(DCM_SOPClassUID);
        if (sopClass != kKeyObjectSelectionUid)
          return makeError(ErrorCode::InvalidArgument,
                           "not a Key Object Selection Document (SOP Class " + sopClass + ")",
                           path);
        return readObjectReferences(ds, sopClass);
      });
}

Result<std::vector<std::string>> readKeyObjectEvidence(const std::string& path) {
  return bridge::guarded<Result<std::vector<std::string>>>(
      "cannot read the key object selection", path, [&]() -> Result<std::vector<std::string>> {
        auto file = loadDataset(path);
        if (!file) return file.error();
        bridge::TagReader r((*file)->getDataset());
        std::vector<std::string> out;
        for (unsigned long s = 0, ns = r.items(DCM_CurrentRequestedProcedureEvidenceSequence);
             s < ns; ++s) {
          bridge::TagReader study(r.item(DCM_CurrentRequestedProcedureEvidenceSequence, s));
          for (unsigned long e = 0, ne = study.items(DCM_ReferencedSeriesSequence); e < ne; ++e) {
            bridge::TagReader series(study.item(DCM_ReferencedSeriesSequence, e));
            for (unsigned long i = 0, ni = series.items(DCM_ReferencedSOPSequence); i < ni; ++i)
              out.push_back(bridge::TagReader(series.item(DCM_ReferencedSOPSequence, i))
                                .str(DCM_ReferencedSOPInstanceUID));
          }
        }
        return out;
      });
}

}  // namespace fv::dicom
