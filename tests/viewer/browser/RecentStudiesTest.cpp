#include <gtest/gtest.h>

#include <filesystem>

#include <QMenu>
#include <QSettings>
#include <QSignalSpy>

#include "BrowserTestUtil.h"
#include "fv/viewer/browser/RecentStudies.h"

using fv::viewer::RecentStudies;
namespace fs = std::filesystem;

namespace {

// `n` existing folders under a fresh temporary folder.
QStringList folders(const std::string& name, int n) {
  const std::string root = fv::test::tempDir(name);
  QStringList out;
  for (int i = 0; i < n; ++i) {
    const std::string dir = root + "/study" + std::to_string(i);
    fs::create_directories(dir);
    out << QString::fromStdString(dir);
  }
  return out;
}

QString iniFile(const std::string& name) { return QString::fromStdString(fv::test::tempDir(name) + "/settings.ini"); }

}  // namespace

TEST(RecentStudies, KeepsTheTenMostRecentWithoutDuplicates) {
  QSettings settings(iniFile("recent-ten"), QSettings::IniFormat);
  RecentStudies recent(&settings);
  const QStringList dirs = folders("recent-ten-dirs", 12);
  for (const QString& d : dirs) recent.add(d);
  recent.add(dirs[5]);
  recent.add(dirs[11] + "/");  // the same folder, written differently

  const QStringList paths = recent.paths();
  ASSERT_EQ(paths.size(), RecentStudies::kMaxPaths);
  EXPECT_EQ(paths[0], dirs[11]);
  EXPECT_EQ(paths[1], dirs[5]);
  EXPECT_EQ(paths[2], dirs[10]);
  EXPECT_EQ(paths.last(), dirs[2]);  // 0 and 1 fell off
  EXPECT_EQ(paths.count(dirs[5]), 1);
  EXPECT_EQ(settings.value("recent/paths").toStringList(), paths);

  // Another instance on the same settings sees the same list.
  RecentStudies again(&settings);
  EXPECT_EQ(again.paths(), paths);
}

TEST(RecentStudies, PrunesMissingPathsWhenRead) {
  QSettings settings(iniFile("recent-prune"), QSettings::IniFormat);
  RecentStudies recent(&settings);
  const QStringList dirs = folders("recent-prune-dirs", 3);
  for (const QString& d : dirs) recent.add(d);
  fs::remove_all(dirs[1].toStdString());
  QSignalSpy changed(&recent, &RecentStudies::changed);
  EXPECT_EQ(recent.paths(), (QStringList{dirs[2], dirs[0]}));
  EXPECT_EQ(changed.size(), 1);
  EXPECT_EQ(settings.value("recent/paths").toStringList(), (QStringList{dirs[2], dirs[0]}));
}

TEST(RecentStudies, FillsAMenuThatOpensAPath) {
  QSettings settings(iniFile("recent-menu"), QSettings::IniFormat);
  RecentStudies recent(&settings);
  QMenu menu;
  QStringList opened;
  recent.fillMenu(&menu, [&](const QString& p) { opened << p; });
  ASSERT_EQ(menu.actions().size(), 1);
  EXPECT_FALSE(menu.actions()[0]->isEnabled());

  const QStringList dirs = folders("recent-menu-dirs", 2);
  recent.add(dirs[0]);
  recent.add(dirs[1]);
  recent.fillMenu(&menu, [&](const QString& p) { opened << p; });
  ASSERT_EQ(menu.actions().size(), 4);  // two paths, a separator, "Clear Recent"
  EXPECT_TRUE(menu.actions()[0]->text().endsWith(dirs[1]));
  menu.actions()[1]->trigger();
  EXPECT_EQ(opened, QStringList{dirs[0]});

  menu.actions()[3]->trigger();  // Clear Recent
  EXPECT_TRUE(recent.paths().isEmpty());
}
