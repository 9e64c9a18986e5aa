// The PluginContext each plugin gets from the host (a private class of PluginHost).
#pragma once

#include <functional>
#include <memory>

#include "PluginGuard.h"
#include "PluginViewer.h"
#include "fv/viewer/PluginHost.h"
#include "fv/viewer/plugin/PluginContext.h"

namespace fv::viewer {

/// Wraps each contribution in a guarded proxy, checks it and adds it to the registry under the
/// plugin's id; a rejected contribution is reported (never thrown). Open only during
/// registerContributions.
class PluginHost::Context final : public fv::plugin::PluginContext {
 public:
  /// Called with a message for each rejected contribution.
  using Reject = std::function<void(const QString& message)>;

  /// A context for the plugin `guard` protects, which sees the viewer through `viewer`;
  /// `registry` must outlive it.
  Context(ContributionRegistry& registry, std::shared_ptr<PluginViewer> viewer,
          std::shared_ptr<PluginGuard> guard, Reject reject);

  void addSeriesHandler(std::shared_ptr<fv::plugin::SeriesHandler> handler) override;
  void addTool(std::shared_ptr<fv::plugin::ViewportTool> tool) override;
  void addPanel(std::shared_ptr<fv::plugin::PanelFactory> panel) override;
  void addCommand(fv::plugin::Command command) override;
  void addExporter(std::shared_ptr<fv::plugin::Exporter> exporter) override;
  void addWorkflow(fv::plugin::Workflow workflow) override;
  fv::plugin::ViewerServices& viewer() override { return *m_viewer; }

  /// Ends registration: later additions (a plugin keeping the context) are rejected.
  void close() { m_open = false; }

 private:
  bool acceptsAdditions(const char* kind);
  /// Reports a failed check; true when `status` is fine.
  bool report(const fv::dicom::Status& status);

  ContributionRegistry& m_registry;
  const std::shared_ptr<PluginViewer> m_viewer;
  const std::shared_ptr<PluginGuard> m_guard;
  const Reject m_reject;
  bool m_open = true;
};

}  // namespace fv::viewer
