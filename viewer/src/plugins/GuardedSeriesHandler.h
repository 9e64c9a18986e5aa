// A plugin's series handler behind its plugin's guard.
#pragma once

#include <memory>

#include "PluginGuard.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// Forwards examine() inside the guard; offers nothing once the plugin is disabled.
class GuardedSeriesHandler final : public fv::plugin::SeriesHandler {
 public:
  /// Wraps `handler`; reads its id once (run this inside the guard).
  GuardedSeriesHandler(std::shared_ptr<fv::plugin::SeriesHandler> handler,
                       std::shared_ptr<PluginGuard> guard);

  QString id() const override { return m_id; }
  std::vector<fv::plugin::SeriesLoadable> examine(const fv::dicom::Series& series) const override;

 private:
  const std::shared_ptr<fv::plugin::SeriesHandler> m_handler;
  const std::shared_ptr<PluginGuard> m_guard;
  const QString m_id;
};

}  // namespace fv::viewer
