// Writing a DICOMDIR (PS3.10 File-set, PS3.3 F.5 Basic Directory IOD) for files we wrote.
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Writes `folder`/DICOMDIR (General Purpose profile, PS3.11 STD-GEN; DCMTK DicomDirInterface)
/// listing `relativeFiles` (paths inside `folder` whose components are at most 8 characters of
/// A-Z 0-9 _, PS3.10 8.2). Any transfer syntax is accepted (JPEG 2000 sources stay as they are);
/// type 1 record keys the files lack (e.g. an emptied Study ID) are invented as DCMTK does.
/// Fails when DICOMDIR exists, or naming the first file that cannot be listed and why (under
/// `shownFolder` when given: where the user will find the files, e.g. a staging folder's target).
Status writeDicomDir(const std::string& folder, const std::vector<std::string>& relativeFiles,
                     const std::string& fileSetId, const std::string& shownFolder = {});

}  // namespace fv::dicom
