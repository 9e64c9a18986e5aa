#include "fv/fluoro/Style.h"

#include <algorithm>
#include <cmath>

namespace fv::fluoro {

Rgb colourOf(AnnotationKind kind) {
  switch (kind) {
    case AnnotationKind::NeedleTip:
      return {255, 255, 0};
    case AnnotationKind::Target:
      return {0, 255, 0};
    case AnnotationKind::Trajectory:
      return {0, 255, 255};
    case AnnotationKind::ReferenceLine:
      return {255, 0, 255};
    case AnnotationKind::Arrow:
      return {255, 255, 0};
    case AnnotationKind::Label:
      return {255, 255, 255};
    case AnnotationKind::Outline:
      return {255, 160, 0};
    case AnnotationKind::Calibration:
      return {255, 255, 255};
  }
  return {255, 255, 255};
}

int burnInScale(uint32_t rows, uint32_t columns) {
  const double shorter = std::min(rows, columns);
  return std::max(1, static_cast<int>(std::lround(shorter / 512.0)));
}

}  // namespace fv::fluoro
