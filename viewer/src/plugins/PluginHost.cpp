#include "fv/viewer/PluginHost.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QLibrary>
#include <QPluginLoader>
#include <QStandardPaths>

#include "ContributionId.h"
#include "FreezeRecord.h"
#include "PluginGuard.h"
#include "PluginHostContext.h"
#include "PluginViewer.h"
#include "TsvField.h"
#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::viewer {

/// A plugin file and, once it runs, its plugin object, guard and context.
struct PluginHost::Entry {
  PluginRecord record;
  fv::plugin::Plugin* plugin = nullptr;  ///< owned by its library, which is never unloaded
  std::shared_ptr<PluginGuard> guard;    ///< set once the plugin runs
  std::shared_ptr<PluginViewer> viewer;  ///< what the plugin sees of the viewer
  std::unique_ptr<Context> context;
};

namespace {

const QString kIid = QStringLiteral(FV_PLUGIN_IID);
const QString kIidFamily = QStringLiteral("org.fluoroview.Plugin/");

/// "libexample.so" → "example": what to call a plugin before it can say its id.
QString idFromFileName(const QString& path) {
  QString id = QFileInfo(path).baseName();
  if (id.startsWith(QLatin1String("lib")) && id.size() > 3) id.remove(0, 3);
  return id;
}

/// Why an IID other than ours is refused, naming both.
QString iidMismatch(const QString& found) {
  if (found.isEmpty()) return QStringLiteral("its metadata has no IID (expected \"%1\")").arg(kIid);
  if (found.startsWith(kIidFamily))
    return QStringLiteral(
               "built for plugin API \"%1\", but this FluoroView expects \"%2\": rebuild it "
               "against "
               "this version")
        .arg(found, kIid);
  return QStringLiteral("not a FluoroView plugin (IID \"%1\", expected \"%2\")").arg(found, kIid);
}

}  // namespace

const char* toString(PluginRecord::Status status) {
  switch (status) {
    case PluginRecord::Status::Loaded:
      return "loaded";
    case PluginRecord::Status::Disabled:
      return "disabled";
    case PluginRecord::Status::Failed:
      return "failed";
  }
  return "failed";
}

PluginHost::PluginHost(fv::plugin::ViewerServices& viewer, QObject* parent)
    : QObject(parent), m_viewer(viewer) {}

PluginHost::~PluginHost() = default;

QStringList PluginHost::defaultSearchPaths() {
  QStringList candidates =
      qEnvironmentVariable("FLUOROVIEW_PLUGIN_PATH").split(u':', Qt::SkipEmptyParts);
  if (QCoreApplication::instance())
    candidates << QCoreApplication::applicationDirPath() +
                      QStringLiteral("/../lib/fluoroview/plugins");
  // The build tree's plugins only for binaries run from that build tree (never an installed one).
  const QString buildRoot = QDir(QStringLiteral(FV_BUILD_ROOT)).absolutePath();
  if (!QCoreApplication::instance() ||
      QDir(QCoreApplication::applicationDirPath()).absolutePath().startsWith(buildRoot))
    candidates << QStringLiteral(FV_PLUGIN_BUILD_DIR);
  QStringList paths;
  for (const QString& candidate : candidates) {
    const QString path = QDir(candidate).absolutePath();
    if (!paths.contains(path)) paths << path;
  }
  return paths;
}

void PluginHost::loadAll(const QStringList& dirs) {
  for (const QString& dir : dirs) {
    if (dir.isEmpty() || !QDir(dir).exists()) continue;  // QDir("") would be the working directory
    // Our own order (code points), the same in every locale.
    QFileInfoList files = QDir(dir).entryInfoList(QDir::Files, QDir::NoSort);
    std::sort(files.begin(), files.end(),
              [](const QFileInfo& a, const QFileInfo& b) { return a.fileName() < b.fileName(); });
    for (const QFileInfo& file : files) {
      if (!QLibrary::isLibrary(file.fileName()) || m_fileNames.contains(file.fileName())) continue;
      m_fileNames.insert(file.fileName());
      loadFile(file.absoluteFilePath());
    }
  }
}

void PluginHost::loadFile(const QString& path) {
  m_entries.push_back(std::make_unique<Entry>());
  Entry& entry = *m_entries.back();
  entry.record.file = path;
  entry.record.id = idFromFileName(path);
  if (instantiate(entry, path)) start(entry);
}

bool PluginHost::instantiate(Entry& entry, const QString& path) {
  QPluginLoader loader(path);
  // Missing symbols fail here, with the loader's message, instead of crashing at first call.
  loader.setLoadHints(QLibrary::ResolveAllSymbolsHint);

  // The metadata is read from the file without running any of its code.
  const QJsonObject metaData = loader.metaData();
  if (metaData.isEmpty()) {
    note(entry, loader.errorString());
    return false;
  }
  const QJsonObject own = metaData.value(QLatin1String("MetaData")).toObject();
  if (const QString id = own.value(QLatin1String("id")).toString(); !id.isEmpty())
    entry.record.id = id;
  entry.record.name = own.value(QLatin1String("name")).toString();
  entry.record.version = own.value(QLatin1String("version")).toString();

  if (refuseFrozen(entry)) return false;  // before any of its code runs
  if (const QString iid = metaData.value(QLatin1String("IID")).toString(); iid != kIid) {
    note(entry, iidMismatch(iid));
    return false;
  }
  QObject* root = loader.instance();
  if (!root) {
    note(entry, loader.errorString());
    return false;
  }
  entry.plugin = qobject_cast<fv::plugin::Plugin*>(root);
  if (!entry.plugin) {
    note(entry, QStringLiteral("%1 does not implement fv::plugin::Plugin (Q_INTERFACES missing?)")
                    .arg(QLatin1String(root->metaObject()->className())));
    return false;
  }
  return true;
}

void PluginHost::start(Entry& entry) {
  // info() is plugin code too: guarded under the provisional id.
  PluginGuard probe(entry.record.id, callLimits(), m_freezeRecord);
  fv::plugin::PluginInfo info;
  if (!probe.run(QStringLiteral("plugin"), "info", [&] { info = entry.plugin->info(); })) {
    onDisabled(entry, probe.message());
    return;
  }
  if (!isValidPluginId(info.id)) {
    note(
        entry,
        QStringLiteral("invalid plugin id \"%1\" (use letters, digits, '-' and '_')").arg(info.id));
    return;
  }
  if (const Entry* other = findEntry(info.id)) {
    entry.record.id = info.id;
    note(entry,
         QStringLiteral("a plugin with this id is already loaded from %1").arg(other->record.file));
    return;
  }
  entry.record.id = info.id;
  entry.record.name = info.name;
  entry.record.version = info.version;
  if (refuseFrozen(entry)) return;  // its metadata did not name it
  entry.record.status = PluginRecord::Status::Loaded;

  entry.guard = std::make_shared<PluginGuard>(info.id, callLimits(), m_freezeRecord);
  Entry* e = &entry;  // entries are never removed: the pointer stays valid
  connect(entry.guard.get(), &PluginGuard::disabled, this,
          [this, e](const QString& message) { onDisabled(*e, message); });
  entry.viewer = std::make_shared<PluginViewer>(m_viewer);
  entry.context = std::make_unique<Context>(
      m_registry, entry.viewer, entry.guard,
      [this, e](const QString& message) { note(*e, QStringLiteral("rejected: ") + message); });

  const bool registered =
      entry.guard->runWithin(entry.guard->limits().lifecycle, QStringLiteral("plugin"),
                             "registerContributions",
                             [&] { entry.plugin->registerContributions(*entry.context); });
  entry.context->close();
  // Half a registration (or a slow one) is worse than none: nothing of it reaches the viewer.
  if (!registered) m_registry.removePlugin(info.id);
}

QString PluginHost::defaultFreezeRecordPath() {
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
         QStringLiteral("/frozen-plugins.tsv");
}

bool PluginHost::clearFreeze(const QString& recordPath, const QString& pluginId) {
  return removeFreeze(recordPath, pluginId);
}

bool PluginHost::refuseFrozen(Entry& entry) {
  for (const FreezeEntry& frozen : readFreezes(m_freezeRecord)) {
    if (frozen.pluginId != entry.record.id) continue;
    entry.record.status = PluginRecord::Status::Disabled;
    note(entry, QStringLiteral("not started: %1, and the viewer was ended while it was frozen; to "
                               "run it again: fluoroview --enable-plugin %2")
                    .arg(frozen.what, entry.record.id));
    return true;
  }
  return false;
}

void PluginHost::note(Entry& entry, const QString& message) {
  report(entry, entry.record.id + QStringLiteral(": ") + message);
}

void PluginHost::report(Entry& entry, const QString& text) {
  if (!entry.record.message.isEmpty()) entry.record.message += QStringLiteral("; ");
  entry.record.message += text;
  m_viewer.showMessage(text, true);
}

void PluginHost::onDisabled(Entry& entry, const QString& message) {
  entry.record.status = PluginRecord::Status::Disabled;
  report(entry, message);  // the guard's message names the plugin already
  emit pluginDisabled(entry.record.id, message);
}

const PluginHost::Entry* PluginHost::findEntry(const QString& pluginId) const {
  for (const auto& entry : m_entries)
    if (entry->guard && entry->record.id == pluginId) return entry.get();
  return nullptr;
}

std::vector<PluginRecord> PluginHost::plugins() const {
  std::vector<PluginRecord> records;
  records.reserve(m_entries.size());
  for (const auto& entry : m_entries) records.push_back(entry->record);
  return records;
}

bool PluginHost::isEnabled(const QString& pluginId) const {
  const Entry* entry = findEntry(pluginId);
  return entry && entry->record.status == PluginRecord::Status::Loaded && entry->guard->enabled();
}

QString PluginHost::listText() const {
  QString text;
  for (const auto& entry : m_entries) {
    const PluginRecord& r = entry->record;
    QStringList fields{tsvField(r.id),
                       r.version.isEmpty() ? QStringLiteral("-") : tsvField(r.version),
                       QLatin1String(toString(r.status))};
    if (!r.message.isEmpty()) fields << tsvField(r.message);
    text += fields.join(u'\t') + u'\n';
  }
  return text;
}

void PluginHost::shutdown() {
  if (m_shutDown) return;
  m_shutDown = true;
  for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it) {
    Entry& entry = **it;
    if (entry.guard && entry.guard->enabled())
      entry.guard->runWithin(entry.guard->limits().lifecycle, QStringLiteral("plugin"), "shutdown",
                             [&] { entry.plugin->shutdown(); });
  }
}

}  // namespace fv::viewer
