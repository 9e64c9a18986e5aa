// Clean Pixel Data Option (PS3.15 E.3.1): blacks out rectangles of native pixel data in place.
#pragma once

#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>

#include "fv/dicom/Deidentify.h"

namespace fv::dicom::deid {

/// Blacks out `redactions` in the Pixel Data (7FE0,0010) of `ds` (uncompressed, 8 or 16 bits
/// allocated, little-endian host). Black is the darkest displayable value of the Photometric
/// Interpretation (PS3.3 C.7.6.3.1.2). Sets `frames` to the number of frames changed.
/// Compressed sources fail with Unsupported: we never re-encode lossy data behind the user's back.
Status redactPixels(DcmDataset& ds, const std::vector<Redaction>& redactions, bool encapsulated,
                    const std::string& path, int& frames);

}  // namespace fv::dicom::deid
