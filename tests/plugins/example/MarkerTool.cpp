#include "MarkerTool.h"

#include <QPainter>

namespace fv::example {
namespace {

/// Where a point belongs: the series, stack and frame the viewport shows ("" when empty).
QString frameKey(const fv::plugin::ViewportContext& viewport) {
  const fv::dicom::Series* series = viewport.series();
  if (!series) return {};
  return QStringLiteral("%1/%2/%3")
      .arg(QString::fromStdString(series->key.instanceUid))
      .arg(viewport.stackIndex())
      .arg(viewport.frameIndex());
}

}  // namespace

bool MarkerTool::mousePress(fv::plugin::ViewportContext& viewport,
                            const fv::plugin::ToolEvent& event) {
  const QString key = frameKey(viewport);
  if (event.button != Qt::LeftButton || key.isEmpty()) return false;
  m_points[key].append(event.imagePos);
  ++m_clicks;
  m_viewer.showMessage(QStringLiteral("Marker: %1 click(s)").arg(m_clicks));
  viewport.requestRepaint();
  return true;
}

void MarkerTool::paint(fv::plugin::ViewportContext& viewport, QPainter& painter) {
  const auto points = m_points.constFind(frameKey(viewport));
  if (points == m_points.constEnd()) return;
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(255, 210, 0), 2));
  painter.setBrush(Qt::NoBrush);
  for (const QPointF& point : *points)
    painter.drawEllipse(viewport.imageToWidget(point), kRadius, kRadius);
}

}  // namespace fv::example
