// libFuzzer target: JPEG 2000 / HTJ2K codestreams straight into the frame decoder — our main
// header check, then OpenJPEG or OpenJPH — for the frame the codestream claims to be and for a
// frame it does not fit (the check must refuse it before any decoder runs).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "J2kCodestream.h"
#include "Jpeg2000FrameSource.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // The first byte picks the frame description; the rest is the codestream.
  const uint8_t mode = data[0];
  data += 1;
  size -= 1;
  fv::dicom::PixelDescription d;
  auto header = fv::dicom::readJ2kHeader(data, size);
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
  if (mode & 1) d.rows = (mode >> 1) + 1;  // a frame the codestream does not fit
  d.bitsAllocated = d.bitsStored <= 8 ? 8 : 16;
  d.highBit = uint16_t(d.bitsStored > 0 ? d.bitsStored - 1 : 0);
  d.photometric = d.samplesPerPixel == 3 ? fv::dicom::Photometric::Rgb : fv::dicom::Photometric::Monochrome2;
  if (d.bitsStored == 0 || d.bitsStored > 16) return 0;
  std::vector<uint8_t> frame(d.bytesPerFrame());
  (void)fv::dicom::decodeJpeg2000Frame(data, size, d, frame.data());
  return 0;
}
