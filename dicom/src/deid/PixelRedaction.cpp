#include "PixelRedaction.h"

#include <algorithm>
#include <cstring>
#include <set>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/ofstd/ofstd.h>

#include "DcmtkBridge.h"

namespace fv::dicom::deid {

Status redactPixels(DcmDataset& ds, const std::vector<Redaction>& redactions, bool encapsulated,
                    const std::string& path, int& frames) {
  frames = 0;
  if (redactions.empty()) return {};
  if (encapsulated)
    return makeError(ErrorCode::Unsupported,
                     "redaction of compressed (encapsulated) Pixel Data is not supported: "
                     "decompress the source first (e.g. dcmdjpeg, dcmdrle)",
                     path);
  if (gLocalByteOrder != EBO_LittleEndian)
    return makeError(ErrorCode::Unsupported, "pixel redaction needs a little-endian host", path);
  bridge::TagReader r(&ds);
  const long rows = r.integer(DCM_Rows).value_or(0), cols = r.integer(DCM_Columns).value_or(0);
  const long bits = r.integer(DCM_BitsAllocated).value_or(0);
  const long stored = r.integer(DCM_BitsStored).value_or(bits);
  const long spp = r.integer(DCM_SamplesPerPixel).value_or(1);
  const long planar = r.integer(DCM_PlanarConfiguration).value_or(0);
  const long count = std::max(1L, r.integer(DCM_NumberOfFrames).value_or(1));
  const bool isSigned = r.integer(DCM_PixelRepresentation).value_or(0) == 1;
  const std::string photometric = r.str(DCM_PhotometricInterpretation);
  if (rows <= 0 || cols <= 0 || spp <= 0 || stored <= 0 || stored > bits)
    return makeError(ErrorCode::Malformed,
                     "image pixel attributes (0028,xxxx) are missing or invalid", path);
  if (bits != 8 && bits != 16)
    return makeError(
        ErrorCode::Unsupported,
        "pixel redaction supports 8 or 16 Bits Allocated (0028,0100), not " + std::to_string(bits),
        path);
  DcmElement* pixels = nullptr;
  if (ds.findAndGetElement(DCM_PixelData, pixels).bad() || !pixels)
    return makeError(ErrorCode::InvalidArgument,
                     "Clean Pixel Data: the file has no Pixel Data (7FE0,0010)", path);
  Uint8* data = nullptr;
  if (pixels->getVR() == EVR_OW) {
    Uint16* w = nullptr;
    if (OFCondition c = pixels->getUint16Array(w); c.bad() || !w)
      return bridge::toError(c, "cannot read Pixel Data (7FE0,0010)", path);
    data = reinterpret_cast<Uint8*>(w);
  } else if (OFCondition c = pixels->getUint8Array(data); c.bad() || !data) {
    return bridge::toError(c, "cannot read Pixel Data (7FE0,0010)", path);
  }
  const size_t bytesPerSample = size_t(bits / 8);
  const size_t frameBytes = size_t(rows) * size_t(cols) * size_t(spp) * bytesPerSample;
  if (size_t(pixels->getLength()) < frameBytes * size_t(count))
    return makeError(ErrorCode::Truncated, "Pixel Data (7FE0,0010) is shorter than its frames",
                     path);
  // Black per sample: MONOCHROME1 inverts; YBR chroma is centred; RGB, palette indexes: 0.
  auto black = [&](long sample) -> long {
    if (photometric == "MONOCHROME1")
      return isSigned ? (1L << (stored - 1)) - 1 : (1L << stored) - 1;
    if (photometric == "MONOCHROME2") return isSigned ? -(1L << (stored - 1)) : 0;
    if (photometric.rfind("YBR", 0) == 0 && sample > 0) return 1L << (stored - 1);
    return 0;
  };
  std::set<long> changed;
  for (const Redaction& red : redactions) {
    const long x0 = std::max(0, red.x), y0 = std::max(0, red.y);
    const long x1 = std::min<long>(cols, long(red.x) + red.width);
    const long y1 = std::min<long>(rows, long(red.y) + red.height);
    if (x0 >= x1 || y0 >= y1) continue;
    const long f0 = red.frame < 0 ? 0 : red.frame, f1 = red.frame < 0 ? count : red.frame + 1;
    if (f0 >= count) continue;
    for (long f = f0; f < std::min(f1, count); ++f) {
      Uint8* frame = data + size_t(f) * frameBytes;
      for (long s = 0; s < spp; ++s) {
        const long value = black(s);
        const Uint16 v16 = Uint16(value & 0xFFFF);
        const Uint8 v8 = Uint8(value & 0xFF);
        for (long y = y0; y < y1; ++y)
          for (long x = x0; x < x1; ++x) {
            const size_t index = planar == 1 && spp > 1
                                     ? size_t(s) * size_t(rows * cols) + size_t(y * cols + x)
                                     : size_t(y * cols + x) * size_t(spp) + size_t(s);
            if (bits == 8)
              frame[index] = v8;
            else
              std::memcpy(frame + index * 2, &v16, 2);
          }
      }
      changed.insert(f);
    }
  }
  frames = int(changed.size());
  return {};
}

}  // namespace fv::dicom::deid
