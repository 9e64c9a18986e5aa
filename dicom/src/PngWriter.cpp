#include "fv/dicom/PngWriter.h"

#include <zlib.h>

#include "DatasetLoader.h"
#include "fv/dicom/AtomicFile.h"

namespace fv::dicom {

namespace {

void put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(uint8_t(v >> s));
}

// One PNG chunk: length, type, data, CRC over type + data (PNG spec §5.3).
void chunk(std::vector<uint8_t>& out, const char type[4], const uint8_t* data, size_t size) {
  put32(out, uint32_t(size));
  const size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  if (size) out.insert(out.end(), data, data + size);
  put32(out, uint32_t(crc32(0, out.data() + start, uInt(out.size() - start))));
}

}  // namespace

Result<std::vector<uint8_t>> encodePng(const Image8& img) {
  if ((img.channels != 1 && img.channels != 3) || img.rows == 0 || img.columns == 0 ||
      img.pixels.size() != size_t(img.rows) * img.columns * img.channels)
    return makeError(ErrorCode::InvalidArgument, "empty or inconsistent image");
  // Each scanline gets filter type 1 (Sub): smooth medical images compress far better.
  const size_t line = size_t(img.columns) * img.channels;
  std::vector<uint8_t> raw((line + 1) * img.rows);
  for (uint32_t r = 0; r < img.rows; ++r) {
    uint8_t* dst = &raw[r * (line + 1)];
    const uint8_t* src = &img.pixels[r * line];
    dst[0] = 1;
    for (size_t i = 0; i < line; ++i) dst[1 + i] = uint8_t(src[i] - (i >= size_t(img.channels) ? src[i - img.channels] : 0));
  }
  uLongf packedSize = compressBound(uLong(raw.size()));
  std::vector<uint8_t> packed(packedSize);
  if (compress2(packed.data(), &packedSize, raw.data(), uLong(raw.size()), 6) != Z_OK)
    return makeError(ErrorCode::Internal, "zlib compression failed");
  std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  std::vector<uint8_t> ihdr;
  put32(ihdr, img.columns);
  put32(ihdr, img.rows);
  ihdr.insert(ihdr.end(), {8, uint8_t(img.channels == 3 ? 2 : 0), 0, 0, 0});  // 8-bit, grey/RGB
  chunk(out, "IHDR", ihdr.data(), ihdr.size());
  chunk(out, "IDAT", packed.data(), packedSize);
  chunk(out, "IEND", nullptr, 0);
  return out;
}

Status writePng(const Image8& image, const std::string& path) {
  if (sniffDicom(path).ok())
    return makeError(ErrorCode::InvalidArgument, "refusing to overwrite a DICOM file with a PNG", path);
  auto bytes = encodePng(image);
  if (!bytes) return Error{bytes.error().code, bytes.error().message, path, {}};
  return writeFileAtomically(path, bytes->data(), bytes->size(), Overwrite::Replace);
}

}  // namespace fv::dicom
