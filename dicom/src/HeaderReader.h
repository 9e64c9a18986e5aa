// DcmDataset → InstanceInfo (private to fv_dicom).
#pragma once

#include <string>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include "fv/dicom/InstanceInfo.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Reads every attribute FluoroView uses from a loaded file; Malformed when an image lacks a
/// Type 1 attribute of the Image Pixel Module.
Result<InstanceInfo> parseInstance(DcmFileFormat& file, const std::string& path);

}  // namespace fv::dicom
