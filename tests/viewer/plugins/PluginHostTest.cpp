// PluginHost with the test plugins of tests/plugins: loading, refusing, guarding, listing.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPluginLoader>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStackedWidget>

#include "GuardedPanelFactory.h"
#include "PluginTestUtil.h"
#include "RecordingViewerServices.h"
#include "fv/viewer/plugin/Plugin.h"

using fv::test::RecordingViewerServices;
using fv::test::recordOf;
using fv::test::ScopedEnv;
using fv::test::testPluginDir;
using fv::viewer::PluginHost;
using fv::viewer::PluginRecord;
using Status = fv::viewer::PluginRecord::Status;

namespace {

/// A host that loaded every test plugin (example, broken-*, wrong-version, notaplugin).
struct LoadedHost {
  RecordingViewerServices viewer;
  PluginHost host{viewer};
  LoadedHost() { host.loadAll({testPluginDir()}); }
};

fv::plugin::ToolEvent leftClick(QPointF image) {
  fv::plugin::ToolEvent e;
  e.imagePos = image;
  e.button = Qt::LeftButton;
  e.buttons = Qt::LeftButton;
  return e;
}

/// A fresh folder holding copies of test plugins (each copy is a library of its own).
QString folderWith(const std::string& name, const QStringList& files) {
  const QString dir = QString::fromStdString(fv::test::tempDir(name));
  for (const QString& file : files) {
    const QString target = dir + u'/' + (file.contains(u'=') ? file.section(u'=', 1) : file);
    EXPECT_TRUE(QFile::copy(testPluginDir() + u'/' + file.section(u'=', 0, 0), target))
        << target.toStdString();
  }
  return dir;
}

}  // namespace

TEST(PluginHost, LoadsTheExamplePluginAndRegistersItsContributions) {
  LoadedHost t;
  const auto example = recordOf(t.host, "example");
  ASSERT_TRUE(example) << t.host.listText().toStdString();
  EXPECT_EQ(example->status, Status::Loaded) << example->message.toStdString();
  EXPECT_EQ(example->name, "Example");
  EXPECT_EQ(example->version, "1.0.0");
  EXPECT_EQ(example->file, QDir(testPluginDir()).absoluteFilePath("libexample.so"));
  EXPECT_EQ(example->message, "");
  EXPECT_TRUE(t.host.isEnabled("example"));

  const fv::viewer::ContributionRegistry& registry = t.host.registry();
  ASSERT_TRUE(registry.tool("example.tool.marker"));
  EXPECT_EQ(registry.tool("example.tool.marker")->name(), "Marker");
  ASSERT_TRUE(registry.panel("example.panel.info"));
  EXPECT_EQ(registry.panel("example.panel.info")->title(), "Example info");
  ASSERT_TRUE(registry.seriesHandler("example.handler.any"));
  const auto hello = registry.command("example.command.hello");
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->menu, "Tools");
  EXPECT_EQ(hello->shortcut, QKeySequence("Ctrl+Shift+H"));
  const auto demo = registry.workflow("example.workflow.demo");
  ASSERT_TRUE(demo);
  EXPECT_EQ(demo->tool, "example.tool.marker");
  EXPECT_EQ(demo->panels, QStringList{"example.panel.info"});
  for (const char* id : {"example.tool.marker", "example.panel.info", "example.handler.any",
                         "example.command.hello", "example.workflow.demo"})
    EXPECT_EQ(registry.ownerOf(id), "example") << id;
}

TEST(PluginHost, RefusesAPluginBuiltForAnotherApiVersion) {
  LoadedHost t;
  const auto old = recordOf(t.host, "wrong-version");  // its id comes from the metadata
  ASSERT_TRUE(old) << t.host.listText().toStdString();
  EXPECT_EQ(old->status, Status::Failed);
  EXPECT_TRUE(old->message.contains("\"org.fluoroview.Plugin/0\"")) << old->message.toStdString();
  EXPECT_TRUE(old->message.contains("\"" FV_PLUGIN_IID "\"")) << old->message.toStdString();
  EXPECT_EQ(old->version, "0.9.0");
  EXPECT_FALSE(qEnvironmentVariableIsSet("FV_TEST_WRONG_VERSION_INSTANTIATED"))
      << "its object was created";
  EXPECT_TRUE(t.viewer.hasMessage("org.fluoroview.Plugin/0", true))
      << t.viewer.allMessages().toStdString();
  EXPECT_FALSE(t.host.isEnabled("wrong-version"));
}

TEST(PluginHost, ReportsAFileThatIsNotAPlugin) {
  LoadedHost t;
  const auto junk = recordOf(t.host, "notaplugin");
  ASSERT_TRUE(junk) << t.host.listText().toStdString();
  EXPECT_EQ(junk->status, Status::Failed);
  QPluginLoader loader(junk->file);
  EXPECT_TRUE(loader.metaData().isEmpty());
  EXPECT_FALSE(loader.errorString().isEmpty());
  EXPECT_TRUE(junk->message.contains(loader.errorString())) << junk->message.toStdString();
  EXPECT_TRUE(junk->message.contains("libnotaplugin.so")) << junk->message.toStdString();
  EXPECT_TRUE(t.host.isEnabled("example"));  // the others load all the same
}

TEST(PluginHost, ReportsAPluginWithMissingSymbolsInsteadOfCrashingLater) {
  LoadedHost t;
  const auto record = recordOf(t.host, "missing-symbol");
  ASSERT_TRUE(record) << t.host.listText().toStdString();
  EXPECT_EQ(record->status, Status::Failed);
  EXPECT_TRUE(record->message.contains("fv_test_symbol_that_does_not_exist"))
      << record->message.toStdString();
  EXPECT_TRUE(t.viewer.hasMessage("fv_test_symbol_that_does_not_exist", true));
}

TEST(PluginHost, DisablesAPluginWhoseRegistrationThrows) {
  RecordingViewerServices viewer;
  PluginHost host(viewer);
  QSignalSpy disabled(&host, &PluginHost::pluginDisabled);
  host.loadAll({testPluginDir()});

  const auto broken = recordOf(host, "broken-register");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, Status::Disabled);
  const QString expected =
      "broken-register: plugin threw in registerContributions: registration exploded on purpose";
  EXPECT_EQ(broken->message, expected);
  ASSERT_EQ(disabled.count(), 1);
  EXPECT_EQ(disabled[0][0].toString(), "broken-register");
  EXPECT_EQ(disabled[0][1].toString(), expected);
  EXPECT_TRUE(viewer.hasMessage(expected, true));
  // The tool it registered before throwing is gone with it.
  EXPECT_EQ(host.registry().tool("broken-register.tool.idle"), nullptr);
  EXPECT_TRUE(host.registry().ids().filter(QRegularExpression("^broken-register\\.")).isEmpty());
  EXPECT_TRUE(host.isEnabled("example"));
}

TEST(PluginHost, DisablesAPluginWhenItsToolThrowsAndKeepsRunning) {
  LoadedHost t;
  QSignalSpy disabled(&t.host, &PluginHost::pluginDisabled);
  ASSERT_TRUE(t.host.isEnabled("broken-tool"));
  const auto bomb = t.host.registry().tool("broken-tool.tool.bomb");
  ASSERT_TRUE(bomb);
  fv::test::FakeViewport viewport(fv::test::demoSeries("XA"));

  bool consumed = true;
  EXPECT_NO_THROW(consumed = bomb->mousePress(viewport, leftClick({5, 5})));
  EXPECT_FALSE(consumed);
  const QString expected =
      "broken-tool: tool broken-tool.tool.bomb threw in mousePress: the bomb tool went off";
  ASSERT_EQ(disabled.count(), 1);
  EXPECT_EQ(disabled[0][0].toString(), "broken-tool");
  EXPECT_EQ(disabled[0][1].toString(), expected);
  EXPECT_EQ(recordOf(t.host, "broken-tool")->status, Status::Disabled);
  EXPECT_TRUE(recordOf(t.host, "broken-tool")->message.contains(expected));
  EXPECT_TRUE(t.viewer.hasMessage(expected, true));
  EXPECT_FALSE(t.host.isEnabled("broken-tool"));

  // Inert from now on: no event consumed, nothing drawn, no second report.
  EXPECT_FALSE(bomb->mousePress(viewport, leftClick({5, 5})));
  QImage image(32, 32, QImage::Format_ARGB32);
  image.fill(Qt::transparent);
  QPainter painter(&image);
  bomb->paint(viewport, painter);
  painter.end();
  EXPECT_EQ(image.pixelColor(2, 2).alpha(), 0);
  EXPECT_EQ(disabled.count(), 1);

  // The viewer and the other plugins keep working.
  EXPECT_TRUE(
      t.host.registry().tool("example.tool.marker")->mousePress(viewport, leftClick({5, 5})));
  EXPECT_TRUE(t.host.isEnabled("example"));
}

TEST(PluginHost, ReplacesTheDisabledPluginsPanelWithALabel) {
  LoadedHost t;
  const auto panel = t.host.registry().panel("broken-tool.panel.status");
  ASSERT_TRUE(panel);
  std::unique_ptr<QWidget> widget(panel->create(t.viewer));
  auto* stack = qobject_cast<QStackedWidget*>(widget.get());
  ASSERT_TRUE(stack);
  QPointer<QLabel> original = qobject_cast<QLabel*>(stack->currentWidget());
  ASSERT_TRUE(original);
  EXPECT_EQ(original->text(), "armed");

  fv::test::FakeViewport viewport(fv::test::demoSeries("XA"));
  t.host.registry().tool("broken-tool.tool.bomb")->mousePress(viewport, leftClick({1, 1}));

  auto* label = qobject_cast<QLabel*>(stack->currentWidget());
  ASSERT_TRUE(label);
  EXPECT_EQ(label->objectName(), fv::viewer::GuardedPanelFactory::kDisabledLabelName);
  EXPECT_TRUE(label->text().contains("the bomb tool went off")) << label->text().toStdString();
  QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  EXPECT_TRUE(original.isNull()) << "the disabled plugin's widget is still alive";

  std::unique_ptr<QWidget> later(
      panel->create(t.viewer));  // created after disabling: the label only
  EXPECT_EQ(later->objectName(), fv::viewer::GuardedPanelFactory::kDisabledLabelName);
}

TEST(PluginHost, DisablesAPluginWhoseCommandThrowsAnything) {
  LoadedHost t;
  const auto fail = t.host.registry().command("broken-tool.command.fail");
  ASSERT_TRUE(fail);
  EXPECT_NO_THROW(fail->run(t.viewer));  // throws an int
  EXPECT_EQ(recordOf(t.host, "broken-tool")->status, Status::Disabled);
  EXPECT_TRUE(t.viewer.hasMessage(
      "broken-tool: command broken-tool.command.fail threw in run: unknown exception", true))
      << t.viewer.allMessages().toStdString();
}

TEST(PluginHost, RejectsForeignOrDuplicateContributionIds) {
  LoadedHost t;
  const auto record = recordOf(t.host, "broken-tool");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->status, Status::Loaded);  // a rejected contribution does not disable the plugin
  EXPECT_TRUE(record->message.contains(
      "broken-tool: rejected: tool id \"example.tool.stolen\" does not belong"))
      << record->message.toStdString();
  EXPECT_TRUE(record->message.contains(
      "broken-tool: rejected: tool id \"broken-tool.tool.bomb\" is already registered"))
      << record->message.toStdString();
  EXPECT_TRUE(t.viewer.hasMessage("example.tool.stolen", true));
  EXPECT_EQ(t.host.registry().ownerOf("example.tool.marker"), "example");
  EXPECT_EQ(t.host.registry().ids().count("broken-tool.tool.bomb"), 1);
}

TEST(PluginHost, OffersTheExampleLoadableForEverySeriesWithFrames) {
  LoadedHost t;
  for (const char* modality : {"XA", "MR"}) {
    const auto ranked = t.host.registry().bestLoadables(*fv::test::demoSeries(modality));
    ASSERT_EQ(ranked.size(), 1u) << modality;
    EXPECT_EQ(ranked[0].handlerId, "example.handler.any");
    EXPECT_DOUBLE_EQ(ranked[0].loadable.confidence, 0.1);
  }
}

TEST(PluginHost, SearchPathHonoursFLUOROVIEW_PLUGIN_PATH) {
  const QString mine = folderWith("search-path", {"libexample.so"});
  {
    ScopedEnv env("FLUOROVIEW_PLUGIN_PATH", (mine + "::/nonexistent/a/../b").toUtf8());
    const QStringList paths = PluginHost::defaultSearchPaths();
    ASSERT_EQ(paths.size(), 4) << paths.join(u' ').toStdString();
    EXPECT_EQ(paths[0], mine);
    EXPECT_EQ(paths[1], "/nonexistent/b");
    EXPECT_EQ(
        paths[2],
        QDir(QCoreApplication::applicationDirPath() + "/../lib/fluoroview/plugins").absolutePath());
    EXPECT_EQ(paths[3], QDir(FV_BINARY_DIR "/plugins").absolutePath());

    RecordingViewerServices viewer;
    PluginHost host(viewer);
    host.loadAll(paths);
    const auto example = recordOf(host, "example");
    ASSERT_TRUE(example);
    EXPECT_EQ(example->file, mine + "/libexample.so");
    EXPECT_EQ(example->status, Status::Loaded) << example->message.toStdString();
  }
  EXPECT_FALSE(PluginHost::defaultSearchPaths().contains(mine));
}

TEST(PluginHost, LoadsEachFileNameOnceFirstFolderFirst) {
  const QString first = folderWith("first-wins", {"libexample.so"});
  RecordingViewerServices viewer;
  PluginHost host(viewer);
  host.loadAll({first, testPluginDir(), first});
  host.loadAll({testPluginDir()});
  const auto records = host.plugins();
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[0].file, first + "/libexample.so");
  QStringList files;
  for (const PluginRecord& r : records) files << QFileInfo(r.file).fileName();
  EXPECT_EQ(files,
            (QStringList{"libexample.so", "libbroken-register.so", "libbroken-tool.so",
                         "libmissing-symbol.so", "libnotaplugin.so", "libwrong-version.so"}));
}

TEST(PluginHost, RefusesASecondPluginWithTheSameId) {
  const QString dir = folderWith("same-id", {"libexample.so", "libexample.so=libexample-copy.so"});
  RecordingViewerServices viewer;
  PluginHost host(viewer);
  host.loadAll({dir});
  const auto records = host.plugins();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].file, dir + "/libexample-copy.so");  // '-' sorts before '.'
  EXPECT_EQ(records[0].status, Status::Loaded);
  EXPECT_EQ(records[1].status, Status::Failed);
  EXPECT_TRUE(records[1].message.contains("already loaded from " + dir + "/libexample-copy.so"))
      << records[1].message.toStdString();
  EXPECT_EQ(host.registry().tools().size(), 1u);
}

TEST(PluginHost, ListTextHasOneLinePerPlugin) {
  LoadedHost t;
  const QStringList lines = t.host.listText().split(u'\n', Qt::SkipEmptyParts);
  ASSERT_EQ(size_t(lines.size()), t.host.plugins().size());
  EXPECT_TRUE(t.host.listText().endsWith(u'\n'));
  for (const QString& line : lines) {
    const QStringList fields = line.split(u'\t');
    EXPECT_TRUE(fields.size() == 3 || fields.size() == 4) << line.toStdString();
  }
  EXPECT_TRUE(lines.contains("example\t1.0.0\tloaded"));
  EXPECT_EQ(lines
                .filter(QRegularExpression(
                    "^broken-register\t0\\.0\\.1\tdisabled\tbroken-register: plugin threw"))
                .size(),
            1);
  EXPECT_EQ(lines
                .filter(QRegularExpression(
                    "^wrong-version\t0\\.9\\.0\tfailed\t.*org\\.fluoroview\\.Plugin/0"))
                .size(),
            1);
  EXPECT_EQ(lines.filter(QRegularExpression("^notaplugin\t-\tfailed\t")).size(), 1);
}

TEST(PluginHost, ShutsDownEachRunningPluginOnce) {
  LoadedHost t;
  t.host.shutdown();
  t.host.shutdown();
  int goodbyes = 0;
  for (const auto& m : t.viewer.messages) goodbyes += m.text == "Example plugin shut down";
  EXPECT_EQ(goodbyes, 1);
}
