#include "Tools.h"

#include <QInputDialog>
#include <QPainter>
#include <cmath>

#include "AnnotationPainter.h"
#include "fv/fluoro/Style.h"

namespace fv::fluoro::ui {
namespace {

using fv::plugin::ToolEvent;
using fv::plugin::ViewportContext;

constexpr double kHitWidgetPixels = 8.0;

// Kinds of which a frame holds at most one: drawing another replaces it.
bool singlePerFrame(AnnotationKind k) {
  return k == AnnotationKind::NeedleTip || k == AnnotationKind::Target ||
         k == AnnotationKind::Trajectory || k == AnnotationKind::ReferenceLine;
}

// Adds `a` to the viewport's frame, replacing the frame's annotation of the same kind when the
// kind is single-per-frame (one undo step either way).
void place(FluoroSession& session, ViewportContext& viewport, Annotation a) {
  const auto key = FluoroSession::frameOf(viewport);
  if (!key) return;
  auto& model = session.model();
  if (singlePerFrame(a.kind)) {
    if (auto existing = model.last(*key, a.kind)) {
      a.id = existing->id;
      model.update(a);
      model.select(a.id);
      session.notifyEdited();
      viewport.requestRepaint();
      return;
    }
  }
  model.add(*key, std::move(a));
  session.notifyEdited();
  viewport.requestRepaint();
}

bool insideImage(const ViewportContext& viewport, const QPointF& p) {
  const auto* info = FluoroSession::instanceOf(viewport);
  return info && p.x() > -0.5 && p.y() > -0.5 && p.x() < info->pixels.columns - 0.5 &&
         p.y() < info->pixels.rows - 0.5;
}

}  // namespace

PointTool::PointTool(FluoroSession& session, AnnotationKind kind, QString id, QString name,
                     QKeySequence shortcut)
    : FluoroTool(session, std::move(id), std::move(name), std::move(shortcut)), m_kind(kind) {}

bool PointTool::mousePress(ViewportContext& viewport, const ToolEvent& event) {
  if (event.button != Qt::LeftButton || !insideImage(viewport, event.imagePos)) return false;
  Annotation a;
  a.kind = m_kind;
  a.points = {toPoint(event.imagePos)};
  if (m_kind == AnnotationKind::Label) {
    bool ok = false;
    const QString text = QInputDialog::getText(nullptr, QObject::tr("Label"), QObject::tr("Text:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok || text.trimmed().isEmpty()) return true;
    a.text = text.trimmed().toStdString();
  }
  place(m_session, viewport, std::move(a));
  return true;
}

LineTool::LineTool(FluoroSession& session, AnnotationKind kind, QString id, QString name,
                   QKeySequence shortcut)
    : FluoroTool(session, std::move(id), std::move(name), std::move(shortcut)), m_kind(kind) {}

bool LineTool::mousePress(ViewportContext& viewport, const ToolEvent& event) {
  if (event.button != Qt::LeftButton || !insideImage(viewport, event.imagePos)) return false;
  Annotation a;
  a.kind = m_kind;
  a.points = {toPoint(event.imagePos), toPoint(event.imagePos)};
  m_drag = a;
  m_dragViewport = &viewport;
  return true;
}

bool LineTool::mouseMove(ViewportContext& viewport, const ToolEvent& event) {
  if (!m_drag || m_dragViewport != &viewport) return false;
  m_drag->points[1] = toPoint(event.imagePos);
  viewport.requestRepaint();
  return true;
}

bool LineTool::mouseRelease(ViewportContext& viewport, const ToolEvent& event) {
  if (!m_drag || m_dragViewport != &viewport) return false;
  Annotation a = *m_drag;
  m_drag.reset();
  a.points[1] = toPoint(event.imagePos);
  const double lengthWidget =
      std::hypot(a.points[1].x - a.points[0].x, a.points[1].y - a.points[0].y) *
      widgetPixelsPerImagePixel(viewport);
  if (lengthWidget < 4.0) {  // a click, not a line
    viewport.requestRepaint();
    return true;
  }
  if (m_kind == AnnotationKind::Calibration) {
    bool ok = false;
    const double mm =
        QInputDialog::getDouble(nullptr, QObject::tr("Calibration"),
                                QObject::tr("Known length of the object under the line (mm):"),
                                10.0, 0.01, 10000.0, 2, &ok);
    if (!ok) {
      viewport.requestRepaint();
      return true;
    }
    a.lengthMm = mm;
  }
  place(m_session, viewport, std::move(a));
  return true;
}

void LineTool::paint(ViewportContext& viewport, QPainter& painter) {
  if (m_drag && m_dragViewport == &viewport)
    AnnotationPainter::paintAnnotation(viewport, painter, *m_drag, false, std::nullopt);
}

OutlineTool::OutlineTool(FluoroSession& session, QString id, QString name, QKeySequence shortcut)
    : FluoroTool(session, std::move(id), std::move(name), std::move(shortcut)) {}

bool OutlineTool::mousePress(ViewportContext& viewport, const ToolEvent& event) {
  if (m_viewport != &viewport) m_points.clear();
  m_viewport = &viewport;
  if (event.button == Qt::RightButton && !m_points.empty()) {
    finish(viewport);
    return true;
  }
  if (event.button != Qt::LeftButton || !insideImage(viewport, event.imagePos)) return false;
  const Point p = toPoint(event.imagePos);
  if (m_points.size() >= 3) {
    const QPointF first = viewport.imageToWidget({m_points.front().x, m_points.front().y});
    if (QLineF(first, event.widgetPos).length() <= kHitWidgetPixels) {
      finish(viewport);
      return true;
    }
  }
  m_points.push_back(p);
  viewport.requestRepaint();
  return true;
}

bool OutlineTool::mouseMove(ViewportContext& viewport, const ToolEvent& event) {
  if (m_points.empty() || m_viewport != &viewport) return false;
  m_hover = toPoint(event.imagePos);
  viewport.requestRepaint();
  return false;  // hovering never blocks navigation
}

bool OutlineTool::keyPress(ViewportContext& viewport, const ToolEvent& event) {
  if (m_points.empty()) return false;
  if (event.key == Qt::Key_Return || event.key == Qt::Key_Enter) {
    finish(viewport);
    return true;
  }
  if (event.key == Qt::Key_Backspace) {
    m_points.pop_back();
    viewport.requestRepaint();
    return true;
  }
  return false;
}

void OutlineTool::finish(ViewportContext& viewport) {
  if (m_points.size() >= 3) {
    Annotation a;
    a.kind = AnnotationKind::Outline;
    a.points = m_points;
    place(m_session, viewport, std::move(a));
  }
  m_points.clear();
  m_hover.reset();
  viewport.requestRepaint();
}

void OutlineTool::paint(ViewportContext& viewport, QPainter& painter) {
  if (m_points.empty() || m_viewport != &viewport) return;
  Annotation a;
  a.kind = AnnotationKind::Outline;
  a.points = m_points;
  if (m_hover) a.points.push_back(*m_hover);
  QPolygonF poly;
  for (const auto& p : a.points) poly << viewport.imageToWidget({p.x, p.y});
  const Rgb c = colourOf(AnnotationKind::Outline);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(c.r, c.g, c.b), 2, Qt::DashLine));
  painter.drawPolyline(poly);
}

SelectTool::SelectTool(FluoroSession& session, QString id, QString name, QKeySequence shortcut)
    : FluoroTool(session, std::move(id), std::move(name), std::move(shortcut)) {}

bool SelectTool::mousePress(ViewportContext& viewport, const ToolEvent& event) {
  if (event.button != Qt::LeftButton) return false;
  const auto key = FluoroSession::frameOf(viewport);
  if (!key) return false;
  auto& model = m_session.model();
  const double tolerance = kHitWidgetPixels / widgetPixelsPerImagePixel(viewport);
  const Point p = toPoint(event.imagePos);
  const auto hit = model.hitTest(*key, p, tolerance);
  if (!hit) {
    if (model.selected()) {
      model.select(0);
      m_session.notifyEdited();
      viewport.requestRepaint();
    }
    return false;  // empty space: the viewport's navigation gets the drag
  }
  model.select(*hit);
  Drag drag{*hit, std::nullopt, p};
  const auto found = model.find(*hit);
  for (size_t i = 0; found && i < found->second.points.size(); ++i) {
    const auto& q = found->second.points[i];
    if (std::hypot(q.x - p.x, q.y - p.y) <= tolerance && found->second.points.size() > 1)
      drag.point = i;
  }
  m_drag = drag;
  model.beginGroup();
  m_session.notifyEdited();
  viewport.requestRepaint();
  return true;
}

bool SelectTool::mouseMove(ViewportContext& viewport, const ToolEvent& event) {
  if (!m_drag) return false;
  const Point p = toPoint(event.imagePos);
  auto& model = m_session.model();
  if (m_drag->point)
    model.movePoint(m_drag->id, *m_drag->point, p);
  else
    model.translate(m_drag->id, p.x - m_drag->last.x, p.y - m_drag->last.y);
  m_drag->last = p;
  m_session.notifyEdited();
  viewport.requestRepaint();
  return true;
}

bool SelectTool::mouseRelease(ViewportContext&, const ToolEvent&) {
  if (!m_drag) return false;
  m_drag.reset();
  m_session.model().endGroup();
  return true;
}

bool SelectTool::keyPress(ViewportContext& viewport, const ToolEvent& event) {
  if ((event.key == Qt::Key_Delete || event.key == Qt::Key_Backspace) &&
      m_session.model().selected()) {
    m_session.deleteSelected();
    viewport.requestRepaint();
    return true;
  }
  return false;
}

void SelectTool::paint(ViewportContext& viewport, QPainter& painter) {
  AnnotationPainter(m_session).paint(viewport, painter);
}

std::vector<std::shared_ptr<fv::plugin::ViewportTool>> makeTools(FluoroSession& s) {
  using K = AnnotationKind;
  return {
      std::make_shared<SelectTool>(s, "fluoro.tool.select", QObject::tr("Select / move annotation"),
                                   QKeySequence(Qt::Key_S)),
      std::make_shared<PointTool>(s, K::NeedleTip, "fluoro.tool.needle-tip",
                                  QObject::tr("Needle tip"), QKeySequence(Qt::Key_T)),
      std::make_shared<PointTool>(s, K::Target, "fluoro.tool.target", QObject::tr("Target"),
                                  QKeySequence(Qt::Key_G)),
      std::make_shared<LineTool>(s, K::Trajectory, "fluoro.tool.trajectory",
                                 QObject::tr("Needle trajectory (entry to tip)"),
                                 QKeySequence(Qt::Key_J)),
      std::make_shared<LineTool>(s, K::ReferenceLine, "fluoro.tool.reference-line",
                                 QObject::tr("Reference line for the angle"),
                                 QKeySequence(Qt::Key_E)),
      std::make_shared<LineTool>(s, K::Arrow, "fluoro.tool.arrow", QObject::tr("Arrow"),
                                 QKeySequence(Qt::Key_W)),
      std::make_shared<PointTool>(s, K::Label, "fluoro.tool.label", QObject::tr("Text label"),
                                  QKeySequence(Qt::Key_L)),
      std::make_shared<OutlineTool>(s, "fluoro.tool.outline", QObject::tr("Contrast outline"),
                                    QKeySequence(Qt::Key_U)),
      std::make_shared<LineTool>(s, K::Calibration, "fluoro.tool.calibration",
                                 QObject::tr("Calibrate (line of known length)"),
                                 QKeySequence(Qt::Key_K)),
  };
}

}  // namespace fv::fluoro::ui
