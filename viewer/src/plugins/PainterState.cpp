#include "PainterState.h"

namespace fv::viewer {
namespace {

/// Set as the background brush on a saved level of our own: finding it again after restore()
/// proves the tool's save()/restore() calls were balanced. (The background brush is used only in
/// OpaqueMode, and the tool never sees this value: it draws with the original one.)
const QBrush& marker() {
  static const QBrush brush(QColor(1, 2, 3, 4), Qt::Dense7Pattern);
  return brush;
}

/// More open save()s than this are not repaired (the painter's stack is beyond saving).
constexpr int kMaxRepairs = 16;

}  // namespace

PainterState::PainterState(QPainter& painter)
    : m_painter(painter),
      m_device(painter.device()),
      m_background(painter.background()),
      m_transform(painter.worldTransform()),
      m_opacity(painter.opacity()),
      m_composition(painter.compositionMode()),
      m_pen(painter.pen()),
      m_brush(painter.brush()),
      m_font(painter.font()),
      m_hints(painter.renderHints()) {
  m_painter.save();  // the state before the tool
  m_painter.setBackground(marker());
  m_painter.save();  // the marker level
  m_painter.setBackground(m_background);
}

QString PainterState::restoreAndRepair() {
  if (!m_painter.isActive()) {
    // The tool called end(): without repair nothing more would be drawn in this pass.
    if (m_device && m_painter.begin(m_device)) apply();
    return QStringLiteral("it ended the painter");
  }
  QString problem;
  m_painter.restore();  // back to the marker level, if the tool's saves were balanced
  if (m_painter.background() != marker()) {
    problem = QStringLiteral("it left a save() without restore() (or restored more than it saved)");
    for (int i = 0; i < kMaxRepairs && m_painter.background() != marker(); ++i)
      m_painter.restore();
  }
  m_painter.restore();  // the state before the tool
  return problem;
}

void PainterState::apply() {
  m_painter.setBackground(m_background);
  m_painter.setWorldTransform(m_transform);
  m_painter.setOpacity(m_opacity);
  m_painter.setCompositionMode(m_composition);
  m_painter.setPen(m_pen);
  m_painter.setBrush(m_brush);
  m_painter.setFont(m_font);
  m_painter.setRenderHints(m_hints);
}

}  // namespace fv::viewer
