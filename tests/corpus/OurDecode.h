// FluoroView's own reading of one corpus file: index (as the viewer does) and decode every frame.
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/Frame.h"

namespace fv::corpus {

/// What fv_dicom made of one file.
struct OurDecode {
  enum class Status { Decoded, NoPixels, NotDicom, Error };
  Status status = Status::Error;
  std::string message;  ///< our first error (index or frame), when Status::Error
  std::string transferSyntaxUid;
  std::string photometric;                ///< decoded frames' Photometric Interpretation
  uint32_t frames = 0;                    ///< frames the pixel data holds
  uint32_t failedFrames = 0;              ///< frames that did not decode
  std::vector<fv::dicom::Frame> decoded;  ///< every frame, when Decoded
  std::vector<std::string> warnings;      ///< index warnings for the file
  bool dicomDir = false;                  ///< a DICOMDIR (indexed through the files it names)
};

/// Short stable name of a status ("decoded", "no-pixels", "not-dicom", "error").
const char* toString(OurDecode::Status s);

/// Indexes `file` alone (indexPaths) and decodes all its frames (InstanceDecoder).
OurDecode decodeWithFluoroView(const std::string& file);

}  // namespace fv::corpus
