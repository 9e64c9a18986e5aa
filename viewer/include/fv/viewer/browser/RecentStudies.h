// The File → Open Recent list: the last opened files and folders, kept in QSettings.
#pragma once

#include <functional>

#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;
class QSettings;

namespace fv::viewer {

/// The last kMaxPaths opened paths under the QSettings key "recent/paths", most recent first,
/// each once (compared as absolute, cleaned paths). Paths that no longer exist are dropped when
/// read.
class RecentStudies : public QObject {
  Q_OBJECT
 public:
  /// How many paths are kept.
  static constexpr int kMaxPaths = 10;
  /// The QSettings key.
  static constexpr const char* kSettingsKey = "recent/paths";

  /// Uses `settings` (not owned; must outlive this object), or the application's QSettings().
  explicit RecentStudies(QSettings* settings = nullptr, QObject* parent = nullptr);
  ~RecentStudies() override;

  /// The recent paths, most recent first; missing ones are pruned (and the pruning saved).
  QStringList paths();
  /// Puts `path` first (moving it if already listed) and keeps at most kMaxPaths.
  void add(const QString& path);
  /// Removes `path` from the list.
  void remove(const QString& path);
  /// Forgets all paths.
  void clear();
  /// Replaces `menu`'s actions by one per recent path (calling `open` with it), then "Clear
  /// Recent"; a disabled "No recent studies" when empty. Call it from QMenu::aboutToShow.
  void fillMenu(QMenu* menu, std::function<void(QString)> open);

 signals:
  /// The list changed (added, removed, cleared or pruned).
  void changed();

 private:
  QStringList stored() const;
  void store(const QStringList& paths);

  QSettings* m_settings;
  bool m_ownsSettings;
};

}  // namespace fv::viewer
