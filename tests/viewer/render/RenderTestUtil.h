// Helpers for rendering tests: wait for paints, grab pixels, compare images.
#pragma once

#include <cmath>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QTest>

#include "fv/dicom/Display.h"
#include "fv/viewer/ImageViewport.h"

namespace fv::test {

/// Processes events until `done()` or the timeout.
template <class F>
bool waitFor(F done, int ms = 5000) {
  QElapsedTimer t;
  t.start();
  while (!done() && t.elapsed() < ms) QTest::qWait(5);
  return done();
}

/// Grabs what the viewport shows (VTK image + overlays) as 8-bit grey levels.
inline QImage grabGrey(fv::viewer::ImageViewport& v) {
  return v.grabFramebuffer().convertToFormat(QImage::Format_Grayscale8);
}

/// Largest difference between a grabbed viewport (1:1, pixel c at widget c) and an 8-bit
/// rendering, over the image area minus a border of `margin` pixels.
inline int maxDifference(const QImage& shot, const fv::dicom::Image8& ref, int margin = 3) {
  int worst = 0;
  for (int r = margin; r < int(ref.rows) - margin && r < shot.height(); ++r) {
    const uchar* line = shot.constScanLine(r);
    for (int c = margin; c < int(ref.columns) - margin && c < shot.width(); ++c)
      worst = std::max(worst, std::abs(int(line[c]) - int(ref.pixels[size_t(r) * ref.columns + size_t(c)])));
  }
  return worst;
}

/// Mean grey level of an image.
inline double meanGrey(const QImage& g) {
  double s = 0;
  for (int r = 0; r < g.height(); ++r)
    for (int c = 0; c < g.width(); ++c) s += g.constScanLine(r)[c];
  return s / std::max(1, g.width() * g.height());
}

}  // namespace fv::test
