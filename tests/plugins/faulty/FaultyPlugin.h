// Test plugin "faulty": one contribution of each kind, each of which throws, returns garbage,
// hangs or runs a nested event loop when FV_FAULTY_MODE says so (FaultPlan.h). Without
// FV_FAULTY_MODE it behaves. Tests drive it through invokable methods of its root object.
#pragma once

#include <memory>

#include <QObject>

#include "FaultPlan.h"
#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/PluginContext.h"

namespace fv::test::faulty {

struct Shared;

/// Contributes faulty.tool.pin, faulty.panel.status, faulty.handler.all, faulty.exporter.note,
/// faulty.command.poke and faulty.workflow.pin; faults per call: "info", "register", "command",
/// "shutdown" here, the others in FaultyContributions.h.
class FaultyPlugin : public QObject, public fv::plugin::Plugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID FV_PLUGIN_IID FILE "faulty.json")
  Q_INTERFACES(fv::plugin::Plugin)

 public:
  FaultyPlugin();

  /// Fault "info" (garbage: an invalid plugin id, "faulty plugin!").
  fv::plugin::PluginInfo info() const override;
  /// Fault "register": registers everything, then throws or hangs; garbage adds invalid
  /// contributions (null ones, bad ids and names, a bad dock area, impossible workflows).
  void registerContributions(fv::plugin::PluginContext& context) override;
  /// Fault "shutdown".
  void shutdown() override;

  /// Ends every hang of this plugin (now and later) until rearm().
  Q_INVOKABLE void release() { m_control->release(); }
  /// Lets hangs block again and counts calls from zero.
  Q_INVOKABLE void rearm() { m_control->rearm(); }
  /// How often the call kind `call` ("handler", "tool", ...) reached the plugin.
  Q_INVOKABLE int calls(const QString& call) const { return m_control->calls(call); }

 private:
  void registerGarbage(fv::plugin::PluginContext& context,
                       const std::shared_ptr<const Shared>& shared);

  const std::shared_ptr<FaultControl> m_control;
  fv::plugin::PluginContext* m_context = nullptr;  ///< kept (wrongly) for "command:garbage"
  FaultPlan m_plan;                                 ///< of the last registration
};

}  // namespace fv::test::faulty
