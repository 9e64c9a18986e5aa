// Burned-in text in the pixels, found by Tesseract OCR and proposed for redaction (PS3.15 E.3.1).
#pragma once

#include <vector>

#include "fv/dicom/Deidentify.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::teaching {

/// Boxes around the words Tesseract (LSTM, English, sparse-text page segmentation) reads in
/// `image` (grey or RGB, 8 bits) with at least `minConfidence` (0..100), each grown by a margin of
/// a quarter of its height, as redactions of every frame. The words themselves are never kept or
/// reported (they may be the patient's name).
fv::dicom::Result<std::vector<fv::dicom::Redaction>> detectText(const fv::dicom::Image8& image,
                                                                int minConfidence = 50);

/// detectText() on the first frame of the first image of `series`, rendered as the viewer shows
/// it (the file's window): burned-in text sits at the same place across a series, so the boxes
/// apply to every frame of every instance of it.
fv::dicom::Result<std::vector<fv::dicom::Redaction>> detectSeriesText(
    const fv::dicom::Series& series);

}  // namespace fv::teaching
