// DICOMDIR (PS3.10 §8, PS3.3 F.3): the files a media directory references.
#pragma once

#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// SOP Class UID of a Media Storage Directory (DICOMDIR).
inline constexpr const char* kMediaStorageDirectoryUid = "1.2.840.10008.1.3.10";

/// Files referenced by the directory records of a DICOMDIR at `dicomdirPath`, resolved relative
/// to its folder (case-insensitively, as media are often upper-case ISO 9660). Missing files
/// are returned as errors naming the DICOMDIR and the reference.
void listDicomDirFiles(DcmDataset& dataset, const std::string& dicomdirPath,
                       std::vector<std::string>& files, std::vector<Error>& errors);

}  // namespace fv::dicom
