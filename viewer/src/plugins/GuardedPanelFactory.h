// A plugin's panel factory behind its plugin's guard.
#pragma once

#include <memory>

#include "PluginGuard.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// Creates the plugin's panel inside the guard, in a container that replaces it with a
/// "plugin disabled" label when the plugin is disabled (then or later). Never returns nullptr.
/// A create() that throws, blocks the viewer too long, returns nullptr or returns a widget that
/// already has a parent disables the plugin.
class GuardedPanelFactory final : public fv::plugin::PanelFactory {
 public:
  /// Wraps `panel`; reads its id, title and area once (run this inside the guard).
  GuardedPanelFactory(std::shared_ptr<fv::plugin::PanelFactory> panel,
                      std::shared_ptr<PluginGuard> guard);

  QString id() const override { return m_id; }
  QString title() const override { return m_title; }
  Qt::DockWidgetArea area() const override { return m_area; }
  QWidget* create(fv::plugin::ViewerServices& viewer) override;

  /// The object name of the label shown instead of a disabled plugin's panel.
  static constexpr const char* kDisabledLabelName = "fv-plugin-disabled";

 private:
  const std::shared_ptr<fv::plugin::PanelFactory> m_panel;
  const std::shared_ptr<PluginGuard> m_guard;
  const QString m_id;
  const QString m_title;
  const Qt::DockWidgetArea m_area;
};

}  // namespace fv::viewer
