// Turning stored sample words into clean values (PS3.5 §8.1.1, §8.2): bit masking, sign
// extension, planar → interleaved, 4:2:2 → full. Private to fv_dicom.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fv/dicom/Frame.h"
#include "fv/dicom/PixelDescription.h"

namespace fv::dicom {

/// Sample type of decoded values for a description (bits allocated + pixel representation).
SampleType sampleTypeOf(const PixelDescription& d);

/// True when every sample already holds its value as-is: unused high bits clear (unsigned)
/// or a proper sign extension (signed), and High Bit = Bits Stored − 1.
bool samplesAreClean(const void* data, size_t count, const PixelDescription& d);

/// Rewrites samples in place so that each holds its value (shift by the low unused bits,
/// mask to Bits Stored, sign-extend when signed).
void cleanSamples(void* data, size_t count, const PixelDescription& d);

/// Planar (RRR…GGG…BBB…) to interleaved (RGBRGB…) for `pixels` pixels of `samples` samples.
void interleavePlanes(const void* src, void* dst, size_t pixels, int samples, size_t bytesPerSample);

/// Native YBR_FULL_422 8-bit (Y1 Y2 Cb Cr per pixel pair, PS3.3 C.7.6.3.1.2) to 3 samples/pixel.
void expandYbr422(const uint8_t* src, uint8_t* dst, uint32_t rows, uint32_t columns);

}  // namespace fv::dicom
