// Test plugin: registers a tool, then throws from registerContributions. The host must disable
// it, keep none of its contributions and go on with the other plugins.
#include <stdexcept>

#include <QObject>

#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/PluginContext.h"

namespace fv::test {

/// A tool that would be harmless: it must still not survive its plugin's failed registration.
class IdleTool final : public fv::plugin::ViewportTool {
 public:
  QString id() const override { return QStringLiteral("broken-register.tool.idle"); }
  QString name() const override { return QStringLiteral("Idle"); }
};

/// Throws std::runtime_error half-way through registration.
class BrokenRegisterPlugin : public QObject, public fv::plugin::Plugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID FV_PLUGIN_IID FILE "broken-register.json")
  Q_INTERFACES(fv::plugin::Plugin)

 public:
  fv::plugin::PluginInfo info() const override {
    return {QStringLiteral("broken-register"), QStringLiteral("Broken registration (test)"),
            QStringLiteral("0.0.1"), QStringLiteral("Throws while registering.")};
  }
  void registerContributions(fv::plugin::PluginContext& context) override {
    context.addTool(std::make_shared<IdleTool>());
    throw std::runtime_error("registration exploded on purpose");
  }
};

}  // namespace fv::test

#include "BrokenRegisterPlugin.moc"
