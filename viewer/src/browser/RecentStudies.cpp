#include "fv/viewer/browser/RecentStudies.h"

#include <utility>

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace fv::viewer {
namespace {

QString normalized(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

// "&1 /data/study" for the first ten entries; '&' in paths is doubled so it is not a mnemonic.
QString menuText(int position, const QString& path) {
  QString text = QDir::toNativeSeparators(path);
  text.replace(QLatin1Char('&'), QStringLiteral("&&"));
  return position < 9 ? QStringLiteral("&%1 %2").arg(position + 1).arg(text)
                      : position == 9 ? QStringLiteral("1&0 %1").arg(text) : text;
}

}  // namespace

RecentStudies::RecentStudies(QSettings* settings, QObject* parent)
    : QObject(parent), m_settings(settings ? settings : new QSettings), m_ownsSettings(settings == nullptr) {}

RecentStudies::~RecentStudies() {
  if (m_ownsSettings) delete m_settings;
}

QStringList RecentStudies::paths() {
  const QStringList all = stored();
  QStringList existing;
  for (const QString& p : all)
    if (QFileInfo::exists(p)) existing << p;
  if (existing.size() != all.size()) store(existing);
  return existing;
}

void RecentStudies::add(const QString& path) {
  if (path.trimmed().isEmpty()) return;
  const QString p = normalized(path);
  QStringList list = stored();
  list.removeAll(p);
  list.prepend(p);
  while (list.size() > kMaxPaths) list.removeLast();
  store(list);
}

void RecentStudies::remove(const QString& path) {
  QStringList list = stored();
  if (list.removeAll(normalized(path)) > 0) store(list);
}

void RecentStudies::clear() { store({}); }

void RecentStudies::fillMenu(QMenu* menu, std::function<void(QString)> open) {
  if (!menu) return;
  menu->clear();
  const QStringList list = paths();
  if (list.isEmpty()) {
    menu->addAction(tr("No recent studies"))->setEnabled(false);
    return;
  }
  for (int i = 0; i < list.size(); ++i) {
    QAction* action = menu->addAction(menuText(i, list[i]));
    action->setData(list[i]);
    action->setToolTip(list[i]);
    connect(action, &QAction::triggered, menu, [open, path = list[i]] {
      if (open) open(path);
    });
  }
  menu->addSeparator();
  connect(menu->addAction(tr("Clear Recent")), &QAction::triggered, this, &RecentStudies::clear);
}

QStringList RecentStudies::stored() const {
  QStringList list;
  for (const QString& p : m_settings->value(QLatin1String(kSettingsKey)).toStringList()) {
    const QString n = normalized(p);  // tolerate hand-edited or older entries
    if (!p.isEmpty() && !list.contains(n)) list << n;
  }
  return list.mid(0, kMaxPaths);
}

void RecentStudies::store(const QStringList& paths) {
  const QStringList before = m_settings->value(QLatin1String(kSettingsKey)).toStringList();
  m_settings->setValue(QLatin1String(kSettingsKey), paths);
  m_settings->sync();  // a crash later must not lose what was opened
  if (before != paths) emit changed();
}

}  // namespace fv::viewer
