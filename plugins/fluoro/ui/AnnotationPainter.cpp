#include "AnnotationPainter.h"

#include <QFontMetricsF>
#include <QImage>
#include <cmath>

#include "fv/fluoro/AnnotationShapes.h"
#include "fv/fluoro/Style.h"

namespace fv::fluoro::ui {
namespace {

QColor qcolour(Rgb c) {
  return QColor(c.r, c.g, c.b);
}

QPointF q(const Point& p) {
  return {p.x, p.y};
}

QPen strokePen(Rgb c, double width) {
  return QPen(qcolour(c), width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
}

// Paints the primitives of annotationShapes() as Canvas rasterizes them for burn-in (same
// geometry, sizes and bitmap-font text; QPainter anti-aliases the edges).
void paintShapes(QPainter& painter, const std::vector<Shape>& shapes) {
  struct Paint {
    QPainter& p;
    void operator()(const DiscShape& d) const {
      p.setPen(Qt::NoPen);
      p.setBrush(qcolour(d.colour));
      p.drawEllipse(q(d.centre), d.radius, d.radius);
    }
    void operator()(const LineShape& l) const {
      QPen pen = strokePen(l.colour, l.thickness);
      if (l.dash > 0) {
        const double unit = std::max(1.0, l.thickness);  // Qt's dash lengths are in pen widths
        pen.setDashPattern({l.dash / unit, l.dash / unit});
      }
      p.setPen(pen);
      p.setBrush(Qt::NoBrush);
      p.drawLine(q(l.from), q(l.to));
    }
    void operator()(const CircleShape& c) const {
      p.setPen(strokePen(c.colour, c.thickness));
      p.setBrush(Qt::NoBrush);
      p.drawEllipse(q(c.centre), c.radius, c.radius);
    }
    void operator()(const PolylineShape& l) const {
      QPolygonF poly;
      for (const auto& pt : l.points) poly << q(pt);
      p.setPen(strokePen(l.colour, l.thickness));
      p.setBrush(Qt::NoBrush);
      if (l.closed)
        p.drawPolygon(poly);
      else
        p.drawPolyline(poly);
    }
    void operator()(const TextShape& t) const {
      // Widget pixel i has its centre at i + 0.5: the glyphs' top-left pixel is floor(topLeft).
      const fv::dicom::Image8 box = renderTextBox(t);
      const QImage image(box.pixels.data(), int(box.columns), int(box.rows), int(box.columns) * 3,
                         QImage::Format_RGB888);
      const int s = std::max(1, t.scale);
      p.drawImage(QPoint(int(std::floor(t.topLeft.x)) - s, int(std::floor(t.topLeft.y)) - s),
                  image);
    }
  };
  for (const auto& shape : shapes) std::visit(Paint{painter}, shape);
}

// Shapes on screen: positions through the viewport's transform, sizes in widget pixels at the
// image's burn-in scale, so that at 1:1 zoom the overlay is the Secondary Capture's drawing.
ShapeOptions screenOptions(fv::plugin::ViewportContext& v) {
  ShapeOptions o;
  o.scale = markerScale(v);
  o.map = [&v](const Point& p) {
    const QPointF w = v.imageToWidget(QPointF(p.x, p.y));
    return Point{w.x(), w.y()};
  };
  return o;
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

int markerScale(const fv::plugin::ViewportContext& viewport) {
  const auto* info = FluoroSession::instanceOf(viewport);
  return info ? burnInScale(info->pixels.rows, info->pixels.columns) : 1;
}

void AnnotationPainter::paintAnnotation(fv::plugin::ViewportContext& v, QPainter& painter,
                                        const Annotation& a, bool selected,
                                        const std::optional<Point>& target) {
  ShapeOptions o = screenOptions(v);
  o.target = target;
  o.selected = selected ? a.id : 0;
  painter.setRenderHint(QPainter::Antialiasing);
  paintShapes(painter, annotationShapes({a}, o));
}

void AnnotationPainter::paint(fv::plugin::ViewportContext& viewport, QPainter& painter) const {
  const auto key = FluoroSession::frameOf(viewport);
  if (!key) return;
  painter.setRenderHint(QPainter::Antialiasing);
  const auto* info = FluoroSession::instanceOf(viewport);
  const auto& annotations = m_session.model().annotations(*key);
  if (!annotations.empty()) {
    const FrameMeasurements m = m_session.measurementsOf(*key, *info);
    ShapeOptions o = screenOptions(viewport);
    o.target = m.target;
    o.captions = &m;
    o.selected = m_session.model().selected();
    paintShapes(painter, annotationShapes(annotations, o));
  }
  paintConfirmationMarks(viewport, painter, *key);
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
