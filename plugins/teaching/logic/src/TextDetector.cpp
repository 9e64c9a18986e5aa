#include "fv/teaching/TextDetector.h"

#include "fv/dicom/InstanceDecoder.h"
#include "fv/teaching/Media.h"

namespace fv::teaching {

using namespace fv::dicom;

Result<std::vector<Redaction>> detectText(const Image8& image, int minConfidence) {
  auto api = media();
  if (!api) return api.error();
  return (*api)->readText(image, minConfidence);
}

Result<std::vector<Redaction>> detectSeriesText(const Series& series) {
  const InstanceInfo* first = nullptr;
  for (const InstanceInfo& i : series.instances)
    if (i.hasPixelData) {
      first = &i;
      break;
    }
  if (!first) return std::vector<Redaction>{};
  auto decoder = InstanceDecoder::open(*first);
  if (!decoder) return decoder.error();
  auto frame = (*decoder)->decode(0);
  if (!frame) return frame.error();
  DisplayOptions display;
  display.applyOverlays = true;
  auto image = renderFrame(*first, *frame, 0, display);
  if (!image) return image.error();
  return detectText(*image);
}

}  // namespace fv::teaching
