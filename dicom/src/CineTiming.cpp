#include "fv/dicom/CineTiming.h"

#include <numeric>

namespace fv::dicom {

namespace {
constexpr uint32_t kFrameTime = 0x00181063;        // Frame Time
constexpr uint32_t kFrameTimeVector = 0x00181065;  // Frame Time Vector

std::optional<double> meanIncrement(const std::vector<double>& v) {
  // The first entry is the offset of frame 1 (normally 0); increments start at entry 2.
  if (v.size() < 2) return std::nullopt;
  const double sum = std::accumulate(v.begin() + 1, v.end(), 0.0);
  const double mean = sum / double(v.size() - 1);
  return mean > 0 ? std::optional<double>(mean) : std::nullopt;
}
}  // namespace

std::optional<double> CineTiming::nominalFrameTimeMs() const {
  const bool valid = frameTimeMs && *frameTimeMs > 0;
  for (uint32_t tag : frameIncrementPointer) {
    if (tag == kFrameTime && valid) return frameTimeMs;
    if (tag == kFrameTimeVector) {
      if (auto m = meanIncrement(frameTimeVectorMs)) return m;
    }
  }
  if (valid) return frameTimeMs;
  if (auto m = meanIncrement(frameTimeVectorMs)) return m;
  if (cineRate && *cineRate > 0) return 1000.0 / *cineRate;
  if (recommendedFps && *recommendedFps > 0) return 1000.0 / *recommendedFps;
  return std::nullopt;
}

std::vector<double> CineTiming::frameStartTimesMs(int frames) const {
  std::vector<double> t(frames > 0 ? size_t(frames) : 0, 0.0);
  const bool useVector = int(frameTimeVectorMs.size()) == frames && frames > 1 &&
                         (frameIncrementPointer.empty() ||
                          frameIncrementPointer.front() == kFrameTimeVector || !frameTimeMs);
  if (useVector) {
    // PS3.3 C.7.6.5.1.2: each value is the time since the previous frame.
    for (int i = 1; i < frames; ++i) t[i] = t[i - 1] + frameTimeVectorMs[i];
    return t;
  }
  const double step = nominalFrameTimeMs().value_or(0.0);
  for (int i = 1; i < frames; ++i) t[i] = step * i;
  return t;
}

}  // namespace fv::dicom
