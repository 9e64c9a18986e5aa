#include "fv/fluoro/AnnotationShapes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace fv::fluoro {
namespace {

constexpr Rgb kWhite{255, 255, 255};
constexpr Rgb kCaptionDistance{255, 255, 0};
constexpr Rgb kCaptionAngle{0, 255, 255};

// One stroke pass: the dark halo (wider) or the kind's colour.
struct Pen {
  bool halo;
  double scale;
  bool selected;
  Rgb colour(AnnotationKind k) const { return halo ? kHalo : colourOf(k); }
  double width() const { return (kStroke + (selected ? 1.0 : 0.0)) * scale + (halo ? 2.0 : 0.0); }
};

Point offset(const Point& p, double dx, double dy) {
  return {p.x + dx, p.y + dy};
}

Point midpoint(const Point& a, const Point& b) {
  return {(a.x + b.x) / 2, (a.y + b.y) / 2};
}

// How many points a kind needs before it has a shape (an outline being drawn shows from two).
size_t drawablePoints(AnnotationKind kind) {
  return kind == AnnotationKind::Outline ? 2 : requiredPoints(kind);
}

// The strokes of one annotation (points already mapped to the output) with `pen`.
void strokes(std::vector<Shape>& out, AnnotationKind kind, const std::vector<Point>& p,
             const std::optional<Point>& target, const Pen& pen) {
  const double s = pen.scale, w = pen.width();
  const Rgb col = pen.colour(kind);
  switch (kind) {
    case AnnotationKind::NeedleTip:
      out.push_back(CircleShape{p[0], kTipRadius * s, w, col});
      out.push_back(DiscShape{p[0], kTipDotRadius * s + (pen.halo ? 1.0 : 0.0), col});
      break;
    case AnnotationKind::Target: {
      out.push_back(CircleShape{p[0], kTargetRadius * s, w, col});
      const double arm = kTargetRadius * 1.5 * s, cross = pen.halo ? 3.0 : 1.0;
      out.push_back(LineShape{offset(p[0], -arm, 0), offset(p[0], arm, 0), cross, 0, col});
      out.push_back(LineShape{offset(p[0], 0, -arm), offset(p[0], 0, arm), cross, 0, col});
      break;
    }
    case AnnotationKind::Trajectory:
      out.push_back(LineShape{p[0], p[1], w, 0, col});
      out.push_back(CircleShape{p[0], 3 * s, w, col});
      if (target) out.push_back(LineShape{p[1], *target, std::max(1.0, w - 1), kDash * s, col});
      break;
    case AnnotationKind::ReferenceLine:
      out.push_back(LineShape{p[0], p[1], w, kDash * s / 2, col});
      break;
    case AnnotationKind::Arrow: {
      out.push_back(LineShape{p[0], p[1], w, 0, col});
      const double angle = std::atan2(p[1].y - p[0].y, p[1].x - p[0].x);
      for (double side : {-0.45, 0.45}) {
        const Point wing{p[1].x - kArrowHead * s * std::cos(angle + side),
                         p[1].y - kArrowHead * s * std::sin(angle + side)};
        out.push_back(LineShape{p[1], wing, w, 0, col});
      }
      break;
    }
    case AnnotationKind::Outline:
      out.push_back(PolylineShape{p, p.size() >= 3, w, col});
      break;
    case AnnotationKind::Calibration: {
      out.push_back(LineShape{p[0], p[1], w, 0, col});
      // End ticks perpendicular to the line.
      const double len = std::hypot(p[1].x - p[0].x, p[1].y - p[0].y);
      if (len > 0) {
        const double nx = -(p[1].y - p[0].y) / len * 5 * s, ny = (p[1].x - p[0].x) / len * 5 * s;
        for (const auto& e : p)
          out.push_back(LineShape{offset(e, -nx, -ny), offset(e, nx, ny), w, 0, col});
      }
      break;
    }
    case AnnotationKind::Label:
      break;  // text only
  }
}

// The text of one annotation, if its kind has one: labels at their anchor, calibration lengths
// beside the line's middle.
void texts(std::vector<Shape>& out, const Annotation& a, const std::vector<Point>& p, int s) {
  if (a.kind == AnnotationKind::Label) {
    out.push_back(TextShape{offset(p[0], 4 * s, -(Canvas::textHeight(s) / 2)),
                            a.text.empty() ? "?" : a.text, s, colourOf(a.kind)});
  } else if (a.kind == AnnotationKind::Calibration && a.lengthMm > 0) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f mm (calibration)", a.lengthMm);
    out.push_back(TextShape{offset(midpoint(p[0], p[1]), 6 * s, 6 * s), buf, s, colourOf(a.kind)});
  }
}

// Tip-to-target distance beside the middle of the two, trajectory angle beside the tip.
void captions(std::vector<Shape>& out, const FrameMeasurements& m, const PointMap& map, int s) {
  if (m.tip && m.target && m.tipToTarget)
    out.push_back(
        TextShape{offset(midpoint(map(*m.tip), map(*m.target)), 8 * s, -4 * s),
                  m.tipToTarget->toString() + " (" + fv::dicom::toString(m.calibrationSource) + ")",
                  s, kCaptionDistance});
  if (m.trajectoryAngleDeg && m.tip) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f\u00B0 to %s", *m.trajectoryAngleDeg,
                  m.angleReference == "vertical" ? "vertical" : "reference");
    out.push_back(TextShape{offset(map(*m.tip), 10 * s, 10 * s), buf, s, kCaptionAngle});
  }
}

// A small white square around each point of the selected annotation.
void handles(std::vector<Shape>& out, const std::vector<Point>& p, int s) {
  const double h = 3.0 * s;
  for (const auto& q : p)
    out.push_back(PolylineShape{
        {offset(q, -h, -h), offset(q, h, -h), offset(q, h, h), offset(q, -h, h)}, true, 1, kWhite});
}

int pixelIndex(double centre) {
  return static_cast<int>(std::floor(centre + 0.5));
}

}  // namespace

std::vector<Shape> annotationShapes(const std::vector<Annotation>& annotations,
                                    const ShapeOptions& options) {
  const int s = std::max(1, options.scale);
  const PointMap map = options.map ? options.map : [](const Point& p) { return p; };
  struct Mapped {
    const Annotation* annotation;
    std::vector<Point> points;
  };
  std::vector<Mapped> drawn;
  for (const auto& a : annotations) {
    if (a.points.size() < drawablePoints(a.kind)) continue;
    Mapped m{&a, {}};
    for (const auto& p : a.points) m.points.push_back(map(p));
    drawn.push_back(std::move(m));
  }
  const std::optional<Point> target =
      options.target ? std::optional<Point>(map(*options.target)) : std::nullopt;

  std::vector<Shape> out;
  for (bool halo : {true, false})
    for (const auto& m : drawn) {
      const bool selected = options.selected && m.annotation->id == options.selected;
      strokes(out, m.annotation->kind, m.points, target, Pen{halo, double(s), selected});
    }
  for (const auto& m : drawn) texts(out, *m.annotation, m.points, s);
  if (options.captions) captions(out, *options.captions, map, s);
  for (const auto& m : drawn)
    if (options.selected && m.annotation->id == options.selected) handles(out, m.points, s);
  return out;
}

TextShape textBox(int x, int y, std::string text, Rgb colour, int scale) {
  return TextShape{{double(x), double(y)}, std::move(text), scale, colour};
}

fv::dicom::Image8 renderTextBox(const TextShape& t) {
  const int s = std::max(1, t.scale);
  fv::dicom::Image8 img;
  img.columns = static_cast<uint32_t>(Canvas::textWidth(t.text, s) + 2 * s);
  img.rows = static_cast<uint32_t>(Canvas::textHeight(s) + 2 * s);
  img.channels = 3;
  img.pixels.resize(size_t(img.rows) * img.columns * 3);
  Canvas c(img);
  c.fillRect(0, 0, c.width(), c.height(), t.background);
  c.text(s, s, t.text, t.colour, s);
  return img;
}

void drawShapes(Canvas& c, const std::vector<Shape>& shapes) {
  struct Draw {
    Canvas& c;
    void operator()(const DiscShape& d) const { c.disc(d.centre, d.radius, d.colour); }
    void operator()(const LineShape& l) const {
      c.line(l.from, l.to, l.colour, l.thickness, l.dash);
    }
    void operator()(const CircleShape& k) const {
      c.circle(k.centre, k.radius, k.colour, k.thickness);
    }
    void operator()(const PolylineShape& p) const {
      c.polyline(p.points, p.closed, p.colour, p.thickness);
    }
    void operator()(const TextShape& t) const {
      const int s = std::max(1, t.scale);
      const int x = pixelIndex(t.topLeft.x), y = pixelIndex(t.topLeft.y);
      c.fillRect(x - s, y - s, Canvas::textWidth(t.text, s) + 2 * s, Canvas::textHeight(s) + 2 * s,
                 t.background);
      c.text(x, y, t.text, t.colour, s);
    }
  };
  for (const auto& shape : shapes) std::visit(Draw{c}, shape);
}

}  // namespace fv::fluoro
