// Transfer syntax facts we need (PS3.5 §10 and Annex A).
#pragma once

#include <string>

namespace fv::dicom {

/// Human name of a transfer syntax UID ("JPEG-LS Lossless", ...), or the UID itself.
std::string transferSyntaxName(const std::string& uid);
/// True for the JPEG 2000 family (1.2.840.10008.1.2.4.90-93, 4.201-204), which we cannot decode yet.
bool isJpeg2000(const std::string& uid);
/// True when pixel data is encapsulated (compressed fragments) in this syntax.
bool isEncapsulated(const std::string& uid);

}  // namespace fv::dicom
