// libFuzzer target: the index path — header reading (stops before Pixel Data), DICOMDIR
// reading, series/stack building (ordering, spacing, warnings), calibration and positioner text.
#include <cstddef>
#include <cstdint>

#include "FuzzInput.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Positioner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = fv::fuzz::storeInput(data, size);
  if (path.empty()) return 0;
  fv::dicom::IndexOptions options;
  options.threads = 1;
  const fv::dicom::DicomIndex index = fv::dicom::indexPaths({path}, options);
  for (const fv::dicom::Series* series : index.allSeries()) {
    for (const auto& instance : series->instances) {
      if (instance.positioner) (void)fv::dicom::positionerText(*instance.positioner);
    }
  }
  return 0;
}
