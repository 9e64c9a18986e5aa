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

}  // namespace fv::dicom
