// A plugin's viewport tool behind its plugin's guard.
#pragma once

#include <memory>

#include "PluginGuard.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// Forwards to the plugin's tool inside the guard (interactive time limit); inert once the plugin
/// is disabled (events are not consumed, nothing is drawn). id, name, icon and shortcut are read
/// once, at registration.
class GuardedTool final : public fv::plugin::ViewportTool {
 public:
  /// Wraps `tool`; calls its id(), name(), icon() and shortcut() (run this inside the guard).
  GuardedTool(std::shared_ptr<fv::plugin::ViewportTool> tool, std::shared_ptr<PluginGuard> guard);

  QString id() const override { return m_id; }
  QString name() const override { return m_name; }
  QIcon icon() const override { return m_icon; }
  QKeySequence shortcut() const override { return m_shortcut; }
  bool mousePress(fv::plugin::ViewportContext& viewport,
                  const fv::plugin::ToolEvent& event) override;
  bool mouseMove(fv::plugin::ViewportContext& viewport,
                 const fv::plugin::ToolEvent& event) override;
  bool mouseRelease(fv::plugin::ViewportContext& viewport,
                    const fv::plugin::ToolEvent& event) override;
  bool keyPress(fv::plugin::ViewportContext& viewport, const fv::plugin::ToolEvent& event) override;
  /// Draws with the painter's state saved and restored around the plugin's drawing; a tool that
  /// ends the painter or leaves its state changed is disabled (and the painter repaired).
  void paint(fv::plugin::ViewportContext& viewport, QPainter& painter) override;
  void activated(fv::plugin::ViewportContext* viewport) override;
  void deactivated() override;

 private:
  const std::shared_ptr<fv::plugin::ViewportTool> m_tool;
  const std::shared_ptr<PluginGuard> m_guard;
  const QString m_id;
  const QString m_subject;  ///< "tool <id>", for messages
  const QString m_name;
  const QIcon m_icon;
  const QKeySequence m_shortcut;
};

}  // namespace fv::viewer
