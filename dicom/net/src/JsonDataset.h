// The DICOM JSON model (PS3.18 F.2) read into a DCMTK item: what a WADO-RS /metadata answer holds.
// Private to fv_net (includes DCMTK). DCMTK 3.6.7 writes DICOM JSON but cannot read it.
#pragma once

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <nlohmann/json_fwd.hpp>

#include "fv/dicom/Result.h"

namespace fv::net {

/// Puts the attributes of one DICOM JSON object ({"ggggeeee": {"vr", "Value" | "InlineBinary"}})
/// into `item`, recursing into sequences. Values are UTF-8 (PS3.18 F.2.1); attributes sent as a
/// BulkDataURI (Pixel Data) are left out. A malformed attribute is an error naming its tag.
fv::dicom::Status readDicomJson(const nlohmann::json& object, DcmItem& item);

}  // namespace fv::net
