// Word boxes from Tesseract (the media module's readText).
#pragma once

#include <vector>

#include "fv/dicom/Deidentify.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Result.h"

namespace fv::teaching {

/// See detectText() in fv/teaching/TextDetector.h.
fv::dicom::Result<std::vector<fv::dicom::Redaction>> readTextBoxes(const fv::dicom::Image8& image,
                                                                   int minConfidence);

}  // namespace fv::teaching
