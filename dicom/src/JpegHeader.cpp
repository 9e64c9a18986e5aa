#include "JpegHeader.h"

namespace fv::dicom {

std::optional<JpegFrameSize> jpegFrameSize(const uint8_t* p, size_t n) {
  if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) return std::nullopt;  // SOI
  size_t i = 2;
  while (i + 4 <= n) {
    if (p[i] != 0xFF) return std::nullopt;
    const uint8_t m = p[i + 1];
    if (m == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {  // markers without a length
      i += 2;
      continue;
    }
    const bool sof = (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) || m == 0xF7;
    if (sof) {
      if (i + 9 > n) return std::nullopt;
      return JpegFrameSize{uint32_t(p[i + 5] << 8 | p[i + 6]), uint32_t(p[i + 7] << 8 | p[i + 8])};
    }
    if (m == 0xDA || m == 0xD9) return std::nullopt;  // a scan or the end before any frame header
    i += 2 + (size_t(p[i + 2]) << 8 | p[i + 3]);
  }
  return std::nullopt;
}

}  // namespace fv::dicom
