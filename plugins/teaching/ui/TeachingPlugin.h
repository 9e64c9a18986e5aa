// The teaching-file plugin: one exporter, File → Export → Teaching file...
// (docs/teaching-files.md).
#pragma once

#include <QObject>

#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/PluginContext.h"

namespace fv::teaching::ui {

/// Registers "teaching.exporter.bundle".
class TeachingPlugin : public QObject, public fv::plugin::Plugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID FV_PLUGIN_IID FILE "teaching.json")
  Q_INTERFACES(fv::plugin::Plugin)

 public:
  fv::plugin::PluginInfo info() const override;
  void registerContributions(fv::plugin::PluginContext& context) override;
};

}  // namespace fv::teaching::ui
