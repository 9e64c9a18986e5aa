#include "AnnotationPainter.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <cmath>

#include "fv/fluoro/Style.h"

namespace fv::fluoro::ui {
namespace {

QColor colour(AnnotationKind kind) {
  const Rgb c = colourOf(kind);
  return QColor(c.r, c.g, c.b);
}

QPointF w(fv::plugin::ViewportContext& v, const Point& p) {
  return v.imageToWidget(QPointF(p.x, p.y));
}

// Draws with a dark halo under the stroke, like the burned-in version.
void stroke(QPainter& painter, const QColor& c, qreal width, const std::function<void()>& draw,
            Qt::PenStyle style = Qt::SolidLine) {
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(QColor(0, 0, 0, 200), width + 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  draw();
  painter.setPen(QPen(c, width, style, Qt::RoundCap, Qt::RoundJoin));
  draw();
}

void textBox(QPainter& painter, const QPointF& topLeft, const QString& text, const QColor& c) {
  const QFontMetricsF fm(painter.font());
  const QRectF box(topLeft, QSizeF(fm.horizontalAdvance(text) + 6, fm.height() + 2));
  painter.fillRect(box, QColor(0, 0, 0, 170));
  painter.setPen(c);
  painter.drawText(box.adjusted(3, 1, -3, -1), Qt::AlignLeft | Qt::AlignVCenter, text);
}

}  // namespace

double widgetPixelsPerImagePixel(const fv::plugin::ViewportContext& viewport) {
  const QPointF a = viewport.imageToWidget({0, 0}), b = viewport.imageToWidget({1, 0});
  const double s = std::hypot(b.x() - a.x(), b.y() - a.y());
  return s > 0 ? s : 1.0;
}

void AnnotationPainter::paintAnnotation(fv::plugin::ViewportContext& v, QPainter& painter,
                                        const Annotation& a, bool selected,
                                        const std::optional<Point>& target) {
  if (a.points.empty()) return;
  const QColor c = colour(a.kind);
  const qreal width = selected ? 3.0 : 2.0;
  const auto& p = a.points;
  switch (a.kind) {
    case AnnotationKind::NeedleTip: {
      const QPointF q = w(v, p[0]);
      stroke(painter, c, width, [&] { painter.drawEllipse(q, 7.0, 7.0); });
      painter.setPen(Qt::NoPen);
      painter.setBrush(c);
      painter.drawEllipse(q, 1.8, 1.8);
      break;
    }
    case AnnotationKind::Target: {
      const QPointF q = w(v, p[0]);
      stroke(painter, c, width, [&] {
        painter.drawEllipse(q, 9.0, 9.0);
        painter.drawLine(q + QPointF(-14, 0), q + QPointF(14, 0));
        painter.drawLine(q + QPointF(0, -14), q + QPointF(0, 14));
      });
      break;
    }
    case AnnotationKind::Trajectory:
      if (p.size() < 2) break;
      stroke(painter, c, width, [&] {
        painter.drawLine(w(v, p[0]), w(v, p[1]));
        painter.drawEllipse(w(v, p[0]), 3.5, 3.5);
      });
      if (target)
        stroke(
            painter, c, 1.5, [&] { painter.drawLine(w(v, p[1]), w(v, *target)); }, Qt::DashLine);
      break;
    case AnnotationKind::ReferenceLine:
      if (p.size() < 2) break;
      stroke(
          painter, c, width, [&] { painter.drawLine(w(v, p[0]), w(v, p[1])); }, Qt::DashDotLine);
      break;
    case AnnotationKind::Arrow: {
      if (p.size() < 2) break;
      const QPointF t = w(v, p[0]), h = w(v, p[1]);
      const double angle = std::atan2(h.y() - t.y(), h.x() - t.x());
      stroke(painter, c, width, [&] {
        painter.drawLine(t, h);
        for (double side : {-0.45, 0.45})
          painter.drawLine(h,
                           h - QPointF(12 * std::cos(angle + side), 12 * std::sin(angle + side)));
      });
      break;
    }
    case AnnotationKind::Outline: {
      QPolygonF poly;
      for (const auto& q : p) poly << w(v, q);
      stroke(painter, c, width, [&] {
        if (p.size() >= 3)
          painter.drawPolygon(poly);
        else
          painter.drawPolyline(poly);
      });
      break;
    }
    case AnnotationKind::Label:
      textBox(painter, w(v, p[0]) + QPointF(4, -8),
              QString::fromStdString(a.text.empty() ? "?" : a.text), c);
      if (selected) stroke(painter, c, 1, [&] { painter.drawEllipse(w(v, p[0]), 3.0, 3.0); });
      break;
    case AnnotationKind::Calibration:
      if (p.size() < 2) break;
      stroke(painter, c, width, [&] { painter.drawLine(w(v, p[0]), w(v, p[1])); });
      if (a.lengthMm > 0)
        textBox(painter, (w(v, p[0]) + w(v, p[1])) / 2 + QPointF(6, 6),
                QString("%1 mm (calibration)").arg(a.lengthMm, 0, 'f', 1), c);
      break;
  }
  if (selected && a.kind != AnnotationKind::Label) {
    painter.setPen(QPen(Qt::white, 1));
    painter.setBrush(Qt::NoBrush);
    for (const auto& q : p) painter.drawRect(QRectF(w(v, q) - QPointF(3, 3), QSizeF(6, 6)));
  }
}

void AnnotationPainter::paint(fv::plugin::ViewportContext& viewport, QPainter& painter) const {
  const auto key = FluoroSession::frameOf(viewport);
  if (!key) return;
  painter.setRenderHint(QPainter::Antialiasing);
  const auto* info = FluoroSession::instanceOf(viewport);
  const auto& annotations = m_session.model().annotations(*key);
  if (!annotations.empty()) {
    const FrameMeasurements m = m_session.measurementsOf(*key, *info);
    for (const auto& a : annotations)
      paintAnnotation(viewport, painter, a, a.id == m_session.model().selected(), m.target);
    paintMeasurements(viewport, painter, m);
  }
  paintConfirmationMarks(viewport, painter, *key);
}

void AnnotationPainter::paintMeasurements(fv::plugin::ViewportContext& viewport, QPainter& painter,
                                          const FrameMeasurements& m) const {
  const QColor yellow(255, 255, 0);
  if (m.tip && m.target && m.tipToTarget) {
    const QPointF mid = (w(viewport, *m.tip) + w(viewport, *m.target)) / 2;
    textBox(painter, mid + QPointF(8, -4),
            QString::fromStdString(m.tipToTarget->toString()) + " (" +
                fv::dicom::toString(m.calibrationSource) + ")",
            yellow);
  }
  if (m.trajectoryAngleDeg && m.tip)
    textBox(painter, w(viewport, *m.tip) + QPointF(10, 10),
            QString("%1\u00B0 to %2")
                .arg(*m.trajectoryAngleDeg, 0, 'f', 1)
                .arg(m.angleReference == "vertical" ? "vertical" : "reference"),
            QColor(0, 255, 255));
}

void AnnotationPainter::paintConfirmationMarks(fv::plugin::ViewportContext& viewport,
                                               QPainter& painter, const FrameKey& key) const {
  const QRectF area = painter.viewport();
  const QColor green(40, 220, 90);
  if (m_session.isConfirmed(key)) {
    QFont f = painter.font();
    f.setBold(true);
    painter.setFont(f);
    const QString text = QObject::tr("\u2713 CONFIRMED");
    const QFontMetricsF fm(f);
    const qreal x = area.center().x() - fm.horizontalAdvance(text) / 2;
    textBox(painter, QPointF(x, area.top() + 52), text, green);  // below the corner text
  }
  // Key-frame ticks along the bottom edge (the cine's timeline), current frame as a white tick.
  const int count = viewport.frameCount();
  if (count <= 1 || !viewport.series()) return;
  const QString seriesUid = QString::fromStdString(viewport.series()->key.instanceUid);
  const qreal y = area.bottom() - 6, left = area.left() + 8, right = area.right() - 8;
  auto xOf = [&](int i) {
    return left + (right - left) * (count > 1 ? double(i) / (count - 1) : 0.0);
  };
  bool any = false;
  for (const auto& c : m_session.confirmations()) {
    if (c.seriesUid != seriesUid || c.stackIndex != viewport.stackIndex()) continue;
    if (!any) {
      painter.fillRect(QRectF(left - 2, y - 4, right - left + 4, 8), QColor(0, 0, 0, 140));
      any = true;
    }
    painter.fillRect(QRectF(xOf(c.stackFrame) - 2, y - 4, 4, 8), green);
  }
  if (any) painter.fillRect(QRectF(xOf(viewport.frameIndex()) - 1, y - 6, 2, 12), Qt::white);
}

}  // namespace fv::fluoro::ui
