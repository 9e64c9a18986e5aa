// A plugin's exporter behind its plugin's guard.
#pragma once

#include <memory>

#include "PluginGuard.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// prepare() runs on the GUI thread within the command limit; the job it returns is wrapped so
/// that run() goes to a worker thread within the exporter limit (progress and cancel are relayed
/// to the waiting thread, never to an abandoned worker) and a success must have written
/// something into the folder; finished() is guarded on the GUI thread. Returns errors instead of
/// throwing; once the plugin is disabled every call returns an error saying so. A throw, a
/// timeout or a success that wrote nothing disables the plugin.
class GuardedExporter final : public fv::plugin::Exporter {
 public:
  /// Wraps `exporter`; reads its id, name and createsFolder() once (run this inside the guard).
  /// `keepAlive` (the plugin's ViewerServices) is kept alive while a worker of this exporter runs.
  GuardedExporter(std::shared_ptr<fv::plugin::Exporter> exporter,
                  std::shared_ptr<PluginGuard> guard,
                  std::shared_ptr<const void> keepAlive = nullptr);

  QString id() const override { return m_id; }
  QString name() const override { return m_name; }
  bool createsFolder() const override { return m_createsFolder; }
  fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> prepare(
      fv::plugin::ViewerServices& viewer, QWidget* parent) override;

 private:
  const std::shared_ptr<fv::plugin::Exporter> m_exporter;
  const std::shared_ptr<PluginGuard> m_guard;
  const std::shared_ptr<const void> m_keepAlive;
  const QString m_id;
  const QString m_name;
  const bool m_createsFolder;
};

}  // namespace fv::viewer
