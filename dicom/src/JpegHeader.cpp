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

bool dcmtkJpegScanLoopsForever(const uint8_t* p, size_t n) {
  // The same walk as DCMTK's scan: stops at a frame header, an invalid marker or the end.
  size_t offset = 0;
  auto len = [&](size_t at) { return size_t(p[at + 2]) << 8 | p[at + 3]; };
  while (offset + 4 < n) {
    const unsigned marker = unsigned(p[offset]) << 8 | p[offset + 1];
    if (marker >= 0xFFC0 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 && marker != 0xFFCC)
      return false;  // SOFn: DCMTK returns
    if (marker == 0xFF01) return true;  // TEM: DCMTK's loop does not advance
    if (marker == 0xFFFF) {
      offset += 1;
    } else if ((marker >= 0xFFD0 && marker <= 0xFFD9)) {
      offset += 2;
    } else if (marker == 0xFFC4 || marker == 0xFFCC || (marker >= 0xFFDA && marker <= 0xFFFE)) {
      offset += len(offset) + 2;
    } else if (p[offset] == 0xFF && p[offset + 1] > 2 && p[offset + 1] <= 0xBF) {
      offset += 2;  // reserved markers
    } else {
      return false;  // DCMTK reports an invalid marker and returns
    }
  }
  return false;
}

}  // namespace fv::dicom
