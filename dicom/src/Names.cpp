// Text forms of our enums.
#include "fv/dicom/PixelDescription.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::dicom {

const char* toString(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::NotDicom: return "not-dicom";
    case ErrorCode::Malformed: return "malformed";
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::TooLarge: return "too-large";
    case ErrorCode::Io: return "io";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Network: return "network";
    case ErrorCode::Timeout: return "timeout";
    case ErrorCode::Refused: return "refused";
    case ErrorCode::Internal: return "internal";
  }
  return "internal";
}

Photometric parsePhotometric(const std::string& t) {
  if (t == "MONOCHROME1") return Photometric::Monochrome1;
  if (t == "MONOCHROME2") return Photometric::Monochrome2;
  if (t == "PALETTE COLOR") return Photometric::PaletteColor;
  if (t == "RGB") return Photometric::Rgb;
  if (t == "YBR_FULL") return Photometric::YbrFull;
  if (t == "YBR_FULL_422") return Photometric::YbrFull422;
  if (t == "YBR_PARTIAL_422") return Photometric::YbrPartial422;
  if (t == "YBR_ICT") return Photometric::YbrIct;
  if (t == "YBR_RCT") return Photometric::YbrRct;
  return Photometric::Unknown;
}

const char* toString(Photometric p) {
  switch (p) {
    case Photometric::Monochrome1: return "MONOCHROME1";
    case Photometric::Monochrome2: return "MONOCHROME2";
    case Photometric::PaletteColor: return "PALETTE COLOR";
    case Photometric::Rgb: return "RGB";
    case Photometric::YbrFull: return "YBR_FULL";
    case Photometric::YbrFull422: return "YBR_FULL_422";
    case Photometric::YbrPartial422: return "YBR_PARTIAL_422";
    case Photometric::YbrIct: return "YBR_ICT";
    case Photometric::YbrRct: return "YBR_RCT";
    case Photometric::Unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

const char* toString(StackKind kind) {
  switch (kind) {
    case StackKind::Cine: return "cine";
    case StackKind::Volume: return "volume";
    case StackKind::Images: return "images";
  }
  return "images";
}

bool isProjectionModality(const std::string& m) {
  return m == "XA" || m == "RF" || m == "CR" || m == "DX" || m == "MG" || m == "RG" ||
         m == "PX" || m == "IO" || m == "DF" || m == "XC";
}

}  // namespace fv::dicom
