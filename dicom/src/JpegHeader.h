// Reads a JPEG or JPEG-LS codestream's frame header (no DCMTK, no decoding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace fv::dicom {

/// Lines and samples per line of a JPEG (ISO 10918-1 B.2.2 SOFn) or JPEG-LS (ISO 14495-1 SOF55)
/// codestream, from its frame header; nullopt when there is none before the first scan.
struct JpegFrameSize {
  uint32_t rows = 0;     ///< Y: 0 means "defined later by a DNL marker"
  uint32_t columns = 0;  ///< X
};
std::optional<JpegFrameSize> jpegFrameSize(const uint8_t* data, size_t size);

/// True when DCMTK 3.6.7's JPEG decoder would never return on this fragment: its bit-depth scan
/// (DJCodecDecoder::scanJpegDataForBitDepth) walks the markers the way this function does and
/// does not advance past a TEM marker (FF 01) met before the frame header — an endless loop.
bool dcmtkJpegScanLoopsForever(const uint8_t* data, size_t size);

}  // namespace fv::dicom
