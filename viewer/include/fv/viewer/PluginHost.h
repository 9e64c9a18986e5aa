// Finds, loads and guards plugins (Qt plugandpaint pattern: QPluginLoader + qobject_cast).
#pragma once

#include <memory>
#include <vector>

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include "fv/viewer/ContributionRegistry.h"

namespace fv::plugin {
class ViewerServices;
}

namespace fv::viewer {

/// One plugin file as the host saw it (Help → Plugins, `fluoroview --list-plugins`).
struct PluginRecord {
  /// What became of the file.
  enum class Status {
    /// Running; its contributions are in the registry.
    Loaded,
    /// It threw, returned an invalid result or overran a time limit: never called again
    /// (contributions inert; removed if registration failed).
    Disabled,
    /// Never ran: not a plugin, another API version, missing symbols, bad or duplicate id.
    Failed,
  };

  /// Absolute path of the shared library.
  QString file;
  /// PluginInfo::id; before instantiation the metadata "id" or the file's base name.
  QString id;
  /// PluginInfo::name (or metadata "name").
  QString name;
  /// PluginInfo::version (or metadata "version"); "" when unknown.
  QString version;
  Status status = Status::Failed;
  QString message;  ///< why it failed or was disabled, and rejected contributions ("; "-separated)
};

/// Stable lower-case text for a status ("loaded", "disabled", "failed").
const char* toString(PluginRecord::Status status);

/// Loads plugins from folders, gives each a PluginContext, keeps their contributions (as guarded
/// proxies) in a registry, and disables a plugin with a message as soon as any call into it
/// throws, returns an invalid result or overruns its time limit (docs/plugins.md).
class PluginHost : public QObject {
  Q_OBJECT

 public:
  /// A host whose plugins see `viewer` (must outlive the host).
  explicit PluginHost(fv::plugin::ViewerServices& viewer, QObject* parent = nullptr);
  ~PluginHost() override;

  /// The FLUOROVIEW_PLUGIN_PATH entries (colon-separated) first, then
  /// <executable dir>/../lib/fluoroview/plugins, then the build tree's plugin folder (absolute,
  /// cleaned, without duplicates).
  static QStringList defaultSearchPaths();

  /// Where the viewer records plugins that froze it (<app data>/frozen-plugins.tsv).
  static QString defaultFreezeRecordPath();
  /// Removes plugin `pluginId` from the freeze record at `recordPath` (fluoroview
  /// --enable-plugin); true if it was there.
  static bool clearFreeze(const QString& recordPath, const QString& pluginId);
  /// Uses the freeze record at `path` (call before loadAll; "" = none, the default): plugins in
  /// it are not started, and a GUI-thread call frozen for CallLimits::frozen is written to it.
  void setFreezeRecordPath(const QString& path) { m_freezeRecord = path; }

  /// Loads every shared library in `dirs` (in that order, files sorted by name); a file name seen
  /// before (in an earlier folder or call) is skipped. Failures are recorded, never thrown.
  void loadAll(const QStringList& dirs);

  /// Every plugin file seen, in load order.
  std::vector<PluginRecord> plugins() const;
  /// True when plugin `pluginId` is loaded and not disabled.
  bool isEnabled(const QString& pluginId) const;
  /// The contributions of all plugins (guarded proxies).
  ContributionRegistry& registry() { return m_registry; }
  /// The contributions of all plugins (guarded proxies).
  const ContributionRegistry& registry() const { return m_registry; }

  /// One line per plugin: "id<TAB>version<TAB>status[<TAB>message]" ("-" for an unknown version).
  QString listText() const;

  /// Calls shutdown() of every running plugin, last loaded first (guarded); once only. Call it
  /// before the ViewerServices go away (e.g. from the main window's close event).
  void shutdown();

 signals:
  /// Plugin `id` was disabled (a throw, an invalid result or a time-out); `message` says which.
  void pluginDisabled(const QString& id, const QString& message);

 private:
  class Context;
  struct Entry;

  void loadFile(const QString& path);
  bool instantiate(Entry& entry, const QString& path);
  void start(Entry& entry);
  void note(Entry& entry, const QString& message);
  void report(Entry& entry, const QString& text);
  void onDisabled(Entry& entry, const QString& message);
  const Entry* findEntry(const QString& pluginId) const;
  bool refuseFrozen(Entry& entry);

  fv::plugin::ViewerServices& m_viewer;
  ContributionRegistry m_registry;
  std::vector<std::unique_ptr<Entry>> m_entries;
  QSet<QString> m_fileNames;
  bool m_shutDown = false;
  QString m_freezeRecord;
};

}  // namespace fv::viewer
