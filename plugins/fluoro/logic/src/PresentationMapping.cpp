#include "fv/fluoro/PresentationMapping.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "fv/fluoro/Style.h"

namespace fv::fluoro {
namespace {

using fv::dicom::GraphicShape;
using fv::dicom::GraphicText;
using fv::dicom::ImagePoint;

ImagePoint toImage(const Point& p) {
  return {p.x, p.y};
}
Point fromImage(const ImagePoint& p) {
  return {p.x, p.y};
}

GraphicShape shape(GraphicShape::Type type, std::vector<ImagePoint> points, const char* layer) {
  GraphicShape s;
  s.type = type;
  s.points = std::move(points);
  s.layer = layer;
  return s;
}

GraphicText text(std::string value, const Point& anchor, const char* layer, bool anchorVisible) {
  GraphicText t;
  t.text = std::move(value);
  t.anchor = toImage(anchor);
  t.layer = layer;
  t.anchorVisible = anchorVisible;
  return t;
}

std::string calibrationText(double mm) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "Calibration %.3f mm", mm);
  return buf;
}

}  // namespace

const char* layerOf(AnnotationKind kind) {
  switch (kind) {
    case AnnotationKind::NeedleTip:
      return "NEEDLE_TIP";
    case AnnotationKind::Target:
      return "TARGET";
    case AnnotationKind::Trajectory:
      return "TRAJECTORY";
    case AnnotationKind::ReferenceLine:
      return "REFERENCE_LINE";
    case AnnotationKind::Arrow:
      return "ARROW";
    case AnnotationKind::Label:
      return "LABEL";
    case AnnotationKind::Outline:
      return "OUTLINE";
    case AnnotationKind::Calibration:
      return "CALIBRATION";
  }
  return "ANNOTATIONS";
}

fv::dicom::PresentationContent toPresentation(const std::vector<Annotation>& annotations,
                                              const FrameMeasurements& measurements,
                                              uint32_t rows) {
  fv::dicom::PresentationContent c;
  using T = GraphicShape::Type;
  for (const auto& a : annotations) {
    if (!a.valid()) continue;
    const char* layer = layerOf(a.kind);
    const auto& p = a.points;
    switch (a.kind) {
      case AnnotationKind::NeedleTip:
        c.shapes.push_back(shape(T::Circle, {toImage(p[0]), {p[0].x + kTipRadius, p[0].y}}, layer));
        break;
      case AnnotationKind::Target:
        c.shapes.push_back(
            shape(T::Circle, {toImage(p[0]), {p[0].x + kTargetRadius, p[0].y}}, layer));
        break;
      case AnnotationKind::Trajectory:
        c.shapes.push_back(shape(T::Polyline, {toImage(p[0]), toImage(p[1])}, layer));
        if (measurements.target)
          c.shapes.push_back(
              shape(T::Polyline, {toImage(p[1]), toImage(*measurements.target)}, kDecorationLayer));
        break;
      case AnnotationKind::ReferenceLine:
        c.shapes.push_back(shape(T::Polyline, {toImage(p[0]), toImage(p[1])}, layer));
        break;
      case AnnotationKind::Arrow: {
        c.shapes.push_back(shape(T::Polyline, {toImage(p[0]), toImage(p[1])}, layer));
        const double angle = std::atan2(p[1].y - p[0].y, p[1].x - p[0].x);
        auto wing = [&](double side) {
          return ImagePoint{p[1].x - kArrowHead * std::cos(angle + side),
                            p[1].y - kArrowHead * std::sin(angle + side)};
        };
        c.shapes.push_back(
            shape(T::Polyline, {wing(-0.45), toImage(p[1]), wing(0.45)}, kDecorationLayer));
        break;
      }
      case AnnotationKind::Outline: {
        std::vector<ImagePoint> pts;
        for (const auto& q : p) pts.push_back(toImage(q));
        pts.push_back(toImage(p.front()));  // closed polyline: last point = first (C.10.5.1.2)
        c.shapes.push_back(shape(T::Polyline, std::move(pts), layer));
        break;
      }
      case AnnotationKind::Label:
        c.texts.push_back(text(a.text, p[0], layer, true));
        break;
      case AnnotationKind::Calibration:
        c.shapes.push_back(shape(T::Polyline, {toImage(p[0]), toImage(p[1])}, layer));
        c.texts.push_back(text(calibrationText(a.lengthMm),
                               {(p[0].x + p[1].x) / 2, (p[0].y + p[1].y) / 2}, layer, false));
        break;
    }
  }
  // Measurement lines at the bottom-left, one text per line.
  const auto lines = measurements.describe();
  double y = static_cast<double>(rows) - 12.0 - 20.0 * static_cast<double>(lines.size());
  for (const auto& line : lines) {
    c.texts.push_back(text(line, {8.0, std::max(8.0, y)}, kMeasurementLayer, false));
    y += 20.0;
  }
  return c;
}

std::vector<Annotation> fromPresentation(const fv::dicom::PresentationContent& content) {
  std::vector<Annotation> out;
  std::vector<size_t> calibrationLines;
  for (const auto& s : content.shapes) {
    if (s.layer == kDecorationLayer || s.points.empty()) continue;
    Annotation a;
    const auto kind = [&]() -> std::optional<AnnotationKind> {
      for (auto k : {AnnotationKind::NeedleTip, AnnotationKind::Target, AnnotationKind::Trajectory,
                     AnnotationKind::ReferenceLine, AnnotationKind::Arrow, AnnotationKind::Outline,
                     AnnotationKind::Calibration})
        if (s.layer == layerOf(k)) return k;
      return std::nullopt;
    }();
    if (kind == AnnotationKind::NeedleTip || kind == AnnotationKind::Target) {
      a.kind = *kind;
      a.points = {fromImage(s.points[0])};
    } else if (kind && *kind != AnnotationKind::Outline && s.points.size() == 2) {
      a.kind = *kind;
      a.points = {fromImage(s.points[0]), fromImage(s.points[1])};
    } else if (s.points.size() >= 3 || kind == AnnotationKind::Outline) {
      // Foreign polylines (other viewers' graphics) come back as outlines.
      a.kind = AnnotationKind::Outline;
      for (const auto& q : s.points) a.points.push_back(fromImage(q));
      if (a.points.size() > 3 && a.points.front() == a.points.back()) a.points.pop_back();
    } else if (s.points.size() == 2) {
      a.kind = AnnotationKind::Arrow;
      a.points = {fromImage(s.points[0]), fromImage(s.points[1])};
    } else {
      continue;
    }
    if (a.kind == AnnotationKind::Calibration) calibrationLines.push_back(out.size());
    out.push_back(std::move(a));
  }
  size_t nextCalibration = 0;
  for (const auto& t : content.texts) {
    if (t.layer == kMeasurementLayer) continue;
    double mm = 0;
    if (t.layer == layerOf(AnnotationKind::Calibration)) {
      if (std::sscanf(t.text.c_str(), "Calibration %lf mm", &mm) == 1 &&
          nextCalibration < calibrationLines.size())
        out[calibrationLines[nextCalibration++]].lengthMm = mm;
      continue;
    }
    Annotation a;
    a.kind = AnnotationKind::Label;
    a.points = {fromImage(t.anchor)};
    a.text = t.text;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace fv::fluoro
