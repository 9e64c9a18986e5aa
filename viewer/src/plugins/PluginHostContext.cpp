#include "PluginHostContext.h"

#include "ContributionCheck.h"
#include "GuardedCommand.h"
#include "GuardedExporter.h"
#include "GuardedPanelFactory.h"
#include "GuardedSeriesHandler.h"
#include "GuardedTool.h"

namespace fv::viewer {

PluginHost::Context::Context(ContributionRegistry& registry, std::shared_ptr<PluginViewer> viewer,
                             std::shared_ptr<PluginGuard> guard, Reject reject)
    : m_registry(registry),
      m_viewer(std::move(viewer)),
      m_guard(std::move(guard)),
      m_reject(std::move(reject)) {}

bool PluginHost::Context::acceptsAdditions(const char* kind) {
  if (!m_guard->enabled()) return false;  // a disabled plugin contributes nothing more
  if (m_open) return true;
  m_reject(QStringLiteral("%1 added after registerContributions returned (ignored)")
               .arg(QLatin1String(kind)));
  return false;
}

bool PluginHost::Context::report(const fv::dicom::Status& status) {
  if (!status) m_reject(QString::fromStdString(status.error().message));
  return bool(status);
}

// Null contributions go to the registry unwrapped: it rejects them with a message. Handlers and
// exporters keep the plugin's viewer alive while a worker of theirs runs (it may be abandoned).
void PluginHost::Context::addSeriesHandler(std::shared_ptr<fv::plugin::SeriesHandler> handler) {
  if (!acceptsAdditions("handler")) return;
  if (handler)
    handler = std::make_shared<GuardedSeriesHandler>(std::move(handler), m_guard, m_viewer);
  report(m_registry.addSeriesHandler(m_guard->pluginId(), std::move(handler)));
}

void PluginHost::Context::addTool(std::shared_ptr<fv::plugin::ViewportTool> tool) {
  if (!acceptsAdditions("tool")) return;
  if (tool) {
    tool = std::make_shared<GuardedTool>(std::move(tool), m_guard);
    if (!report(checkTool(*tool))) return;
  }
  report(m_registry.addTool(m_guard->pluginId(), std::move(tool)));
}

void PluginHost::Context::addPanel(std::shared_ptr<fv::plugin::PanelFactory> panel) {
  if (!acceptsAdditions("panel")) return;
  if (panel) {
    panel = std::make_shared<GuardedPanelFactory>(std::move(panel), m_guard);
    if (!report(checkPanel(*panel))) return;
  }
  report(m_registry.addPanel(m_guard->pluginId(), std::move(panel)));
}

void PluginHost::Context::addCommand(fv::plugin::Command command) {
  if (!acceptsAdditions("command")) return;
  if (command.run && !report(checkCommand(command))) return;
  report(m_registry.addCommand(m_guard->pluginId(), guardedCommand(std::move(command), m_guard)));
}

void PluginHost::Context::addExporter(std::shared_ptr<fv::plugin::Exporter> exporter) {
  if (!acceptsAdditions("exporter")) return;
  if (exporter) {
    exporter = std::make_shared<GuardedExporter>(std::move(exporter), m_guard, m_viewer);
    if (!report(checkExporter(*exporter))) return;
  }
  report(m_registry.addExporter(m_guard->pluginId(), std::move(exporter)));
}

void PluginHost::Context::addWorkflow(fv::plugin::Workflow workflow) {
  if (!acceptsAdditions("workflow")) return;
  if (!report(checkWorkflow(workflow))) return;
  report(m_registry.addWorkflow(m_guard->pluginId(), std::move(workflow)));
}

}  // namespace fv::viewer
