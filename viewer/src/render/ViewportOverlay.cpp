#include "ViewportOverlay.h"

#include <cmath>

#include <QPainter>
#include <QPainterPath>

#include "fv/dicom/Geometry.h"
#include "fv/dicom/Overlay.h"
#include "fv/dicom/PersonName.h"
#include "fv/dicom/Positioner.h"
#include "fv/viewer/ImageViewport.h"

namespace fv::viewer {

using namespace fv::dicom;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// "Doe^Jane^Marie^^" → "Doe, Jane Marie"; "Buc^Jérôme" → "Buc, Jérôme" (the index gives UTF-8).
QString personName(const std::string& pn) {
  return qs(formatPersonName(pn));
}

QString dicomDate(const std::string& d) {
  if (d.size() != 8) return qs(d);
  return qs(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2));
}

void drawLines(QPainter& p, const QRect& r, Qt::Alignment align, const QStringList& lines) {
  const QFontMetrics fm = p.fontMetrics();
  const int lh = fm.height();
  const bool bottom = align & Qt::AlignBottom;
  int y = bottom ? r.bottom() - lh * int(lines.size()) - 4 : r.top() + 4;
  for (const QString& line : lines) {
    if (line.isEmpty()) {
      y += lh;
      continue;
    }
    const int w = fm.horizontalAdvance(line);
    const int x = (align & Qt::AlignRight) ? r.right() - w - 6 : r.left() + 6;
    p.setPen(QColor(0, 0, 0, 200));
    p.drawText(x + 1, y + fm.ascent() + 1, line);  // shadow keeps text readable on bright images
    p.setPen(QColor(255, 240, 170));
    p.drawText(x, y + fm.ascent(), line);
    y += lh;
  }
}

}  // namespace

QString ViewportOverlay::overlayGlyphs() {
  static const QString all = [] {
    QString s;
    for (char c = 32; c < 127; ++c) s += QChar(c);
    return s + QString::fromUtf8("°×…µ");
  }();
  return all;
}

QFont ViewportOverlay::overlayFont() {
  QFont f;
  f.setPointSizeF(9.0);  // one size everywhere: its glyphs are rasterised once (see warmUpFonts)
  return f;
}

void ViewportOverlay::warmUpFonts() {
  // The first text drawn in a font costs tens of milliseconds (font loading, glyph rasterising);
  // pay it at start-up, not when the first image of a series appears.
  QImage scratch(64, 64, QImage::Format_ARGB32_Premultiplied);
  QPainter p(&scratch);
  p.setFont(overlayFont());
  p.drawText(0, 20, overlayGlyphs());
}

void ViewportOverlay::paintEmpty(QPainter& p, const QRect& rect, bool active) {
  // Exercise every kind of drawing the overlays use once, so that the OpenGL paint engine
  // compiles its shaders now (an empty viewport) and not when the first image is shown.
  static const QImage dot = [] {
    QImage i(2, 2, QImage::Format_ARGB32_Premultiplied);
    i.fill(Qt::white);
    return i;
  }();
  p.save();
  p.setPen(QPen(Qt::white, 2, Qt::DashLine));
  p.drawLine(2, 2, 12, 12);
  QPainterPath path;
  path.addEllipse(QPointF(6, 6), 4, 4);
  p.fillPath(path, Qt::gray);
  p.setTransform(QTransform::fromScale(1.5, 1.5), true);
  p.drawImage(QPointF(1, 1), dot);
  p.restore();
  // Every glyph the corner text can use, into this context's glyph cache (36 ms on llvmpipe
  // when it happened on the first image); the black fill below hides it.
  p.setFont(overlayFont());
  p.setPen(Qt::white);
  for (int k = 0; k < 4; ++k) p.drawText(QPointF(2 + 0.25 * k, 20 + 12 * k), overlayGlyphs());  // subpixel variants
  p.setPen(QPen(Qt::white, 2));
  p.drawLine(2, 30, 40, 30);
  p.fillRect(rect, Qt::black);
  p.setFont(overlayFont());
  p.setPen(QColor(140, 140, 140));
  p.drawText(rect, Qt::AlignCenter, "Drop a series here");
  p.setPen(active ? QColor(255, 200, 0) : QColor(60, 60, 60));
  p.drawRect(rect.adjusted(0, 0, -1, -1));
}

QImage ViewportOverlay::overlayBitmap(const InstanceInfo& info, uint32_t frame) {
  QImage img;
  for (const auto& plane : info.overlays) {
    const Mask m = overlayMask(plane, frame, info.pixels.rows, info.pixels.columns);
    if (m.empty()) continue;
    if (img.isNull()) {
      img = QImage(int(m.columns), int(m.rows), QImage::Format_ARGB32_Premultiplied);
      img.fill(Qt::transparent);
    }
    for (uint32_t r = 0; r < m.rows; ++r) {
      auto* line = reinterpret_cast<QRgb*>(img.scanLine(int(r)));
      for (uint32_t c = 0; c < m.columns; ++c)
        if (m.bits[size_t(r) * m.columns + c]) line[c] = qRgba(255, 255, 255, 255);
    }
  }
  return img;
}

void ViewportOverlay::paintShutters(QPainter& p) const {
  if (!m_info || !m_info->shutter.any()) return;
  const ShutterSpec& s = m_info->shutter;
  // Visible area in image coordinates (1-based DICOM values → 0-based pixel centres).
  QPainterPath visible;
  visible.addRect(QRectF(-0.5, -0.5, m_info->pixels.columns, m_info->pixels.rows));
  if (s.rectangular) {
    QPainterPath r;
    r.addRect(QRectF(QPointF(s.left - 1.5, s.upper - 1.5), QPointF(s.right - 0.5, s.lower - 0.5)));
    visible = visible.intersected(r);
  }
  if (s.circular) {
    QPainterPath c;
    c.addEllipse(QPointF(s.centerColumn - 1, s.centerRow - 1), s.radius, s.radius);
    visible = visible.intersected(c);
  }
  if (s.polygonal && s.polygon.size() >= 3) {
    QPolygonF poly;
    for (const auto& [row, col] : s.polygon) poly << QPointF(col - 1, row - 1);
    QPainterPath g;
    g.addPolygon(poly);
    g.closeSubpath();
    visible = visible.intersected(g);
  }
  QPainterPath covered;
  covered.addRect(QRectF(m_view.rect()).adjusted(-2, -2, 2, 2));
  covered = covered.subtracted(m_view.viewGeometry().imageToWidget().map(visible));
  const int grey = s.presentationValue ? int(*s.presentationValue >> 8) : 0;  // P-value, PS3.3 C.7.6.11.1.1
  p.fillPath(covered, QColor(grey, grey, grey));
}

void ViewportOverlay::paintOverlayBitmap(QPainter& p, const QImage& bitmap) const {
  if (bitmap.isNull()) return;
  p.save();
  // Pixel (c, r) covers [c-0.5, c+0.5]: shift by half a pixel so bitmap cells sit on pixels.
  QTransform t = QTransform::fromTranslate(-0.5, -0.5) * m_view.viewGeometry().imageToWidget();
  p.setTransform(t, true);
  p.drawImage(QPointF(0, 0), bitmap);
  p.restore();
}

void ViewportOverlay::paintText(QPainter& p, bool patientDetails, const QString& status, const QString& label) const {
  if (!m_info) return;
  p.setFont(overlayFont());
  const QRect r = m_view.rect();
  QStringList tl, tr, bl, br;
  if (patientDetails) {
    tl << personName(m_info->patient.name) << qs(m_info->patient.id);
    if (!m_info->patient.birthDate.empty() || !m_info->patient.sex.empty())
      tl << QString("%1 %2").arg(dicomDate(m_info->patient.birthDate), qs(m_info->patient.sex)).trimmed();
  } else {
    tl << "(patient details hidden)";
  }
  tr << dicomDate(m_info->study.date) << qs(m_info->study.description);
  tr << QString("%1 %2 %3")
            .arg(qs(m_info->series.modality))
            .arg(m_info->series.number ? QString::number(*m_info->series.number) : QString())
            .arg(qs(m_info->series.description))
            .simplified();
  if (!label.isEmpty()) tr << label;
  const int n = m_view.frameCount();
  if (n > 0 && label.isEmpty()) {
    const bool volume = m_view.series() && m_view.series()->stacks[size_t(m_view.stackIndex())].kind == StackKind::Volume;
    bl << QString("%1 %2 / %3").arg(volume ? "Slice" : "Frame").arg(m_view.frameIndex() + 1).arg(n);
  }
  const Window w = m_view.window();
  bl << QString("W %1  L %2%3").arg(w.width, 0, 'f', 0).arg(w.center, 0, 'f', 0).arg(m_view.inverted() ? "  inv" : "");
  bl << QString("Zoom %1%").arg(m_view.viewGeometry().zoom() * 100.0, 0, 'f', 0);
  if (!status.isEmpty()) bl << status;
  const Calibration cal = m_view.calibration();
  if (cal.calibrated())
    br << QString("%1 mm/px (%2)").arg(*cal.columnMm, 0, 'f', 3).arg(toString(cal.source));
  else
    br << "uncalibrated (pixels)";
  if (m_info->positioner) br << qs(positionerText(*m_info->positioner));
  drawLines(p, r, Qt::AlignTop | Qt::AlignLeft, tl);
  drawLines(p, r, Qt::AlignTop | Qt::AlignRight, tr);
  drawLines(p, r, Qt::AlignBottom | Qt::AlignLeft, bl);
  drawLines(p, r, Qt::AlignBottom | Qt::AlignRight, br);
  paintScaleBar(p, int(br.size()));
  paintOrientation(p);
}

void ViewportOverlay::paintScaleBar(QPainter& p, int linesBelow) const {
  const Calibration cal = m_view.calibration();
  if (!cal.calibrated()) return;
  // Screen pixels per mm along the screen's horizontal axis.
  const ViewGeometry& g = m_view.viewGeometry();
  const QPointF a = g.toImage(QPointF(0, 0)), b = g.toImage(QPointF(100, 0));
  const double mmPer100px = std::hypot((b.x() - a.x()) * *cal.columnMm, (b.y() - a.y()) * *cal.rowMm);
  if (mmPer100px <= 0) return;
  const double pxPerMm = 100.0 / mmPer100px;
  const double target = m_view.width() / 5.0 / pxPerMm;  // about a fifth of the width
  double length = 1;
  for (double nice : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0})
    if (nice <= target) length = nice;
  const double px = length * pxPerMm;
  const QFontMetrics fm = p.fontMetrics();
  const int y = m_view.height() - fm.height() * linesBelow - 10;  // just above the bottom-right text
  const int x1 = m_view.width() - 8, x0 = int(x1 - px);
  p.setPen(QPen(QColor(255, 240, 170), 2));
  p.drawLine(x0, y, x1, y);
  for (int k = 0; k <= 2; ++k) {
    const int x = int(x0 + k * px / 2);
    p.drawLine(x, y, x, y - (k == 1 ? 3 : 6));
  }
  const QString text = QString("%1 mm").arg(length, 0, 'f', 0);
  p.drawText(x0 - fm.horizontalAdvance(text) - 6, y + fm.ascent() / 2, text);
}

void ViewportOverlay::paintOrientation(QPainter& p) const {
  const FramePlane& plane = m_info->planeOf(0);
  if (!plane.orientation) return;
  // The patient direction that points to the screen's right and down, after rotation/flips.
  const ViewGeometry& g = m_view.viewGeometry();
  const QPointF o = g.toImage(QPointF(0, 0));
  const QPointF right = g.toImage(QPointF(1, 0)) - o, down = g.toImage(QPointF(0, 1)) - o;
  const Vec3& row = plane.orientation->row;  // increasing column
  const Vec3& col = plane.orientation->column;  // increasing row
  const Vec3 r = row * right.x() + col * right.y();
  const Vec3 d = row * down.x() + col * down.y();
  const std::string rightLabel = orientationLabel(r.normalized()), downLabel = orientationLabel(d.normalized());
  const QRect rect = m_view.rect();
  const QFontMetrics fm = p.fontMetrics();
  auto draw = [&](const QString& t, QPointF at) {
    p.setPen(QColor(0, 0, 0, 200));
    p.drawText(at + QPointF(1, 1), t);
    p.setPen(QColor(120, 220, 255));
    p.drawText(at, t);
  };
  const int cy = rect.center().y() + fm.ascent() / 2, cx = rect.center().x();
  draw(qs(rightLabel), QPointF(rect.right() - fm.horizontalAdvance(qs(rightLabel)) - 6, cy));
  draw(qs(oppositeOrientationLabel(rightLabel)), QPointF(rect.left() + 6, cy));
  draw(qs(oppositeOrientationLabel(downLabel)), QPointF(cx - fm.horizontalAdvance(qs(downLabel)) / 2, rect.top() + fm.height() * 4));
  draw(qs(downLabel), QPointF(cx - fm.horizontalAdvance(qs(downLabel)) / 2, rect.bottom() - fm.height() * 4));
}

void ViewportOverlay::paintFrame(QPainter& p, bool active) const {
  p.setPen(active ? QPen(QColor(255, 200, 0), 2) : QPen(QColor(60, 60, 60), 1));
  p.setBrush(Qt::NoBrush);
  p.drawRect(m_view.rect().adjusted(0, 0, -1, -1));
}

}  // namespace fv::viewer
