// The plugin's viewport tools: needle tip, target, trajectory, reference line, arrow, label,
// contrast outline, calibration line, and select/move/delete (which also paints everything).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "FluoroSession.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::fluoro::ui {

/// Shared behaviour: id/name/shortcut, the frame under the viewport, the session.
class FluoroTool : public fv::plugin::ViewportTool {
 public:
  FluoroTool(FluoroSession& session, QString id, QString name, QKeySequence shortcut)
      : m_session(session),
        m_id(std::move(id)),
        m_name(std::move(name)),
        m_shortcut(std::move(shortcut)) {}
  QString id() const override { return m_id; }
  QString name() const override { return m_name; }
  QKeySequence shortcut() const override { return m_shortcut; }

 protected:
  static Point toPoint(const QPointF& p) { return {p.x(), p.y()}; }
  FluoroSession& m_session;

 private:
  QString m_id, m_name;
  QKeySequence m_shortcut;
};

/// Click to place a one-point annotation (tip, target: one per frame, a click moves it; label:
/// asks for the text).
class PointTool final : public FluoroTool {
 public:
  PointTool(FluoroSession& session, AnnotationKind kind, QString id, QString name,
            QKeySequence shortcut);
  bool mousePress(fv::plugin::ViewportContext& viewport,
                  const fv::plugin::ToolEvent& event) override;

 private:
  AnnotationKind m_kind;
};

/// Press, drag, release to draw a two-point annotation (trajectory entry → tip, reference line,
/// arrow tail → head, calibration line: asks for the known length).
class LineTool final : public FluoroTool {
 public:
  LineTool(FluoroSession& session, AnnotationKind kind, QString id, QString name,
           QKeySequence shortcut);
  bool mousePress(fv::plugin::ViewportContext& viewport,
                  const fv::plugin::ToolEvent& event) override;
  bool mouseMove(fv::plugin::ViewportContext& viewport,
                 const fv::plugin::ToolEvent& event) override;
  bool mouseRelease(fv::plugin::ViewportContext& viewport,
                    const fv::plugin::ToolEvent& event) override;
  void paint(fv::plugin::ViewportContext& viewport, QPainter& painter) override;
  void deactivated() override { m_drag.reset(); }

 private:
  AnnotationKind m_kind;
  std::optional<Annotation> m_drag;
  fv::plugin::ViewportContext* m_dragViewport = nullptr;
};

/// Click vertices of the contrast-spread polygon; click the first vertex, right-click or press
/// Enter to close it (≥ 3 vertices), Backspace removes the last vertex.
class OutlineTool final : public FluoroTool {
 public:
  OutlineTool(FluoroSession& session, QString id, QString name, QKeySequence shortcut);
  bool mousePress(fv::plugin::ViewportContext& viewport,
                  const fv::plugin::ToolEvent& event) override;
  bool mouseMove(fv::plugin::ViewportContext& viewport,
                 const fv::plugin::ToolEvent& event) override;
  bool keyPress(fv::plugin::ViewportContext& viewport, const fv::plugin::ToolEvent& event) override;
  void paint(fv::plugin::ViewportContext& viewport, QPainter& painter) override;
  void deactivated() override { m_points.clear(); }

 private:
  void finish(fv::plugin::ViewportContext& viewport);
  std::vector<Point> m_points;
  std::optional<Point> m_hover;
  fv::plugin::ViewportContext* m_viewport = nullptr;
};

/// Selects, moves (whole annotation, or one point when grabbed at it) and deletes annotations.
/// Paints every annotation of every viewport (the other tools paint only their previews).
class SelectTool final : public FluoroTool {
 public:
  SelectTool(FluoroSession& session, QString id, QString name, QKeySequence shortcut);
  bool mousePress(fv::plugin::ViewportContext& viewport,
                  const fv::plugin::ToolEvent& event) override;
  bool mouseMove(fv::plugin::ViewportContext& viewport,
                 const fv::plugin::ToolEvent& event) override;
  bool mouseRelease(fv::plugin::ViewportContext& viewport,
                    const fv::plugin::ToolEvent& event) override;
  bool keyPress(fv::plugin::ViewportContext& viewport, const fv::plugin::ToolEvent& event) override;
  void paint(fv::plugin::ViewportContext& viewport, QPainter& painter) override;

 private:
  struct Drag {
    uint64_t id = 0;
    std::optional<size_t> point;  ///< grabbed vertex, or the whole annotation
    Point last;
  };
  std::optional<Drag> m_drag;
};

/// All tools of the plugin, in toolbar order.
std::vector<std::shared_ptr<fv::plugin::ViewportTool>> makeTools(FluoroSession& session);

}  // namespace fv::fluoro::ui
