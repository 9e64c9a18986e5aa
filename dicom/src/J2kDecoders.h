// The two JPEG 2000 decoders we use, behind one small interface: OpenJPEG 2.5 for JPEG 2000
// Part 1/2 (T.800/T.801), Grok for High-Throughput JPEG 2000 (T.814), which it decodes about
// twice as fast as OpenJPEG does (docs/architecture.md). Private to fv_dicom.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Where decoded samples go: one frame, samples interleaved, 1 or 2 bytes each, in the layout the
/// DICOM header describes (values are stored as decoded; masking and sign extension come after).
struct J2kTarget {
  uint8_t* data = nullptr;
  uint32_t rows = 0, columns = 0;
  uint16_t components = 1;
  size_t bytesPerSample = 2;
  int32_t minValue = 0,
          maxValue = 65535;  ///< the codestream's sample range (lossy decodes overshoot it)

  /// Sets the sample range from the codestream's precision and signedness.
  void setRange(int precision, bool isSigned);
  /// Stores one decoded row of component `component` (int32 samples, as both libraries give them),
  /// clamped to the sample range as the reference decoders' tools do.
  void storeRow(const int32_t* row, uint32_t y, uint16_t component) const;
};

/// Decodes a JPEG 2000 codestream (SOC first) with OpenJPEG in strict mode (a truncated or
/// damaged codestream is an error, never a partial image), using `threads` threads.
Status decodeWithOpenJpeg(const uint8_t* codestream, size_t size, const J2kTarget& target,
                          int threads);

/// Decodes an HTJ2K codestream with Grok (single-threaded). Grok has no strict mode: give it
/// only codestreams that end with EOC (a truncated one goes to OpenJPEG, which reports it).
Status decodeWithGrok(const uint8_t* codestream, size_t size, const J2kTarget& target);

}  // namespace fv::dicom
