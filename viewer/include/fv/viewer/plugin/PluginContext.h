// How a plugin registers its contributions (the only door from a plugin into the host).
#pragma once

#include <memory>

#include "fv/viewer/plugin/Contributions.h"

namespace fv::plugin {

/// Handed to Plugin::registerContributions(). Ids must be unique and start with the plugin id
/// ("fluoro.tool.needle-tip"); a duplicate or foreign id is rejected with a message.
class PluginContext {
 public:
  virtual ~PluginContext() = default;
  virtual void addSeriesHandler(std::shared_ptr<SeriesHandler> handler) = 0;
  virtual void addTool(std::shared_ptr<ViewportTool> tool) = 0;
  virtual void addPanel(std::shared_ptr<PanelFactory> panel) = 0;
  virtual void addCommand(Command command) = 0;
  virtual void addExporter(std::shared_ptr<Exporter> exporter) = 0;
  virtual void addWorkflow(Workflow workflow) = 0;
  /// The running viewer (also reachable later from tools, panels and commands).
  virtual ViewerServices& viewer() = 0;
};

}  // namespace fv::plugin
