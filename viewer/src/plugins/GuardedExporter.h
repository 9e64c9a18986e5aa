// A plugin's exporter behind its plugin's guard.
#pragma once

#include <memory>

#include "PluginGuard.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// Runs exportTo() on a worker thread within the guard's exporter limit (the plugin's viewer
/// calls are carried out on the waiting thread) and checks that a success wrote something into
/// the folder. Returns an error instead of throwing; once the plugin is disabled it returns an
/// error saying so. A throw, a timeout or a success that wrote nothing disables the plugin.
class GuardedExporter final : public fv::plugin::Exporter {
 public:
  /// Wraps `exporter`; reads its id and name once (run this inside the guard). `keepAlive` (the
  /// plugin's ViewerServices) is kept alive for as long as a worker of this exporter runs.
  GuardedExporter(std::shared_ptr<fv::plugin::Exporter> exporter,
                  std::shared_ptr<PluginGuard> guard,
                  std::shared_ptr<const void> keepAlive = nullptr);

  QString id() const override { return m_id; }
  QString name() const override { return m_name; }
  fv::dicom::Status exportTo(fv::plugin::ViewerServices& viewer, const QString& folder) override;

 private:
  fv::dicom::Status notExported(const QString& folder) const;

  const std::shared_ptr<fv::plugin::Exporter> m_exporter;
  const std::shared_ptr<PluginGuard> m_guard;
  const std::shared_ptr<const void> m_keepAlive;
  const QString m_id;
  const QString m_name;
};

}  // namespace fv::viewer
