// Renders one series' thumbnail: the middle frame of its first stack, with the file's window.
#pragma once

#include <QImage>

#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::viewer::browser {

/// Decodes and renders the middle frame of `series`' first stack and scales it (smoothly, keeping
/// the physical aspect from Pixel Spacing) to fit a `size`×`size` box. Thread-safe; never throws
/// (failures, including std::bad_alloc, come back as an Error naming the file).
fv::dicom::Result<QImage> renderThumbnail(const fv::dicom::Series& series, int size);

}  // namespace fv::viewer::browser
