#include "fv/fluoro/BurnIn.h"

#include <algorithm>

#include "fv/fluoro/AnnotationShapes.h"
#include "fv/fluoro/Canvas.h"
#include "fv/fluoro/Style.h"

namespace fv::fluoro {
namespace {

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
  std::vector<Annotation> valid;
  for (const auto& a : annotations)
    if (a.valid()) valid.push_back(a);
  ShapeOptions shapes;
  shapes.scale = scale;
  shapes.target = measurements.target;
  if (options.captions) shapes.captions = &measurements;
  std::vector<Shape> out = annotationShapes(valid, shapes);
  const int lineHeight = Canvas::textHeight(scale) + 3 * scale;
  for (size_t i = 0; i < options.headerLines.size(); ++i)
    out.push_back(textBox(4 * scale, headerLineTop(scale, int(i)), options.headerLines[i],
                          {255, 255, 255}, scale));
  if (options.measurements) {
    const auto lines = measurements.describe();
    int yb = c.height() - 4 * scale - static_cast<int>(lines.size()) * lineHeight;
    for (const auto& line : lines) {
      out.push_back(textBox(4 * scale, yb, line, {255, 255, 0}, scale));
      yb += lineHeight;
    }
  }
  drawShapes(c, out);
}

}  // namespace fv::fluoro
