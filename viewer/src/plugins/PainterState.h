// Around a tool's paint(): finds and repairs what the tool did to the painter that it must not.
#pragma once

#include <QBrush>
#include <QFont>
#include <QPainter>
#include <QPen>
#include <QTransform>

namespace fv::viewer {

/// Saves the painter before a tool draws (with a marker level, so that a save() the tool leaves
/// open is found); restoreAndRepair() afterwards restores it and undoes what the tool broke.
class PainterState {
 public:
  /// Records `painter`'s device and state and saves it.
  explicit PainterState(QPainter& painter);

  /// Restores the painter to the state before the tool drew. An ended painter is begun again on
  /// its device (with the recorded state); save()s the tool left open are restored. Returns what
  /// the tool did wrong, or "" when it left the painter as it should.
  QString restoreAndRepair();

 private:
  /// Puts the recorded state on a painter that was begun again.
  void apply();

  QPainter& m_painter;
  QPaintDevice* const m_device;
  const QBrush m_background;
  const QTransform m_transform;
  const qreal m_opacity;
  const QPainter::CompositionMode m_composition;
  const QPen m_pen;
  const QBrush m_brush;
  const QFont m_font;
  const QPainter::RenderHints m_hints;
};

}  // namespace fv::viewer
