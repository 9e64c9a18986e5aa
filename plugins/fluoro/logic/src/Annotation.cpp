#include "fv/fluoro/Annotation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fv::fluoro {
namespace {

struct KindName {
  AnnotationKind kind;
  const char* name;
};
constexpr KindName kNames[] = {
    {AnnotationKind::NeedleTip, "needle-tip"},  {AnnotationKind::Target, "target"},
    {AnnotationKind::Trajectory, "trajectory"}, {AnnotationKind::ReferenceLine, "reference-line"},
    {AnnotationKind::Arrow, "arrow"},           {AnnotationKind::Label, "label"},
    {AnnotationKind::Outline, "outline"},       {AnnotationKind::Calibration, "calibration"},
};

double segmentDistance(const Point& a, const Point& b, const Point& p) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}

}  // namespace

const char* toString(AnnotationKind kind) {
  for (const auto& n : kNames)
    if (n.kind == kind) return n.name;
  return "unknown";
}

std::optional<AnnotationKind> annotationKindFromString(const std::string& text) {
  for (const auto& n : kNames)
    if (text == n.name) return n.kind;
  return std::nullopt;
}

size_t requiredPoints(AnnotationKind kind) {
  switch (kind) {
    case AnnotationKind::NeedleTip:
    case AnnotationKind::Target:
    case AnnotationKind::Label:
      return 1;
    case AnnotationKind::Outline:
      return 3;
    default:
      return 2;
  }
}

bool Annotation::valid() const {
  for (const auto& p : points)
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
  if (kind == AnnotationKind::Outline) return points.size() >= 3;
  if (points.size() != requiredPoints(kind)) return false;
  if (kind == AnnotationKind::Calibration)
    return lengthMm > 0 && std::isfinite(lengthMm) && !(points[0] == points[1]);
  if (kind == AnnotationKind::Label) return !text.empty();
  return true;
}

double distanceTo(const Annotation& a, const Point& p) {
  double best = std::numeric_limits<double>::infinity();
  if (a.points.size() == 1) return std::hypot(a.points[0].x - p.x, a.points[0].y - p.y);
  for (size_t i = 0; i + 1 < a.points.size(); ++i)
    best = std::min(best, segmentDistance(a.points[i], a.points[i + 1], p));
  if (a.kind == AnnotationKind::Outline && a.points.size() >= 3)
    best = std::min(best, segmentDistance(a.points.back(), a.points.front(), p));
  return best;
}

}  // namespace fv::fluoro
