// One fuzz-j2k input: a mode byte, then a codestream, decoded as the frame it claims to be or
// (odd mode) as a frame it does not fit. Shared by the fuzz target and the regression replay.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "J2kCodestream.h"
#include "Jpeg2000FrameSource.h"

namespace fv::fuzz {

/// Decodes one fuzz-j2k input; returns the decoder's status (never crashes, is the point).
inline dicom::Status decodeJ2kInput(const uint8_t* data, size_t size) {
  if (size < 2) return dicom::makeError(dicom::ErrorCode::InvalidArgument, "input too short");
  const uint8_t mode = data[0];
  data += 1;
  size -= 1;
  dicom::PixelDescription d;
  auto header = dicom::readJ2kHeader(data, size);
  if (header && !header->components.empty() && header->components.size() <= 3 &&
      uint64_t(header->width) * header->height <= 1024 * 1024) {
    d.rows = header->height;
    d.columns = header->width;
    d.samplesPerPixel = uint16_t(header->components.size() == 3 ? 3 : 1);
    d.bitsStored = header->components[0].precision;
    d.isSigned = header->components[0].isSigned;
  } else {
    d.rows = d.columns = 64;
    d.bitsStored = 12;
  }
  if (mode & 1) d.rows = (mode >> 1) + 1u;  // a frame the codestream does not fit
  if (d.bitsStored == 0 || d.bitsStored > 16)
    return dicom::makeError(dicom::ErrorCode::Unsupported, "precision");
  d.bitsAllocated = d.bitsStored <= 8 ? 8 : 16;
  d.highBit = uint16_t(d.bitsStored - 1);
  d.photometric =
      d.samplesPerPixel == 3 ? dicom::Photometric::Rgb : dicom::Photometric::Monochrome2;
  std::vector<uint8_t> frame(d.bytesPerFrame());
  return dicom::decodeJpeg2000Frame(data, size, d, frame.data());
}

}  // namespace fv::fuzz
