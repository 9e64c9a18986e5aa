// PNG export of 8-bit images (grey or RGB), written atomically.
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/Display.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Encodes an 8-bit grey (1 channel) or RGB (3 channels) image as PNG bytes.
Result<std::vector<uint8_t>> encodePng(const Image8& image);

/// Encodes and writes atomically; an existing DICOM file is never overwritten.
Status writePng(const Image8& image, const std::string& path);

}  // namespace fv::dicom
