// The example plugin's tool: a click marks a point on the current frame.
#pragma once

#include <QHash>
#include <QList>
#include <QPointF>

#include "fv/viewer/plugin/Contributions.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::example {

/// Left click: marks the image point on the frame shown; paint() circles each marked point.
class MarkerTool final : public fv::plugin::ViewportTool {
 public:
  /// Reports the click count through `viewer`.
  explicit MarkerTool(fv::plugin::ViewerServices& viewer) : m_viewer(viewer) {}

  QString id() const override { return QStringLiteral("example.tool.marker"); }
  QString name() const override { return QStringLiteral("Marker"); }
  QKeySequence shortcut() const override { return QKeySequence(Qt::Key_K); }
  bool mousePress(fv::plugin::ViewportContext& viewport,
                  const fv::plugin::ToolEvent& event) override;
  void paint(fv::plugin::ViewportContext& viewport, QPainter& painter) override;

  /// Radius of the drawn circles in widget pixels.
  static constexpr double kRadius = 6.0;

 private:
  fv::plugin::ViewerServices& m_viewer;
  QHash<QString, QList<QPointF>> m_points;  ///< per series, stack and frame
  int m_clicks = 0;
};

}  // namespace fv::example
