// The ICC profile our colour objects carry (ICC Profile Module, PS3.3 C.11.15): sRGB, made by
// Little CMS (private to fv_dicom).
#pragma once

#include <cstdint>
#include <vector>

#include "fv/dicom/Result.h"

namespace fv::dicom::derived {

/// An sRGB ICC profile (ISO 15076-1), built once by Little CMS (cmsCreate_sRGBProfile): the
/// colour space our renderings of colour sources are in.
Result<std::vector<uint8_t>> srgbProfile();

}  // namespace fv::dicom::derived
