#include "BitPackedFrameSource.h"

#include <cstring>

#include <dcmtk/dcmdata/dcpixel.h>

#include "DcmtkBridge.h"
#include "DcmtkFrameSource.h"
#include "MappedFile.h"
#include "SampleLayout.h"
#include "fv/dicom/TransferSyntax.h"

namespace fv::dicom {

void unpackBits(const uint8_t* src, uint64_t firstBit, size_t count, uint8_t* dst) {
  const uint8_t* p = src + firstBit / 8;
  unsigned bit = unsigned(firstBit % 8);
  size_t i = 0;
  for (; i < count && bit != 0; ++i) {  // up to the next byte boundary
    dst[i] = (*p >> bit) & 1u;
    if (++bit == 8) bit = 0, ++p;
  }
  for (; i + 8 <= count; i += 8, ++p)  // whole bytes
    for (unsigned b = 0; b < 8; ++b) dst[i + b] = (*p >> b) & 1u;
  for (unsigned b = 0; i < count; ++i, ++b) dst[i] = (*p >> b) & 1u;
}

BitPackedFrameSource::BitPackedFrameSource(std::shared_ptr<const FrameLayout> layout,
                                           const uint8_t* bytes, uint64_t available,
                                           std::shared_ptr<const void> owner)
    : FrameSource(std::move(layout)),
      m_bytes(bytes),
      m_available(available),
      m_owner(std::move(owner)) {}

Result<Frame> BitPackedFrameSource::decode(uint32_t frame) const {
  const FrameLayout& L = *m_layout;
  const uint64_t pixels = uint64_t(L.decoded.rows) * L.decoded.columns;
  const uint64_t endBit = (uint64_t(frame) + 1) * pixels;
  if ((endBit + 7) / 8 > m_available)
    return makeError(ErrorCode::Truncated,
                     FrameLayout::frameText(frame) + ": pixel data ends after " +
                         std::to_string(m_available) + " bytes, " +
                         std::to_string((endBit + 7) / 8) + " needed",
                     L.path);
  std::shared_ptr<uint8_t[]> out(new uint8_t[pixels]);
  unpackBits(m_bytes, endBit - pixels, size_t(pixels), out.get());
  const void* data = out.get();
  return Frame(L.decoded, sampleTypeOf(L.decoded), data,
               std::shared_ptr<const void>(std::move(out), data));
}

Result<std::unique_ptr<FrameSource>> openBitPackedSource(const InstanceInfo& info,
                                                         std::shared_ptr<FrameLayout> layout) {
  const std::string& path = info.path;
  const PixelDescription& d = info.pixels;
  if (isEncapsulated(info.transferSyntaxUid))
    return makeError(ErrorCode::Unsupported,
                     "Bits Allocated (0028,0100) of 1 in " +
                         transferSyntaxName(info.transferSyntaxUid) +
                         " is not supported (PS3.5 8.2: 1-bit data is native)",
                     path);
  if (d.samplesPerPixel != 1)
    return makeError(ErrorCode::Unsupported,
                     "Bits Allocated (0028,0100) of 1 with several samples per pixel", path);
  PixelDescription& out = layout->decoded;
  out.bitsAllocated = 8;
  out.bitsStored = 1;
  out.highBit = 0;
  out.isSigned = false;
  const uint64_t firstFrameBytes = (uint64_t(d.rows) * d.columns + 7) / 8;
  layout->storedFrameBytes = size_t(firstFrameBytes);  // frames are not byte aligned: a lower bound
  auto tooShort = [&](uint64_t available) {
    return makeError(ErrorCode::Truncated,
                     "Pixel Data holds " + std::to_string(available) + " bytes, one frame needs " +
                         std::to_string(firstFrameBytes),
                     path);
  };

  if (info.nativePixelData) {
    auto map = MappedFile::open(path);
    if (!map) return map.error();
    const auto [offset, length] = *info.nativePixelData;
    const uint64_t available =
        offset <= (*map)->size() ? std::min<uint64_t>(length, (*map)->size() - offset) : 0;
    if (available < firstFrameBytes) return tooShort(available);
    const uint8_t* bytes = (*map)->data() + offset;
    return std::unique_ptr<FrameSource>(
        new BitPackedFrameSource(std::move(layout), bytes, available, *map));
  }
  // Big endian or deflated: DCMTK reads the value into memory (1-bit data is small). An OW value
  // comes back as words in host order, which puts the bits in little-endian order again.
  DcmtkSlotPool pool(path);
  auto slot = pool.acquire();
  if (!slot) return slot.error();
  DcmPixelData& px = *(*slot)->pixels;
  auto copy = std::make_shared<std::vector<uint8_t>>();
  OFCondition c;
  if (px.getVR() == EVR_OW) {
    Uint16* words = nullptr;
    c = px.getUint16Array(words);
    if (c.good() && words)
      copy->assign(reinterpret_cast<uint8_t*>(words),
                   reinterpret_cast<uint8_t*>(words) + px.getLength());
  } else {
    Uint8* bytes = nullptr;
    c = px.getUint8Array(bytes);
    if (c.good() && bytes) copy->assign(bytes, bytes + px.getLength());
  }
  if (c.bad()) return bridge::toError(c, "cannot read Pixel Data (7FE0,0010)", path);
  if (copy->size() < firstFrameBytes) return tooShort(copy->size());
  const uint8_t* bytes = copy->data();
  const uint64_t available = copy->size();
  return std::unique_ptr<FrameSource>(
      new BitPackedFrameSource(std::move(layout), bytes, available, std::move(copy)));
}

}  // namespace fv::dicom
