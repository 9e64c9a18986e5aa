// Test plugin that calls a function no library defines (shared modules may link with undefined
// symbols). The host resolves all symbols at load time, so this fails in QPluginLoader with its
// message instead of crashing the viewer at the first call.
#include <QObject>

#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/PluginContext.h"

extern "C" void fv_test_symbol_that_does_not_exist();

namespace fv::test {

/// Would call the missing function while registering.
class MissingSymbolPlugin : public QObject, public fv::plugin::Plugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID FV_PLUGIN_IID FILE "missing-symbol.json")
  Q_INTERFACES(fv::plugin::Plugin)

 public:
  fv::plugin::PluginInfo info() const override {
    return {QStringLiteral("missing-symbol"),
            QStringLiteral("Missing symbol (test)"),
            QStringLiteral("0.0.3"),
            {}};
  }
  void registerContributions(fv::plugin::PluginContext&) override {
    fv_test_symbol_that_does_not_exist();
  }
};

}  // namespace fv::test

#include "MissingSymbolPlugin.moc"
