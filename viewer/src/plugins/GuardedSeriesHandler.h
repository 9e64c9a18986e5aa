// A plugin's series handler behind its plugin's guard.
#pragma once

#include <memory>

#include "PluginGuard.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// Runs examine() on a worker thread within the guard's handler limit and checks what it
/// returns; offers nothing once the plugin is disabled. A handler that throws, does not return
/// in time or returns an invalid loadable disables its plugin.
class GuardedSeriesHandler final : public fv::plugin::SeriesHandler {
 public:
  /// More loadables than this from one examine() is a broken handler.
  static constexpr size_t kMaxLoadables = 32;

  /// Wraps `handler`; reads its id once (run this inside the guard). `keepAlive` (the plugin's
  /// ViewerServices) is kept alive for as long as a worker of this handler runs.
  GuardedSeriesHandler(std::shared_ptr<fv::plugin::SeriesHandler> handler,
                       std::shared_ptr<PluginGuard> guard,
                       std::shared_ptr<const void> keepAlive = nullptr);

  QString id() const override { return m_id; }
  std::vector<fv::plugin::SeriesLoadable> examine(const fv::dicom::Series& series) const override;

 private:
  const std::shared_ptr<fv::plugin::SeriesHandler> m_handler;
  const std::shared_ptr<PluginGuard> m_guard;
  const std::shared_ptr<const void> m_keepAlive;
  const QString m_id;
};

/// Why `loadables` (from examine(`series`)) are invalid, or "" when they are fine: at most
/// kMaxLoadables, each with a name, a confidence within 0..1 (not NaN) and a stack that is -1
/// or one of the series's stacks.
QString checkLoadables(const std::vector<fv::plugin::SeriesLoadable>& loadables,
                       const fv::dicom::Series& series);

}  // namespace fv::viewer
