// libFuzzer target: the index path — header reading (stops before Pixel Data), DICOMDIR
// reading, series/stack building (ordering, spacing, warnings), calibration and positioner text,
// and the character-set decoding of text values (which must always give valid UTF-8).
#include <cstddef>
#include <cstdint>

#include "FuzzInput.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Positioner.h"
#include "fv/dicom/Utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = fv::fuzz::storeInput(data, size);
  if (path.empty()) return 0;
  fv::dicom::IndexOptions options;
  options.threads = 1;
  const fv::dicom::DicomIndex index = fv::dicom::indexPaths({path}, options);
  for (const fv::dicom::Series* series : index.allSeries()) {
    for (const auto& instance : series->instances) {
      if (instance.positioner) (void)fv::dicom::positionerText(*instance.positioner);
      // Every text the index hands on is well-formed UTF-8, whatever the bytes (PS3.5 6.1).
      for (const std::string* text :
           {&instance.patient.name, &instance.patient.id, &instance.study.description,
            &instance.series.description, &instance.series.modality, &instance.series.bodyPart,
            &instance.transferSyntaxUid, &instance.sopInstanceUid})
        if (!fv::dicom::isValidUtf8(*text)) __builtin_trap();
      for (const auto& w : instance.windows)
        if (!fv::dicom::isValidUtf8(w.explanation)) __builtin_trap();
    }
  }
  return 0;
}
