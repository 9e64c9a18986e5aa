// The main header of a JPEG 2000 / HTJ2K codestream (ITU-T T.800 Annex A, T.814), read by us
// before any decoder allocates: a codestream that does not fit the frame is refused here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fv/dicom/PixelDescription.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// One image component of the SIZ marker segment.
struct J2kComponent {
  uint8_t precision = 0;   ///< bits (Ssiz & 0x7F) + 1
  bool isSigned = false;   ///< Ssiz bit 7
  uint8_t dx = 1, dy = 1;  ///< sub-sampling XRsiz / YRsiz
};

/// What the main header says about the image.
struct J2kHeader {
  size_t codestreamOffset = 0;  ///< where SOC is (after a JP2 box wrapper, if any)
  uint32_t width = 0, height = 0;
  uint64_t tiles = 0;
  std::vector<J2kComponent> components;
  bool colourTransform = false;  ///< COD SGcod multiple component transform (RCT/ICT, A.6.1)
  bool highThroughput = false;   ///< HTJ2K: CAP with Part 15 capabilities, or HT code-blocks in a COD/COC
  bool reversible = true;        ///< COD wavelet 5/3 (lossless) rather than 9/7
};

/// Reads the main header from the start of a codestream (or a JP2 file, which some encoders
/// wrap codestreams in although PS3.5 A.4.4 forbids it). Malformed when SOC/SIZ are missing.
Result<J2kHeader> readJ2kHeader(const uint8_t* data, size_t size);

/// Malformed/Unsupported unless the codestream's image is exactly the frame `d` describes:
/// Columns × Rows, Samples per Pixel components, no sub-sampling, precision ≤ Bits Allocated.
Status checkJ2kFitsFrame(const J2kHeader& h, const PixelDescription& d);

/// True when the codestream ends with its EOC marker (FFD9), after any zero padding that makes
/// a fragment's length even (PS3.5 A.4). A missing EOC means a truncated codestream.
bool endsWithEoc(const uint8_t* data, size_t size);

/// True when `data` starts with a JPEG 2000 codestream (SOC, SIZ) or a JP2 signature box.
bool startsJ2kCodestream(const uint8_t* data, size_t size);

}  // namespace fv::dicom
