// RLE Lossless decoding (PS3.5 Annex G) of one frame, straight from its fragment bytes.
// Private to fv_dicom. DCMTK's RLE decoder stays the fallback for unusual fragment layouts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "fv/dicom/PixelDescription.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Decodes one RLE frame (`data`/`size`: the frame's fragment, starting with the 64-byte RLE
/// header) into `out` (bytesPerFrame() bytes): samples interleaved, little-endian words.
/// Malformed streams (bad header, segment count, offsets, short or overlong segments) fail
/// with a sentence saying which; nothing outside `out` is written.
Status decodeRleFrame(const uint8_t* data, size_t size, const PixelDescription& d, uint8_t* out);

}  // namespace fv::dicom
