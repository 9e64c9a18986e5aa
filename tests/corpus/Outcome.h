// How FluoroView's decode of a corpus file compares with GDCM's, in one stable word plus detail.
#pragma once

#include <cstdint>
#include <string>

#include "GdcmReference.h"
#include "OurDecode.h"

namespace fv::corpus {

/// The comparison of one file.
struct Outcome {
  /// "equal", "differs", "shape", or "<ours>/<gdcm>" when either side did not decode, e.g.
  /// "error/decoded" (we fail, GDCM decodes) or "decoded/failed"; ours ∈ {decoded, no-pixels,
  /// not-dicom, error}, gdcm ∈ {decoded, no-pixels, unreadable, failed}.
  std::string kind;
  std::string detail;              ///< what differs, or both sides' messages
  std::string ourMessage;          ///< our error, if any
  std::string gdcmMessage;         ///< GDCM's, if any
  std::string variant;             ///< reference variant compared with ("stored" or "rgb")
  double maxAbs = 0, meanAbs = 0;  ///< |ours − GDCM| over all samples (differs)
  uint32_t differingFrames = 0;
  uint64_t checksum =
      0;  ///< sum of our decoded values over all frames (mod 2^64), as `decode` prints
  /// pydicom's own decode of the file against ours: "equal", "differs", or "" (pydicom cannot
  /// decode it: JPEG family, or the file is broken). The second opinion when GDCM disagrees.
  std::string pydicom;

  /// True when nothing needs explaining: equal values, or both agree there is nothing to decode.
  bool agrees() const {
    return kind == "equal" || kind == "no-pixels/no-pixels" || kind == "not-dicom/unreadable";
  }
};

/// Compares our decode with GDCM's, frame by frame and sample by sample. Colour: when our JPEG path
/// converted YCbCr to RGB (as DCMTK does) and GDCM kept YBR_FULL, GDCM's "rgb" variant is used.
Outcome compareWithGdcm(const OurDecode& ours, const GdcmReference& gdcm);

}  // namespace fv::corpus
