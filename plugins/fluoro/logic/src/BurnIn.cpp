#include "fv/fluoro/BurnIn.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "fv/fluoro/Canvas.h"
#include "fv/fluoro/Style.h"

namespace fv::fluoro {
namespace {

// One drawing pass: halo (dark, wider) or colour.
struct Pen {
  bool halo;
  double scale;
  Rgb colour(AnnotationKind k) const { return halo ? kHalo : colourOf(k); }
  double width() const { return kStroke * scale + (halo ? 2.0 : 0.0); }
};

Point along(const Point& from, const Point& to, double distance) {
  const double len = std::hypot(to.x - from.x, to.y - from.y);
  if (len <= 0) return from;
  return {from.x + (to.x - from.x) * distance / len, from.y + (to.y - from.y) * distance / len};
}

void arrowHead(Canvas& c, const Point& tail, const Point& head, Rgb colour, double length,
               double width) {
  const double angle = std::atan2(head.y - tail.y, head.x - tail.x);
  for (double side : {-0.45, 0.45}) {
    const Point wing{head.x - length * std::cos(angle + side),
                     head.y - length * std::sin(angle + side)};
    c.line(head, wing, colour, width);
  }
}

void drawTextBox(Canvas& c, int x, int y, const std::string& text, Rgb colour, int scale) {
  const int pad = scale;
  c.fillRect(x - pad, y - pad, Canvas::textWidth(text, scale) + 2 * pad,
             Canvas::textHeight(scale) + 2 * pad, kHalo);
  c.text(x, y, text, colour, scale);
}

void drawShape(Canvas& c, const Annotation& a, const std::optional<Point>& target, const Pen& pen) {
  const double s = pen.scale, w = pen.width();
  const Rgb col = pen.colour(a.kind);
  const auto& p = a.points;
  switch (a.kind) {
    case AnnotationKind::NeedleTip:
      c.circle(p[0], kTipRadius * s, col, w);
      c.disc(p[0], kTipDotRadius * s + (pen.halo ? 1.0 : 0.0), col);
      break;
    case AnnotationKind::Target: {
      c.circle(p[0], kTargetRadius * s, col, w);
      const double arm = kTargetRadius * 1.5 * s;
      c.line({p[0].x - arm, p[0].y}, {p[0].x + arm, p[0].y}, col, pen.halo ? 3.0 : 1.0);
      c.line({p[0].x, p[0].y - arm}, {p[0].x, p[0].y + arm}, col, pen.halo ? 3.0 : 1.0);
      break;
    }
    case AnnotationKind::Trajectory:
      c.line(p[0], p[1], col, w);
      c.circle(p[0], 3 * s, col, w);
      if (target) c.line(p[1], *target, col, std::max(1.0, w - 1), kDash * s);
      break;
    case AnnotationKind::ReferenceLine:
      c.line(p[0], p[1], col, w, kDash * s / 2);
      break;
    case AnnotationKind::Arrow:
      c.line(p[0], p[1], col, w);
      arrowHead(c, p[0], p[1], col, kArrowHead * s, w);
      break;
    case AnnotationKind::Outline:
      c.polyline(p, true, col, w);
      break;
    case AnnotationKind::Calibration: {
      c.line(p[0], p[1], col, w);
      // End ticks perpendicular to the line.
      const double len = std::hypot(p[1].x - p[0].x, p[1].y - p[0].y);
      if (len > 0) {
        const double nx = -(p[1].y - p[0].y) / len * 5 * s, ny = (p[1].x - p[0].x) / len * 5 * s;
        for (const auto& e : p) c.line({e.x - nx, e.y - ny}, {e.x + nx, e.y + ny}, col, w);
      }
      break;
    }
    case AnnotationKind::Label:
      break;  // text only (drawn with the texts)
  }
}

// The top of header line `line` (its text box starts `scale` pixels higher).
int headerLineTop(int scale, int line) {
  return 4 * scale + line * (Canvas::textHeight(scale) + 3 * scale);
}

}  // namespace

fv::dicom::Redaction headerLineBand(uint32_t rows, uint32_t columns, int line) {
  const int scale = burnInScale(rows, columns);
  fv::dicom::Redaction r;
  r.y = std::max(0, headerLineTop(scale, line) - scale);
  r.x = 0;
  r.width = static_cast<int>(columns);
  r.height = std::min(Canvas::textHeight(scale) + 2 * scale, static_cast<int>(rows) - r.y);
  return r;
}

void burnIn(fv::dicom::Image8& rgb, const std::vector<Annotation>& annotations,
            const FrameMeasurements& measurements, const BurnInOptions& options) {
  Canvas c(rgb);
  const int scale = options.scale > 0 ? options.scale : burnInScale(rgb.rows, rgb.columns);
  std::optional<Point> target = measurements.target;
  for (bool halo : {true, false}) {
    const Pen pen{halo, static_cast<double>(scale)};
    for (const auto& a : annotations)
      if (a.valid()) drawShape(c, a, target, pen);
  }
  // Texts: labels at their anchor, calibration lengths at the line's middle.
  for (const auto& a : annotations) {
    if (!a.valid()) continue;
    if (a.kind == AnnotationKind::Label) {
      drawTextBox(c, static_cast<int>(std::lround(a.points[0].x)) + 4 * scale,
                  static_cast<int>(std::lround(a.points[0].y)) - Canvas::textHeight(scale) / 2,
                  a.text, colourOf(a.kind), scale);
    } else if (a.kind == AnnotationKind::Calibration) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.1f mm (calibration)", a.lengthMm);
      const Point mid =
          along(a.points[0], a.points[1],
                std::hypot(a.points[1].x - a.points[0].x, a.points[1].y - a.points[0].y) / 2);
      drawTextBox(c, static_cast<int>(mid.x) + 6 * scale, static_cast<int>(mid.y) + 6 * scale, buf,
                  colourOf(a.kind), scale);
    }
  }
  const int lineHeight = Canvas::textHeight(scale) + 3 * scale;
  for (size_t i = 0; i < options.headerLines.size(); ++i)
    drawTextBox(c, 4 * scale, headerLineTop(scale, int(i)), options.headerLines[i],
                {255, 255, 255}, scale);
  if (options.measurements) {
    const auto lines = measurements.describe();
    int yb = c.height() - 4 * scale - static_cast<int>(lines.size()) * lineHeight;
    for (const auto& line : lines) {
      drawTextBox(c, 4 * scale, yb, line, {255, 255, 0}, scale);
      yb += lineHeight;
    }
  }
}

}  // namespace fv::fluoro
