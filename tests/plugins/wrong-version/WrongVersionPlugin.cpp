// Test plugin built for plugin API 0: the host must refuse it from its metadata alone, without
// creating its object (the constructor leaves a mark in the environment if it ever runs).
#include <QObject>

#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/PluginContext.h"

namespace fv::test {

/// Declares the old IID "org.fluoroview.Plugin/0".
class WrongVersionPlugin : public QObject, public fv::plugin::Plugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID "org.fluoroview.Plugin/0" FILE "wrong-version.json")
  Q_INTERFACES(fv::plugin::Plugin)

 public:
  WrongVersionPlugin() { qputenv("FV_TEST_WRONG_VERSION_INSTANTIATED", "1"); }
  fv::plugin::PluginInfo info() const override {
    return {QStringLiteral("wrong-version"),
            QStringLiteral("Wrong API version (test)"),
            QStringLiteral("0.9.0"),
            {}};
  }
  void registerContributions(fv::plugin::PluginContext&) override {}
};

}  // namespace fv::test

#include "WrongVersionPlugin.moc"
