// A plugin that freezes the viewer (issue 5, "Plugin faults"): a GUI-thread call cannot be
// interrupted, but while it is frozen the watchdog records the plugin, so that a viewer the user
// had to end starts next time without it, saying why and how to run it again.
// See docs/reliability.md, "Plugin faults".
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include "FreezeRecord.h"
#include "PluginFaultUtil.h"

using fv::test::FaultyHost;
using fv::viewer::FreezeEntry;
using fv::viewer::readFreezes;
using Status = fv::viewer::PluginRecord::Status;
using namespace std::chrono_literals;

namespace {

/// A fresh freeze record path in a temporary folder.
QString freshRecord(const char* name) {
  return QString::fromStdString(fv::test::tempDir(name)) + "/state/frozen-plugins.tsv";
}

/// True if the record at `path` has an entry for `id`.
bool recorded(const QString& path, const QString& id) {
  for (const FreezeEntry& e : readFreezes(path))
    if (e.pluginId == id) return true;
  return false;
}

/// Watches a record file from another thread while the GUI thread is frozen.
class RecordWatcher {
 public:
  RecordWatcher(QString path, QString id) : m_path(std::move(path)), m_id(std::move(id)) {
    m_thread = std::thread([this] {
      while (!m_stop) {
        if (recorded(m_path, m_id)) m_seen = true;
        std::this_thread::sleep_for(10ms);
      }
    });
  }
  ~RecordWatcher() { stop(); }
  /// Stops watching; whether the entry was ever there.
  bool stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
    return m_seen;
  }

 private:
  const QString m_path, m_id;
  std::atomic<bool> m_stop{false}, m_seen{false};
  std::thread m_thread;
};

}  // namespace

TEST(FreezeRecord, AddsReplacesAndRemovesEntries) {
  const QString path = freshRecord("freeze-record");
  EXPECT_TRUE(readFreezes(path).isEmpty());  // no file yet
  ASSERT_TRUE(fv::viewer::addFreeze(path, {"a", "tool 'a.t' froze the viewer in paint"}));
  ASSERT_TRUE(fv::viewer::addFreeze(path, {"b", "first\twith a tab\nand a line break"}));
  ASSERT_TRUE(fv::viewer::addFreeze(path, {"b", "second"}));
  const auto entries = readFreezes(path);
  ASSERT_EQ(entries.size(), 2);
  EXPECT_EQ(entries[0].pluginId, "a");
  EXPECT_EQ(entries[0].what, "tool 'a.t' froze the viewer in paint");
  EXPECT_EQ(entries[1].pluginId, "b");
  EXPECT_EQ(entries[1].what, "second");
  EXPECT_TRUE(fv::viewer::removeFreeze(path, "a"));
  EXPECT_FALSE(fv::viewer::removeFreeze(path, "a"));
  EXPECT_TRUE(fv::viewer::removeFreeze(path, "b"));
  EXPECT_FALSE(QFile::exists(path)) << "an empty record is removed";
}

TEST(FreezeRecord, SkipsMalformedLines) {
  const QString path = freshRecord("freeze-record-bad");
  ASSERT_TRUE(fv::viewer::addFreeze(path, {"good", "x"}));
  QFile file(path);
  ASSERT_TRUE(file.open(QIODevice::Append));
  file.write("no tab here\n\tno id\n\x01\x02\n");
  file.close();
  const auto entries = readFreezes(path);
  ASSERT_EQ(entries.size(), 1);
  EXPECT_EQ(entries[0].pluginId, "good");
}

TEST(PluginFreeze, AFrozenGuiCallIsRecordedWhileFrozenAndForgottenWhenItReturns) {
  FaultyHost t("command:hang");  // frozen 600 ms; recorded after 300 ms
  t.markWithExample();
  RecordWatcher watcher(t.freezeRecord, "faulty");
  t.host.registry().command("faulty.command.poke")->run(t.viewer);
  EXPECT_TRUE(watcher.stop()) << "the watchdog never recorded the frozen call";
  EXPECT_FALSE(recorded(t.freezeRecord, "faulty")) << "the call returned: the record must go";
  t.expectFaultyDisabled(
      {"faulty: command faulty.command.poke blocked the viewer for", "disabled as a slow plugin"});
  t.expectExampleWorks();
}

TEST(PluginFreeze, ACallWaitingInANestedEventLoopIsNotRecorded) {
  FaultyHost t("command:modal");  // a dialog: the viewer keeps responding
  RecordWatcher watcher(t.freezeRecord, "faulty");
  t.host.registry().command("faulty.command.poke")->run(t.viewer);
  EXPECT_FALSE(watcher.stop());
  EXPECT_EQ(t.faultyRecord().status, Status::Loaded);
}

TEST(PluginFreeze, APluginRecordedAsFrozenIsNotStartedAndTheOthersAre) {
  const QString record = freshRecord("freeze-next-start");
  ASSERT_TRUE(fv::viewer::addFreeze(
      record,
      {"faulty", "command faulty.command.poke froze the viewer in run for more than 30.0 s"}));
  FaultyHost t("", fv::test::Hangs::Bounded, record);
  const auto r = t.faultyRecord();
  EXPECT_EQ(r.status, Status::Disabled);
  for (const char* part :
       {"faulty: not started: command faulty.command.poke froze the viewer in run",
        "the viewer was ended while it was frozen", "fluoroview --enable-plugin faulty"})
    EXPECT_TRUE(r.message.contains(part)) << r.message.toStdString();
  EXPECT_TRUE(t.viewer.hasMessage("not started", true));
  EXPECT_EQ(t.faulty().calls("register"), 0);
  EXPECT_TRUE(t.host.registry().ids().filter(QRegularExpression("^faulty\\.")).isEmpty());
  t.expectExampleWorks();
  EXPECT_TRUE(recorded(record, "faulty")) << "only --enable-plugin clears the record";
}

TEST(PluginFreeze, ClearingTheRecordStartsThePluginAgain) {
  const QString record = freshRecord("freeze-cleared");
  ASSERT_TRUE(fv::viewer::addFreeze(record, {"faulty", "plugin froze the viewer in info"}));
  EXPECT_TRUE(fv::viewer::PluginHost::clearFreeze(record, "faulty"));
  FaultyHost t("", fv::test::Hangs::Bounded, record);
  EXPECT_EQ(t.faultyRecord().status, Status::Loaded) << t.faultyRecord().message.toStdString();
  t.expectExampleWorks();
}

// The whole story with the real viewer: a plugin freezes it for good while it starts, the user
// kills it; the next start runs without that plugin and says why; --enable-plugin brings it back.
TEST(PluginFreeze, AViewerKilledWhileFrozenStartsWithoutThePluginNextTime) {
  const QString home = QString::fromStdString(fv::test::tempDir("freeze-viewer"));
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("XDG_DATA_HOME", home + "/data");
  env.insert("XDG_CONFIG_HOME", home + "/config");
  env.insert("QT_QPA_PLATFORM", "offscreen");
  env.insert("FLUOROVIEW_PLUGIN_PATH", fv::test::exampleAndFaultyDir());
  env.insert("FLUOROVIEW_PLUGIN_FREEZE_SECONDS", "0.3");
  // The viewer is a GUI process: Qt's and Mesa's process-lifetime allocations are not ours to
  // report (as for the GUI suites, see tests/CMakeLists.txt); addresses and UB are still checked.
  if (env.contains("ASAN_OPTIONS"))
    env.insert("ASAN_OPTIONS", env.value("ASAN_OPTIONS") + ":detect_leaks=0");
  const QString record = home + "/data/FluoroView/FluoroView/frozen-plugins.tsv";

  QProcess frozen;
  QProcessEnvironment hangEnv = env;
  hangEnv.insert("FV_FAULTY_MODE", "register:hang");
  hangEnv.insert("FV_FAULTY_HANG_MS", "0");  // never returns
  frozen.setProcessEnvironment(hangEnv);
  frozen.start(FV_VIEWER, {"--list-plugins"});
  ASSERT_TRUE(frozen.waitForStarted(10000));
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!recorded(record, "faulty") && std::chrono::steady_clock::now() < deadline &&
         frozen.state() == QProcess::Running)
    std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(recorded(record, "faulty")) << frozen.readAllStandardError().toStdString();
  EXPECT_EQ(frozen.state(), QProcess::Running) << "the plugin was meant to freeze the viewer";
  ::kill(pid_t(frozen.processId()), SIGKILL);  // what the user (or the desktop) does
  frozen.waitForFinished(10000);

  auto listPlugins = [&](const QStringList& extra) {
    QProcess viewer;
    viewer.setProcessEnvironment(env);
    viewer.start(FV_VIEWER, extra + QStringList{"--list-plugins"});
    EXPECT_TRUE(viewer.waitForFinished(60000));
    EXPECT_EQ(viewer.exitCode(), 0) << viewer.readAllStandardError().toStdString();
    return QString::fromLocal8Bit(viewer.readAllStandardOutput());
  };
  const QString next = listPlugins({});
  EXPECT_TRUE(next.contains(QRegularExpression(
      "faulty\\t[^\\t]*\\tdisabled\\tfaulty: not started: plugin froze the viewer in "
      "registerContributions for more than")))
      << next.toStdString();
  EXPECT_TRUE(next.contains(
      QRegularExpression("\\nexample\\t[^\\t]*\\tloaded|^example\\t[^\\t]*\\tloaded")))
      << next.toStdString();

  const QString enabled = listPlugins({"--enable-plugin", "faulty"});
  EXPECT_TRUE(enabled.contains(QRegularExpression("faulty\\t[^\\t]*\\tloaded")))
      << enabled.toStdString();
  EXPECT_FALSE(QFile::exists(record));
}
