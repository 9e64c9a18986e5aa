#include "fv/viewer/ViewGeometry.h"

#include <algorithm>

namespace fv::viewer {

void ViewGeometry::setImage(int columns, int rows, double columnMm, double rowMm) {
  m_columns = std::max(1, columns);
  m_rows = std::max(1, rows);
  m_columnMm = columnMm > 0 ? columnMm : 1.0;
  m_rowMm = rowMm > 0 ? rowMm : 1.0;
}

void ViewGeometry::fit() {
  const double w = m_columns * m_columnMm, h = m_rows * m_rowMm;  // image extent in mm
  const bool sideways = m_rotation % 2 == 1;
  const double ew = sideways ? h : w, eh = sideways ? w : h;
  m_pxPerMm = std::max(1e-6, std::min(m_widget.width() / ew, m_widget.height() / eh));
  // Centre of the image: pixel centres run 0..n-1, edges at -0.5 and n-0.5.
  m_focus = QPointF((m_columns - 1) * 0.5 * m_columnMm, (m_rows - 1) * 0.5 * m_rowMm);
}

void ViewGeometry::actualSize() { m_pxPerMm = 1.0 / m_columnMm; }

void ViewGeometry::zoomBy(double factor, QPointF anchor) {
  const QPointF before = worldToWidget().inverted().map(anchor);
  m_pxPerMm = std::clamp(m_pxPerMm * factor, 1e-4, 1e4);
  const QPointF after = worldToWidget().inverted().map(anchor);
  m_focus += before - after;
}

void ViewGeometry::panBy(QPointF delta) {
  const QTransform inv = worldToWidget().inverted();
  m_focus -= inv.map(delta) - inv.map(QPointF(0, 0));
}

void ViewGeometry::rotate90(int steps) { m_rotation = ((m_rotation + steps) % 4 + 4) % 4; }

QTransform ViewGeometry::worldToView() const {
  // Applied right to left: centre on the focus, flip, rotate (clockwise on screen, y down).
  QTransform t;
  t.rotate(90.0 * m_rotation);
  t.scale(m_flipH ? -1 : 1, m_flipV ? -1 : 1);
  t.translate(-m_focus.x(), -m_focus.y());
  return t;
}

QTransform ViewGeometry::worldToWidget() const {
  QTransform toWidget;
  toWidget.translate(m_widget.width() / 2.0, m_widget.height() / 2.0);
  toWidget.scale(m_pxPerMm, m_pxPerMm);
  return worldToView() * toWidget;
}

QTransform ViewGeometry::imageToWidget() const {
  QTransform pixelToWorld;
  pixelToWorld.scale(m_columnMm, m_rowMm);
  return pixelToWorld * worldToWidget();
}

}  // namespace fv::viewer
