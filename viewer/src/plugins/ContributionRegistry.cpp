#include "fv/viewer/ContributionRegistry.h"

#include <algorithm>
#include <cmath>

#include "ContributionId.h"

namespace fv::viewer {
namespace {

using fv::dicom::ErrorCode;
using fv::dicom::Status;

QString idOf(const std::shared_ptr<fv::plugin::SeriesHandler>& c) {
  return c->id();
}
QString idOf(const std::shared_ptr<fv::plugin::ViewportTool>& c) {
  return c->id();
}
QString idOf(const std::shared_ptr<fv::plugin::PanelFactory>& c) {
  return c->id();
}
QString idOf(const std::shared_ptr<fv::plugin::Exporter>& c) {
  return c->id();
}
QString idOf(const fv::plugin::Command& c) {
  return c.id;
}
QString idOf(const fv::plugin::Workflow& c) {
  return c.id;
}

template <class T>
const T* find(const std::vector<T>& items, const QString& id) {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const T& c) { return idOf(c) == id; });
  return it == items.end() ? nullptr : &*it;
}

template <class T>
T findPointer(const std::vector<T>& items, const QString& id) {
  const T* found = find(items, id);
  return found ? *found : T{};
}

template <class T>
std::optional<T> findValue(const std::vector<T>& items, const QString& id) {
  const T* found = find(items, id);
  return found ? std::optional<T>(*found) : std::nullopt;
}

Status nullContribution(const QString& kind) {
  return fv::dicom::makeError(ErrorCode::InvalidArgument,
                              QStringLiteral("null %1").arg(kind).toStdString());
}

}  // namespace

Status ContributionRegistry::accept(const QString& pluginId, const QString& kind,
                                    const QString& id) {
  if (Status status = checkContributionId(id, pluginId, kind); !status) return status;
  if (m_owner.contains(id))
    return fv::dicom::makeError(
        ErrorCode::InvalidArgument,
        QStringLiteral("%1 id \"%2\" is already registered").arg(kind, id).toStdString());
  m_owner.insert(id, pluginId);
  m_ids.append(id);
  return Status::success();
}

Status ContributionRegistry::addSeriesHandler(const QString& pluginId,
                                              std::shared_ptr<fv::plugin::SeriesHandler> handler) {
  if (!handler) return nullContribution(QStringLiteral("handler"));
  if (Status s = accept(pluginId, QStringLiteral("handler"), handler->id()); !s) return s;
  m_handlers.push_back(std::move(handler));
  return Status::success();
}

Status ContributionRegistry::addTool(const QString& pluginId,
                                     std::shared_ptr<fv::plugin::ViewportTool> tool) {
  if (!tool) return nullContribution(QStringLiteral("tool"));
  if (Status s = accept(pluginId, QStringLiteral("tool"), tool->id()); !s) return s;
  m_tools.push_back(std::move(tool));
  return Status::success();
}

Status ContributionRegistry::addPanel(const QString& pluginId,
                                      std::shared_ptr<fv::plugin::PanelFactory> panel) {
  if (!panel) return nullContribution(QStringLiteral("panel"));
  if (Status s = accept(pluginId, QStringLiteral("panel"), panel->id()); !s) return s;
  m_panels.push_back(std::move(panel));
  return Status::success();
}

Status ContributionRegistry::addCommand(const QString& pluginId, fv::plugin::Command command) {
  if (!command.run)
    return fv::dicom::makeError(
        ErrorCode::InvalidArgument,
        QStringLiteral("command \"%1\" has no run function").arg(command.id).toStdString());
  if (Status s = accept(pluginId, QStringLiteral("command"), command.id); !s) return s;
  m_commands.push_back(std::move(command));
  return Status::success();
}

Status ContributionRegistry::addExporter(const QString& pluginId,
                                         std::shared_ptr<fv::plugin::Exporter> exporter) {
  if (!exporter) return nullContribution(QStringLiteral("exporter"));
  if (Status s = accept(pluginId, QStringLiteral("exporter"), exporter->id()); !s) return s;
  m_exporters.push_back(std::move(exporter));
  return Status::success();
}

Status ContributionRegistry::addWorkflow(const QString& pluginId, fv::plugin::Workflow workflow) {
  if (Status s = accept(pluginId, QStringLiteral("workflow"), workflow.id); !s) return s;
  m_workflows.push_back(std::move(workflow));
  return Status::success();
}

void ContributionRegistry::removePlugin(const QString& pluginId) {
  const auto owned = [&](const auto& item) { return m_owner.value(idOf(item)) == pluginId; };
  std::erase_if(m_handlers, owned);
  std::erase_if(m_tools, owned);
  std::erase_if(m_panels, owned);
  std::erase_if(m_commands, owned);
  std::erase_if(m_exporters, owned);
  std::erase_if(m_workflows, owned);
  m_ids.removeIf([&](const QString& id) { return m_owner.value(id) == pluginId; });
  m_owner.removeIf(
      [&](const QHash<QString, QString>::iterator it) { return it.value() == pluginId; });
}

std::shared_ptr<fv::plugin::SeriesHandler> ContributionRegistry::seriesHandler(
    const QString& id) const {
  return findPointer(m_handlers, id);
}
std::shared_ptr<fv::plugin::ViewportTool> ContributionRegistry::tool(const QString& id) const {
  return findPointer(m_tools, id);
}
std::shared_ptr<fv::plugin::PanelFactory> ContributionRegistry::panel(const QString& id) const {
  return findPointer(m_panels, id);
}
std::optional<fv::plugin::Command> ContributionRegistry::command(const QString& id) const {
  return findValue(m_commands, id);
}
std::shared_ptr<fv::plugin::Exporter> ContributionRegistry::exporter(const QString& id) const {
  return findPointer(m_exporters, id);
}
std::optional<fv::plugin::Workflow> ContributionRegistry::workflow(const QString& id) const {
  return findValue(m_workflows, id);
}

std::vector<RankedLoadable> ContributionRegistry::bestLoadables(
    const fv::dicom::Series& series) const {
  std::vector<RankedLoadable> ranked;
  for (const auto& handler : m_handlers) {
    for (fv::plugin::SeriesLoadable& loadable : handler->examine(series)) {
      // A handler cannot outbid the others by claiming more than certainty (or NaN).
      loadable.confidence =
          std::isnan(loadable.confidence) ? 0.0 : std::clamp(loadable.confidence, 0.0, 1.0);
      ranked.push_back({handler->id(), std::move(loadable)});
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const RankedLoadable& a, const RankedLoadable& b) {
                     return a.loadable.confidence > b.loadable.confidence;
                   });
  return ranked;
}

}  // namespace fv::viewer
