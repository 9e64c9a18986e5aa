// A plugin's exporter behind its plugin's guard.
#pragma once

#include <memory>

#include "PluginGuard.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// Forwards exportTo() inside the guard; once the plugin is disabled it returns an error saying so.
class GuardedExporter final : public fv::plugin::Exporter {
 public:
  /// Wraps `exporter`; reads its id and name once (run this inside the guard).
  GuardedExporter(std::shared_ptr<fv::plugin::Exporter> exporter,
                  std::shared_ptr<PluginGuard> guard);

  QString id() const override { return m_id; }
  QString name() const override { return m_name; }
  fv::dicom::Status exportTo(fv::plugin::ViewerServices& viewer, const QString& folder) override;

 private:
  const std::shared_ptr<fv::plugin::Exporter> m_exporter;
  const std::shared_ptr<PluginGuard> m_guard;
  const QString m_id;
  const QString m_name;
};

}  // namespace fv::viewer
