#include "FrameSource.h"

#include <cstring>

#include "SampleLayout.h"

namespace fv::dicom {

bool FrameLayout::simpleLayout() const {
  return !(stored.samplesPerPixel > 1 && stored.planarConfiguration == 1) &&
         stored.photometric != Photometric::YbrFull422 && stored.photometric != Photometric::YbrPartial422;
}

Frame FrameLayout::finish(std::shared_ptr<uint8_t[]> buffer, const PixelDescription& as) const {
  const size_t pixels = size_t(as.rows) * as.columns;
  const size_t bps = as.bytesPerSample();
  if (as.samplesPerPixel > 1 && as.planarConfiguration == 1) {
    std::shared_ptr<uint8_t[]> inter(new uint8_t[pixels * as.samplesPerPixel * bps]);
    interleavePlanes(buffer.get(), inter.get(), pixels, as.samplesPerPixel, bps);
    buffer = std::move(inter);
  }
  if ((as.photometric == Photometric::YbrFull422 || as.photometric == Photometric::YbrPartial422) && bps == 1) {
    std::shared_ptr<uint8_t[]> full(new uint8_t[pixels * 3]);
    expandYbr422(buffer.get(), full.get(), as.rows, as.columns);
    buffer = std::move(full);
  }
  finishInPlace(buffer.get(), decoded);
  const void* data = buffer.get();
  return Frame(decoded, sampleTypeOf(decoded), data, std::shared_ptr<const void>(std::move(buffer), data));
}

void FrameLayout::finishInPlace(uint8_t* data, const PixelDescription& as) const {
  const size_t count = decoded.samplesPerFrame();
  if (!samplesAreClean(data, count, as)) cleanSamples(data, count, as);
}

Status FrameSource::decodeInto(uint32_t frame, uint8_t* dst) const {
  auto f = decode(frame);
  if (!f) return f.error();
  std::memcpy(dst, f->data(), f->byteSize());
  return {};
}

}  // namespace fv::dicom
