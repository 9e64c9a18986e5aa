#include "fv/dicom/TransferSyntax.h"

#include <map>

namespace fv::dicom {

std::string transferSyntaxName(const std::string& uid) {
  static const std::map<std::string, std::string> names = {
      {"1.2.840.10008.1.2", "Implicit VR Little Endian"},
      {"1.2.840.10008.1.2.1", "Explicit VR Little Endian"},
      {"1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian"},
      {"1.2.840.10008.1.2.2", "Explicit VR Big Endian"},
      {"1.2.840.10008.1.2.5", "RLE Lossless"},
      {"1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"},
      {"1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"},
      {"1.2.840.10008.1.2.4.57", "JPEG Lossless (Process 14)"},
      {"1.2.840.10008.1.2.4.70", "JPEG Lossless SV1 (Process 14)"},
      {"1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"},
      {"1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless"},
      {"1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless"},
      {"1.2.840.10008.1.2.4.91", "JPEG 2000"},
      {"1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Lossless"},
      {"1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2"},
      {"1.2.840.10008.1.2.4.201", "HTJ2K Lossless"},
      {"1.2.840.10008.1.2.4.202", "HTJ2K Lossless RPCL"},
      {"1.2.840.10008.1.2.4.203", "HTJ2K"},
      {"1.2.840.10008.1.2.4.100", "MPEG2 Main Profile"},
      {"1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264"},
  };
  auto it = names.find(uid);
  return it == names.end() ? uid : it->second;
}

bool isJpeg2000(const std::string& uid) {
  return uid == "1.2.840.10008.1.2.4.90" || uid == "1.2.840.10008.1.2.4.91" ||
         uid == "1.2.840.10008.1.2.4.92" || uid == "1.2.840.10008.1.2.4.93" ||
         uid == "1.2.840.10008.1.2.4.201" || uid == "1.2.840.10008.1.2.4.202" ||
         uid == "1.2.840.10008.1.2.4.203";
}

bool isEncapsulated(const std::string& uid) {
  return !(uid.empty() || uid == "1.2.840.10008.1.2" || uid == "1.2.840.10008.1.2.1" ||
           uid == "1.2.840.10008.1.2.1.99" || uid == "1.2.840.10008.1.2.2");
}

}  // namespace fv::dicom
