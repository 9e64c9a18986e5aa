#include "GuardedTool.h"

#include <QPainter>

#include "PainterState.h"

namespace fv::viewer {

using fv::plugin::ToolEvent;
using fv::plugin::ViewportContext;

GuardedTool::GuardedTool(std::shared_ptr<fv::plugin::ViewportTool> tool,
                         std::shared_ptr<PluginGuard> guard)
    : m_tool(std::move(tool)),
      m_guard(std::move(guard)),
      m_id(m_tool->id()),
      m_subject(QStringLiteral("tool ") + m_id),
      m_name(m_tool->name()),
      m_icon(m_tool->icon()),
      m_shortcut(m_tool->shortcut()) {}

bool GuardedTool::mousePress(ViewportContext& viewport, const ToolEvent& event) {
  return m_guard->call(m_subject, "mousePress", false,
                       [&] { return m_tool->mousePress(viewport, event); });
}

bool GuardedTool::mouseMove(ViewportContext& viewport, const ToolEvent& event) {
  return m_guard->call(m_subject, "mouseMove", false,
                       [&] { return m_tool->mouseMove(viewport, event); });
}

bool GuardedTool::mouseRelease(ViewportContext& viewport, const ToolEvent& event) {
  return m_guard->call(m_subject, "mouseRelease", false,
                       [&] { return m_tool->mouseRelease(viewport, event); });
}

bool GuardedTool::keyPress(ViewportContext& viewport, const ToolEvent& event) {
  return m_guard->call(m_subject, "keyPress", false,
                       [&] { return m_tool->keyPress(viewport, event); });
}

void GuardedTool::paint(ViewportContext& viewport, QPainter& painter) {
  if (!m_guard->enabled()) return;
  // A tool that throws halfway, or ends or unbalances the painter, must not break the drawing
  // of what comes after it (other tools, the overlay text).
  PainterState state(painter);
  m_guard->run(m_subject, "paint", [&] { m_tool->paint(viewport, painter); });
  if (const QString problem = state.restoreAndRepair(); !problem.isEmpty())
    m_guard->reportInvalid(m_subject, "paint", problem);
}

void GuardedTool::activated(ViewportContext* viewport) {
  m_guard->run(m_subject, "activated", [&] { m_tool->activated(viewport); });
}

void GuardedTool::deactivated() {
  m_guard->run(m_subject, "deactivated", [&] { m_tool->deactivated(); });
}

}  // namespace fv::viewer
