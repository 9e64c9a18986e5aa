// How stored pixel samples are laid out (Image Pixel Module, PS3.3 C.7.6.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace fv::dicom {

/// Photometric Interpretation (0028,0004) values we know.
enum class Photometric {
  Monochrome1,  ///< minimum value is white
  Monochrome2,  ///< minimum value is black
  PaletteColor, ///< indices into Red/Green/Blue Palette Color LUTs
  Rgb,
  YbrFull,
  YbrFull422,
  YbrPartial422,
  YbrIct,
  YbrRct,
  Unknown,
};

/// Parse the DICOM defined term ("MONOCHROME2", "YBR_FULL_422", ...).
Photometric parsePhotometric(const std::string& text);
/// The defined term for a value.
const char* toString(Photometric p);

/// Image Pixel Module attributes that define a frame's memory layout.
struct PixelDescription {
  uint32_t rows = 0;              ///< (0028,0010)
  uint32_t columns = 0;           ///< (0028,0011)
  uint16_t samplesPerPixel = 1;   ///< (0028,0002)
  uint16_t bitsAllocated = 0;     ///< (0028,0100)
  uint16_t bitsStored = 0;        ///< (0028,0101)
  uint16_t highBit = 0;           ///< (0028,0102)
  bool isSigned = false;          ///< Pixel Representation (0028,0103) == 1
  uint16_t planarConfiguration = 0;  ///< (0028,0006): 0 = interleaved, 1 = by plane
  Photometric photometric = Photometric::Monochrome2;
  uint32_t frames = 1;            ///< Number of Frames (0028,0008), 1 if absent

  bool monochrome() const {
    return photometric == Photometric::Monochrome1 || photometric == Photometric::Monochrome2;
  }
  /// Bytes per sample in decoded form (1, 2 or 4).
  size_t bytesPerSample() const { return bitsAllocated <= 8 ? 1 : bitsAllocated <= 16 ? 2 : 4; }
  /// Samples of one frame.
  size_t samplesPerFrame() const { return size_t(rows) * columns * samplesPerPixel; }
  /// Bytes of one decoded frame.
  size_t bytesPerFrame() const { return samplesPerFrame() * bytesPerSample(); }
};

}  // namespace fv::dicom
