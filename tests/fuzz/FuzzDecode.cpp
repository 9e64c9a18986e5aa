// libFuzzer target: pixel decoding — pixel-description checks before allocation, native / RLE /
// DCMTK-codec frames, rendering through modality rescale and VOI, overlay and shutter masks.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "FuzzInput.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/Overlay.h"
#include "fv/dicom/Shutter.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fv::dicom::registerCodecs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = fv::fuzz::storeInput(data, size);
  if (path.empty()) return 0;
  auto header = fv::dicom::readInstanceHeader(path);
  if (!header) return 0;
  const fv::dicom::InstanceInfo& info = *header;
  auto decoder = fv::dicom::InstanceDecoder::open(info);
  if (!decoder) return 0;
  // As the viewer does: masks at the image size, once the pixel data proved it holds that image.
  const uint32_t rows = info.pixels.rows, columns = info.pixels.columns;
  (void)fv::dicom::makeShutterMask(info.shutter, rows, columns);
  for (const auto& plane : info.overlays) (void)fv::dicom::overlayMask(plane, 0, rows, columns);
  // First, last and one middle frame: enough to reach every per-frame offset computation.
  const uint32_t n = (*decoder)->frameCount();
  for (uint32_t f : {0u, n / 2, n > 0 ? n - 1 : 0u}) {
    if (f >= n) continue;
    auto frame = (*decoder)->decode(f);
    if (frame) (void)fv::dicom::renderFrame(info, *frame, f);
  }
  return 0;
}
