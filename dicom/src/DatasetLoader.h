// Opens a DICOM file with DCMTK, header only (large values stay on disk until asked for).
#pragma once

#include <memory>
#include <string>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Largest element value loaded eagerly; larger ones (pixel data, big LUTs) load on access.
constexpr Uint32 kLazyValueBytes = 4096;

/// Checks the first bytes: DICM preamble, or a plausible first tag of a meta-less dataset.
/// NotDicom when the file clearly is something else.
Status sniffDicom(const std::string& path);

/// Sniffs, then loads the file up to and including Pixel Data (value not read).
/// A file cut off inside Pixel Data still loads (its frames that fit are decodable); then
/// `truncation`, if given, receives a sentence saying so.
/// `lazyValueBytes`: values larger than this stay on disk until asked for (read again then).
Result<std::unique_ptr<DcmFileFormat>> loadDataset(const std::string& path,
                                                   std::string* truncation = nullptr,
                                                   Uint32 lazyValueBytes = kLazyValueBytes);

/// Transfer syntax UID the dataset was read with.
std::string transferSyntaxOf(DcmFileFormat& file);

}  // namespace fv::dicom
