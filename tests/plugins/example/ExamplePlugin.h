// The example plugin: one contribution of each kind, small enough to copy (docs/plugins.md).
#pragma once

#include <QObject>

#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/PluginContext.h"

namespace fv::example {

/// Contributes a marker tool, an info panel, a hello command, a catch-all series handler, a
/// series-list exporter and a demo workflow.
class ExamplePlugin : public QObject, public fv::plugin::Plugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID FV_PLUGIN_IID FILE "example.json")
  Q_INTERFACES(fv::plugin::Plugin)

 public:
  fv::plugin::PluginInfo info() const override;
  void registerContributions(fv::plugin::PluginContext& context) override;
  /// Says goodbye through the viewer (tests check that the host calls it).
  void shutdown() override;

 private:
  fv::plugin::ViewerServices* m_viewer = nullptr;
};

}  // namespace fv::example
