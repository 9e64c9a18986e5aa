// libFuzzer target: the readers of our own outputs — Grayscale Softcopy Presentation State, Key
// Object Selection, TID 1500 measurement report and Encapsulated PDF (what FluoroView reopens
// from an output folder).
#include <cstddef>
#include <cstdint>

#include "FuzzInput.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/MeasurementReport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = fv::fuzz::storeInput(data, size);
  if (path.empty()) return 0;
  (void)fv::dicom::readPresentationState(path);
  (void)fv::dicom::readKeyObjectSelection(path);
  (void)fv::dicom::readKeyObjectEvidence(path);
  (void)fv::dicom::readMeasurementReport(path);
  (void)fv::dicom::readEncapsulatedPdf(path);
  return 0;
}
