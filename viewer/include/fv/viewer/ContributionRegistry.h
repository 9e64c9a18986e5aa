// Every contribution the loaded plugins made, by id ("plugin.kind.name"), in registration order.
// The host stores guarded proxies here: callers use them without try/catch (see docs/plugins.md).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <QHash>
#include <QString>
#include <QStringList>

#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// A loadable together with the handler that offered it.
struct RankedLoadable {
  QString handlerId;                    ///< "plugin.handler.name"
  fv::plugin::SeriesLoadable loadable;  ///< confidence clamped to 0..1
};

/// Holds series handlers, tools, panels, commands, exporters and workflows by id.
class ContributionRegistry {
 public:
  /// Adds a contribution of plugin `pluginId`; an error (never an exception) when its id is
  /// malformed ("pluginId.kind.name"), belongs to another plugin or is already registered.
  fv::dicom::Status addSeriesHandler(const QString& pluginId,
                                     std::shared_ptr<fv::plugin::SeriesHandler> handler);
  /// See addSeriesHandler().
  fv::dicom::Status addTool(const QString& pluginId,
                            std::shared_ptr<fv::plugin::ViewportTool> tool);
  /// See addSeriesHandler().
  fv::dicom::Status addPanel(const QString& pluginId,
                             std::shared_ptr<fv::plugin::PanelFactory> panel);
  /// See addSeriesHandler(); a command without `run` is rejected too.
  fv::dicom::Status addCommand(const QString& pluginId, fv::plugin::Command command);
  /// See addSeriesHandler().
  fv::dicom::Status addExporter(const QString& pluginId,
                                std::shared_ptr<fv::plugin::Exporter> exporter);
  /// See addSeriesHandler().
  fv::dicom::Status addWorkflow(const QString& pluginId, fv::plugin::Workflow workflow);

  /// Removes everything `pluginId` contributed (the host does this when registration fails).
  void removePlugin(const QString& pluginId);

  /// Lookup by id; nullptr / nullopt when unknown.
  std::shared_ptr<fv::plugin::SeriesHandler> seriesHandler(const QString& id) const;
  /// Lookup by id.
  std::shared_ptr<fv::plugin::ViewportTool> tool(const QString& id) const;
  /// Lookup by id.
  std::shared_ptr<fv::plugin::PanelFactory> panel(const QString& id) const;
  /// Lookup by id (a copy; its `run` is guarded).
  std::optional<fv::plugin::Command> command(const QString& id) const;
  /// Lookup by id.
  std::shared_ptr<fv::plugin::Exporter> exporter(const QString& id) const;
  /// Lookup by id.
  std::optional<fv::plugin::Workflow> workflow(const QString& id) const;

  /// All of one kind, in registration order.
  const std::vector<std::shared_ptr<fv::plugin::SeriesHandler>>& seriesHandlers() const {
    return m_handlers;
  }
  /// All tools, in registration order.
  const std::vector<std::shared_ptr<fv::plugin::ViewportTool>>& tools() const { return m_tools; }
  /// All panels, in registration order.
  const std::vector<std::shared_ptr<fv::plugin::PanelFactory>>& panels() const { return m_panels; }
  /// All commands, in registration order.
  const std::vector<fv::plugin::Command>& commands() const { return m_commands; }
  /// All exporters, in registration order.
  const std::vector<std::shared_ptr<fv::plugin::Exporter>>& exporters() const {
    return m_exporters;
  }
  /// All workflows, in registration order.
  const std::vector<fv::plugin::Workflow>& workflows() const { return m_workflows; }

  /// Every registered id, in registration order.
  QStringList ids() const { return m_ids; }
  /// The plugin that registered `id`, or "" when unknown.
  QString ownerOf(const QString& id) const { return m_owner.value(id); }

  /// Asks every handler to examine `series` (headers only) and returns all loadables, most
  /// confident first (ties: registration order) — the first one is the one to preselect.
  std::vector<RankedLoadable> bestLoadables(const fv::dicom::Series& series) const;

 private:
  fv::dicom::Status accept(const QString& pluginId, const QString& kind, const QString& id);

  std::vector<std::shared_ptr<fv::plugin::SeriesHandler>> m_handlers;
  std::vector<std::shared_ptr<fv::plugin::ViewportTool>> m_tools;
  std::vector<std::shared_ptr<fv::plugin::PanelFactory>> m_panels;
  std::vector<fv::plugin::Command> m_commands;
  std::vector<std::shared_ptr<fv::plugin::Exporter>> m_exporters;
  std::vector<fv::plugin::Workflow> m_workflows;
  QStringList m_ids;
  QHash<QString, QString> m_owner;  ///< contribution id → plugin id
};

}  // namespace fv::viewer
