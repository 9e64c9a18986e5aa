// The fluoroscopy review plugin: needle-position confirmation frames, annotations, and the
// DICOM outputs (Secondary Capture, presentation state, key object selection, procedure record).
#pragma once

#include <QObject>
#include <memory>

#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/PluginContext.h"

namespace fv::fluoro::ui {

class FluoroSession;

/// Registers the needle tools, the confirmations panel, commands (C mark, save, undo/redo,
/// delete), the XA/RF series handler and the "Needle confirmation" workflow.
class FluoroPlugin : public QObject, public fv::plugin::Plugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID FV_PLUGIN_IID FILE "fluoro.json")
  Q_INTERFACES(fv::plugin::Plugin)

 public:
  FluoroPlugin();
  ~FluoroPlugin() override;
  fv::plugin::PluginInfo info() const override;
  void registerContributions(fv::plugin::PluginContext& context) override;
  void shutdown() override;

 private:
  std::unique_ptr<FluoroSession> m_session;
};

}  // namespace fv::fluoro::ui
