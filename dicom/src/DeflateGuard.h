// Guards DCMTK against length claims in deflated datasets (no DCMTK types here).
#pragma once

#include <cstdint>
#include <string>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Deflated Explicit VR Little Endian (PS3.5 A.5).
inline constexpr const char* kDeflatedTransferSyntax = "1.2.840.10008.1.2.1.99";

/// Most bytes a deflated dataset may inflate to before it is refused as a decompression bomb.
inline constexpr uint64_t kMaxInflatedBytes = uint64_t(2) << 30;

/// For a file whose meta header (PS3.10 7.1) names the deflated transfer syntax: walks the
/// inflated dataset (streaming, nothing kept) and fails if an element claims more bytes than the
/// data holds. DCMTK cannot defer values of an inflate stream: it allocates the claimed length
/// first (up to 4 GiB from one header field). Other files pass untouched.
Status checkDeflatedLengths(const std::string& path);

}  // namespace fv::dicom
