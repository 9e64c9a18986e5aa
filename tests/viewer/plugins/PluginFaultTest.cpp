// Plugin faults (issue 5, "Reliability"): the faulty test plugin (tests/plugins/faulty) throws,
// returns garbage or hangs in each kind of call, beside the example plugin. Each time the host
// disables it with a message naming it and the fault, and keeps working, and the example keeps
// its contributions and its data. See docs/reliability.md, "Plugin faults".
#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QThread>

#include "GuardedPanelFactory.h"
#include "PluginFaultUtil.h"
#include "PluginWorker.h"

using fv::test::FaultyHost;
using fv::test::Hangs;
using fv::test::leftPress;
using Status = fv::viewer::PluginRecord::Status;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

/// Milliseconds since `start`.
long long msSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

/// The ids of the faulty plugin's contributions in the registry.
QStringList faultyIds(const fv::viewer::PluginHost& host) {
  return host.registry().ids().filter(QRegularExpression("^faulty\\."));
}

/// A transparent 200×200 image to paint tools into.
QImage blank() {
  QImage image(200, 200, QImage::Format_ARGB32);
  image.fill(Qt::transparent);
  return image;
}

/// ViewerServices that note on which thread showMessage() was called.
class ThreadNotingViewer final : public fv::plugin::ViewerServices {
 public:
  explicit ThreadNotingViewer(fv::plugin::ViewerServices& inner) : m_inner(inner) {}
  fv::plugin::ViewportContext* activeViewport() override { return m_inner.activeViewport(); }
  const fv::dicom::DicomIndex& index() const override {
    indexThreads << QThread::currentThread();
    return m_inner.index();
  }
  bool showSeries(const QString& uid) override { return m_inner.showSeries(uid); }
  void activateTool(const QString& id) override { m_inner.activateTool(id); }
  void showMessage(const QString& text, bool error = false) override {
    messageThreads << QThread::currentThread();
    m_inner.showMessage(text, error);
  }
  fv::plugin::ViewerEvents& events() override { return m_inner.events(); }
  fv::dicom::Status sendToArchive(const std::vector<std::string>& files) override {
    return m_inner.sendToArchive(files);
  }

  mutable QList<QThread*> indexThreads;  ///< one per index() call
  QList<QThread*> messageThreads;        ///< one per showMessage() call

 private:
  fv::plugin::ViewerServices& m_inner;
};

}  // namespace

// --- Loading and registration (GUI thread) -----------------------------------------------------

TEST(PluginFaults, BothPluginsLoadAndWorkWithoutFaults) {
  FaultyHost t("");
  EXPECT_EQ(t.faultyRecord().status, Status::Loaded) << t.faultyRecord().message.toStdString();
  EXPECT_EQ(t.faultyRecord().message, "");
  EXPECT_EQ(faultyIds(t.host),
            (QStringList{"faulty.tool.pin", "faulty.panel.status", "faulty.handler.all",
                         "faulty.exporter.note", "faulty.command.poke", "faulty.workflow.pin"}));
  EXPECT_EQ(t.host.registry().bestLoadables(*fv::test::demoSeries("XA")).size(), 2u);
  t.expectExampleWorks();
  EXPECT_EQ(t.disabled.count(), 0);
}

TEST(PluginFaults, InfoThatThrowsDisablesThePluginBeforeItRegistersAnything) {
  FaultyHost t("info:throw");
  t.expectFaultyDisabled({"faulty: plugin threw in info: faulty info threw on purpose"});
  EXPECT_TRUE(faultyIds(t.host).isEmpty());
  EXPECT_EQ(t.faulty().calls("register"), 0);
  t.expectExampleWorks();
}

TEST(PluginFaults, InfoWithAnInvalidIdIsRefusedNamingTheId) {
  FaultyHost t("info:garbage");
  const auto record = t.faultyRecord();  // named after its metadata
  EXPECT_EQ(record.status, Status::Failed);
  EXPECT_TRUE(record.message.contains("faulty: invalid plugin id \"faulty plugin!\""))
      << record.message.toStdString();
  EXPECT_TRUE(t.viewer.hasMessage("\"faulty plugin!\"", true));
  EXPECT_TRUE(faultyIds(t.host).isEmpty());
  EXPECT_EQ(t.faulty().calls("register"), 0);
  t.expectExampleWorks();
}

TEST(PluginFaults, InfoThatHangsIsDisabledAsSlowOnceItReturns) {
  FaultyHost t("info:hang");
  t.expectFaultyDisabled({"plugin blocked the viewer for", "ms in info (limit 150 ms)",
                          "slow plugin"});
  EXPECT_TRUE(faultyIds(t.host).isEmpty());
  t.expectExampleWorks();
}

TEST(PluginFaults, RegistrationThatThrowsLeavesNoContributionAndTheExampleWhole) {
  FaultyHost t("register:throw");
  t.expectFaultyDisabled(
      {"faulty: plugin threw in registerContributions: faulty register threw on purpose"});
  EXPECT_TRUE(faultyIds(t.host).isEmpty()) << faultyIds(t.host).join(' ').toStdString();
  t.expectExampleWorks();
}

TEST(PluginFaults, RegistrationThatHangsIsDisabledAndLeavesNoContribution) {
  FaultyHost t("register:hang");
  t.expectFaultyDisabled({"ms in registerContributions (limit 150 ms)", "slow plugin"});
  EXPECT_TRUE(faultyIds(t.host).isEmpty()) << faultyIds(t.host).join(' ').toStdString();
  t.expectExampleWorks();
}

TEST(PluginFaults, InvalidContributionsAreRejectedNamingTheValueAndTheValidOnesKept) {
  FaultyHost t("register:garbage");
  const auto record = t.faultyRecord();
  // Registration-time garbage costs the contribution, not the plugin (docs/plugins.md, "Ids").
  EXPECT_EQ(record.status, Status::Loaded);
  for (const char* part :
       {"faulty: rejected: null tool", "faulty: rejected: null handler",
        "faulty: rejected: null panel", "faulty: rejected: null exporter",
        "tool id \"faulty.tools.wrong-kind\" has the wrong kind word",
        "tool id \"example.tool.marker\" does not belong to plugin \"faulty\"",
        "tool id \"faulty.tool.pin\" is already registered",
        "tool \"faulty.tool.nameless\" has no name",
        "panel \"faulty.panel.nowhere\" asks for dock area 5",
        "command \"faulty.command.no-run\" has no run function",
        "command \"faulty.command.no-text\" has no text",
        "workflow \"faulty.workflow.huge\" asks for a 3×3 grid",
        "workflow \"faulty.workflow.crowded\" names 5 viewport modalities for 2 viewports",
        "workflow \"faulty.workflow.bad-panel\" names panel \"not a panel\""}) {
    EXPECT_TRUE(record.message.contains(QString::fromUtf8(part)))
        << part << "\nnot in: " << record.message.toStdString();
    EXPECT_TRUE(t.viewer.hasMessage(QString::fromUtf8(part), true)) << part;
  }
  EXPECT_EQ(faultyIds(t.host),
            (QStringList{"faulty.tool.pin", "faulty.panel.status", "faulty.handler.all",
                         "faulty.exporter.note", "faulty.command.poke", "faulty.workflow.pin"}));
  EXPECT_EQ(t.host.registry().ownerOf("example.tool.marker"), "example");
  t.expectExampleWorks();
}

// --- Series handlers (worker thread, with a timeout) --------------------------------------------

TEST(PluginFaults, HandlerThatThrowsIsDisabledAndTheExampleStillOffersItsLoadable) {
  FaultyHost t("handler:throw");
  t.markWithExample();
  const auto ranked = t.host.registry().bestLoadables(*fv::test::demoSeries("XA"));
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].handlerId, "example.handler.any");
  t.expectFaultyDisabled(
      {"faulty: handler faulty.handler.all threw in examine: faulty handler threw on purpose"});
  t.expectExampleWorks();
  EXPECT_EQ(t.faulty().calls("handler"), 1);
}

TEST(PluginFaults, HandlerThatReturnsAnInvalidLoadableIsDisabledNamingTheValue) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"nan", "loadable 1 (\"Faulty view\") has confidence nan (expected 0..1)"},
      {"inf", "has confidence inf (expected 0..1)"},
      {"negative", "has confidence -5 (expected 0..1)"},
      {"above", "has confidence 7 (expected 0..1)"},
      {"noname", "loadable 1 has no name"},
      {"stack", "names stack 99, but the series has 1 stack(s) (expected -1..0)"},
      {"stack-negative", "names stack -7"},
      {"many", "1000 loadables for one series (at most 32)"},
  };
  for (const auto& [kind, expected] : cases) {
    SCOPED_TRACE(kind);
    FaultyHost t(QByteArray("handler:garbage:") + kind);
    t.markWithExample();
    const auto ranked = t.host.registry().bestLoadables(*fv::test::demoSeries("XA"));
    ASSERT_EQ(ranked.size(), 1u);
    EXPECT_EQ(ranked[0].handlerId, "example.handler.any");
    t.expectFaultyDisabled({"faulty: handler faulty.handler.all broke the plugin contract in "
                            "examine: ",
                            QString::fromUtf8(expected)});
    t.expectExampleWorks();
  }
}

TEST(PluginFaults, HandlerThatHangsIsDisabledAfterItsTimeout) {
  FaultyHost t("handler:hang", Hangs::UntilReleased);
  t.markWithExample();
  const auto start = Clock::now();
  const auto ranked = t.host.registry().bestLoadables(*fv::test::demoSeries("XA"));
  const long long took = msSince(start);
  EXPECT_GE(took, 300);
  EXPECT_LT(took, 300 + 3000) << "the host waited for the hung handler";
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].handlerId, "example.handler.any");
  t.expectFaultyDisabled({"faulty: handler faulty.handler.all did not return from examine within "
                          "300 ms (hung?)",
                          "abandoned"});
  EXPECT_EQ(fv::viewer::runningWorkers(), 1);  // the hung worker, left running

  // The host goes on without waiting for it, and never calls the plugin again.
  const auto again = Clock::now();
  EXPECT_EQ(t.host.registry().bestLoadables(*fv::test::demoSeries("MR")).size(), 1u);
  EXPECT_LT(msSince(again), 300);
  t.expectExampleWorks();
  EXPECT_EQ(t.faulty().calls("handler"), 1);

  // Released late, the worker ends; its result and its viewer calls are ignored.
  t.faulty().release();
  EXPECT_EQ(fv::test::waitForWorkers(), 0);
  EXPECT_FALSE(t.viewer.hasMessage("faulty handler woke up")) << t.viewer.allMessages().toStdString();
  EXPECT_EQ(t.disabled.count(), 1);
}

// --- Viewport tools (GUI thread) -----------------------------------------------------------------

TEST(PluginFaults, ToolThatThrowsIsDisabledAndTheExamplesMarksSurvive) {
  FaultyHost t("tool:throw");
  t.markWithExample();
  const auto pin = t.host.registry().tool("faulty.tool.pin");
  ASSERT_TRUE(pin);
  EXPECT_FALSE(pin->mousePress(t.xa, leftPress({10, 10})));
  t.expectFaultyDisabled(
      {"faulty: tool faulty.tool.pin threw in mousePress: faulty tool threw on purpose"});
  EXPECT_FALSE(pin->mousePress(t.xa, leftPress({10, 10})));  // inert now
  EXPECT_EQ(t.faulty().calls("tool"), 1);
  t.expectExampleWorks();
}

TEST(PluginFaults, ToolThatThrowsInAnyOfItsCallsIsDisabledNamingTheCall) {
  using Call = std::function<void(fv::plugin::ViewportTool&, fv::plugin::ViewportContext&)>;
  const std::vector<std::pair<const char*, Call>> calls = {
      {"mouseMove", [](auto& tool, auto& v) { tool.mouseMove(v, leftPress({1, 1})); }},
      {"mouseRelease", [](auto& tool, auto& v) { tool.mouseRelease(v, leftPress({1, 1})); }},
      {"keyPress", [](auto& tool, auto& v) { tool.keyPress(v, leftPress({1, 1})); }},
      {"activated", [](auto& tool, auto& v) { tool.activated(&v); }},
      {"deactivated", [](auto& tool, auto&) { tool.deactivated(); }},
  };
  for (const auto& [method, call] : calls) {
    SCOPED_TRACE(method);
    FaultyHost t("tool:throw");
    t.markWithExample();
    const auto pin = t.host.registry().tool("faulty.tool.pin");
    EXPECT_NO_THROW(call(*pin, t.xa));
    t.expectFaultyDisabled({QStringLiteral("faulty: tool faulty.tool.pin threw in %1: faulty tool "
                                           "threw on purpose")
                                .arg(method)});
    call(*pin, t.xa);
    EXPECT_EQ(t.faulty().calls("tool"), 1);
    t.expectExampleWorks();
  }
}

TEST(PluginFaults, ToolThatHangsIsDisabledAsSlowOnceItReturns) {
  FaultyHost t("tool:hang");
  t.markWithExample();
  const auto start = Clock::now();
  EXPECT_FALSE(t.host.registry().tool("faulty.tool.pin")->mousePress(t.xa, leftPress({10, 10})));
  EXPECT_GE(msSince(start), fv::test::kGuiHangMs);  // a GUI-thread call cannot be interrupted
  t.expectFaultyDisabled({"faulty: tool faulty.tool.pin blocked the viewer for",
                          "ms in mousePress (limit 150 ms): disabled as a slow plugin"});
  t.expectExampleWorks();
}

TEST(PluginFaults, ToolThatWaitsInANestedEventLoopIsNotSlow) {
  FaultyHost t("tool:modal");  // as a tool asking for a label text in a dialog does
  const auto start = Clock::now();
  EXPECT_TRUE(t.host.registry().tool("faulty.tool.pin")->mousePress(t.xa, leftPress({10, 10})));
  EXPECT_GE(msSince(start), fv::test::kGuiHangMs);
  EXPECT_TRUE(t.host.isEnabled("faulty")) << t.faultyRecord().message.toStdString();
  EXPECT_EQ(t.disabled.count(), 0);
  t.expectExampleWorks();
}

TEST(PluginFaults, PaintThatThrowsIsDisabledAndTheExampleStillDraws) {
  FaultyHost t("paint:throw");
  t.markWithExample();
  QImage image = blank();
  QPainter painter(&image);
  t.host.registry().tool("faulty.tool.pin")->paint(t.xa, painter);
  painter.end();
  t.expectFaultyDisabled(
      {"faulty: tool faulty.tool.pin threw in paint: faulty paint threw on purpose"});
  t.expectExampleWorks();
}

TEST(PluginFaults, PaintThatEndsThePainterIsDisabledAndWhatFollowsStillDraws) {
  FaultyHost t("paint:garbage:end");
  t.markWithExample();
  QImage image = blank();
  QPainter painter(&image);
  painter.setOpacity(0.5);
  t.host.registry().tool("faulty.tool.pin")->paint(t.xa, painter);
  EXPECT_TRUE(painter.isActive()) << "the host did not begin the painter again";
  EXPECT_EQ(painter.opacity(), 0.5);
  t.host.registry().tool("example.tool.marker")->paint(t.xa, painter);  // frame 2: the mark
  painter.end();
  EXPECT_GT(image.pixelColor(36, 40).alpha(), 0) << "the example's mark was not drawn";
  t.expectFaultyDisabled(
      {"faulty: tool faulty.tool.pin broke the plugin contract in paint: it ended the painter"});
  t.expectExampleWorks();
}

TEST(PluginFaults, PaintThatLeavesASaveOpenIsDisabledAndThePainterRestored) {
  FaultyHost t("paint:garbage");  // save(), then opacity 0.1 and a translation, no restore()
  QImage image = blank();
  QPainter painter(&image);
  painter.setOpacity(0.5);
  painter.save();  // the viewport's own level, as ImageViewport does
  t.host.registry().tool("faulty.tool.pin")->paint(t.xa, painter);
  EXPECT_EQ(painter.opacity(), 0.5);
  EXPECT_TRUE(painter.worldTransform().isIdentity());
  painter.setOpacity(0.7);
  painter.restore();  // the viewport's level is still there
  EXPECT_EQ(painter.opacity(), 0.5);
  painter.end();
  t.expectFaultyDisabled({"faulty: tool faulty.tool.pin broke the plugin contract in paint: it "
                          "left a save() without restore()"});
  t.expectExampleWorks();
}

TEST(PluginFaults, PaintThatHangsIsDisabledAsSlowAndDrawsNothingMore) {
  FaultyHost t("paint:hang");
  const auto pin = t.host.registry().tool("faulty.tool.pin");
  ASSERT_TRUE(pin->mousePress(t.xa, leftPress({100, 100})));  // a pin at widget (60, 70)
  QImage first = blank();
  QPainter painter(&first);
  pin->paint(t.xa, painter);
  painter.end();
  t.expectFaultyDisabled({"faulty: tool faulty.tool.pin blocked the viewer for",
                          "ms in paint (limit 150 ms)"});
  QImage second = blank();
  painter.begin(&second);
  pin->paint(t.xa, painter);
  painter.end();
  EXPECT_EQ(second.pixelColor(60, 70).alpha(), 0);
  EXPECT_EQ(t.faulty().calls("paint"), 1);
  t.expectExampleWorks();
}

// --- Panels (GUI thread) --------------------------------------------------------------------------

TEST(PluginFaults, PanelThatThrowsIsALabelAndTheExamplePanelFollowsTheFrame) {
  FaultyHost t("panel:throw");
  std::unique_ptr<QWidget> panel(t.host.registry().panel("faulty.panel.status")->create(t.viewer));
  ASSERT_TRUE(panel);
  EXPECT_EQ(panel->objectName(), fv::viewer::GuardedPanelFactory::kDisabledLabelName);
  t.expectFaultyDisabled(
      {"faulty: panel faulty.panel.status threw in create: faulty panel threw on purpose"});
  EXPECT_TRUE(qobject_cast<QLabel*>(panel.get())->text().contains("faulty panel threw"));
  t.expectExampleWorks();
}

TEST(PluginFaults, PanelThatReturnsNoWidgetIsDisabled) {
  FaultyHost t("panel:garbage");
  std::unique_ptr<QWidget> panel(t.host.registry().panel("faulty.panel.status")->create(t.viewer));
  ASSERT_TRUE(panel);
  EXPECT_EQ(panel->objectName(), fv::viewer::GuardedPanelFactory::kDisabledLabelName);
  t.expectFaultyDisabled({"faulty: panel faulty.panel.status broke the plugin contract in create: "
                          "returned no widget (nullptr)"});
  t.expectExampleWorks();
}

TEST(PluginFaults, PanelThatReturnsAWidgetOwnedElsewhereIsDisabledAndTheWidgetLeftAlone) {
  FaultyHost t("panel:garbage:parented");
  std::unique_ptr<QWidget> panel(t.host.registry().panel("faulty.panel.status")->create(t.viewer));
  ASSERT_TRUE(panel);
  EXPECT_EQ(panel->objectName(), fv::viewer::GuardedPanelFactory::kDisabledLabelName);
  t.expectFaultyDisabled({"faulty: panel faulty.panel.status broke the plugin contract in create: "
                          "returned a widget that already has a parent (a QWidget)"});
  t.expectExampleWorks();
}

TEST(PluginFaults, PanelThatHangsIsDisabledAndItsWidgetDeleted) {
  FaultyHost t("panel:hang");
  std::unique_ptr<QWidget> panel(t.host.registry().panel("faulty.panel.status")->create(t.viewer));
  ASSERT_TRUE(panel);
  EXPECT_EQ(panel->objectName(), fv::viewer::GuardedPanelFactory::kDisabledLabelName);
  EXPECT_EQ(panel->findChild<QLabel*>("faulty-status"), nullptr);
  t.expectFaultyDisabled({"faulty: panel faulty.panel.status blocked the viewer for",
                          "ms in create (limit 150 ms)"});
  t.expectExampleWorks();
}

TEST(PluginFaults, OpenPanelOfAPluginDisabledLaterBecomesALabel) {
  FaultyHost t("tool:throw");
  std::unique_ptr<QWidget> panel(t.host.registry().panel("faulty.panel.status")->create(t.viewer));
  auto* stack = qobject_cast<QStackedWidget*>(panel.get());
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->currentWidget()->objectName(), "faulty-status");
  t.host.registry().tool("faulty.tool.pin")->mousePress(t.xa, leftPress({1, 1}));
  EXPECT_EQ(stack->currentWidget()->objectName(),
            fv::viewer::GuardedPanelFactory::kDisabledLabelName);
  t.expectExampleWorks();
}

// --- Commands (GUI thread) ------------------------------------------------------------------------

TEST(PluginFaults, CommandThatThrowsIsDisabledAndTheExampleCommandStillRuns) {
  FaultyHost t("command:throw");
  t.markWithExample();
  const auto poke = t.host.registry().command("faulty.command.poke");
  ASSERT_TRUE(poke);
  EXPECT_NO_THROW(poke->run(t.viewer));
  t.expectFaultyDisabled(
      {"faulty: command faulty.command.poke threw in run: faulty command threw on purpose"});
  poke->run(t.viewer);
  EXPECT_EQ(t.faulty().calls("command"), 1);
  t.expectExampleWorks();
}

TEST(PluginFaults, CommandThatHangsIsDisabledAsSlowOnceItReturns) {
  FaultyHost t("command:hang");
  t.markWithExample();
  t.host.registry().command("faulty.command.poke")->run(t.viewer);
  t.expectFaultyDisabled({"faulty: command faulty.command.poke blocked the viewer for",
                          "ms in run (limit 150 ms): disabled as a slow plugin"});
  t.expectExampleWorks();
}

TEST(PluginFaults, CommandThatWaitsInANestedEventLoopIsNotSlow) {
  FaultyHost t("command:modal");  // as a command asking for a folder in a dialog does
  t.host.registry().command("faulty.command.poke")->run(t.viewer);
  EXPECT_TRUE(t.host.isEnabled("faulty")) << t.faultyRecord().message.toStdString();
  EXPECT_TRUE(t.viewer.hasMessage("faulty poked"));
  t.expectExampleWorks();
}

TEST(PluginFaults, ContextUsedAfterRegistrationIsRefusedWithAMessage) {
  FaultyHost t("command:garbage");  // the command adds a tool through the context it kept
  t.host.registry().command("faulty.command.poke")->run(t.viewer);
  EXPECT_EQ(t.host.registry().tool("faulty.tool.late"), nullptr);
  EXPECT_TRUE(t.faultyRecord().message.contains(
      "faulty: rejected: tool added after registerContributions returned (ignored)"))
      << t.faultyRecord().message.toStdString();
  EXPECT_EQ(t.faultyRecord().status, Status::Loaded);  // as any rejected contribution
  t.expectExampleWorks();
}

// --- Exporters (worker thread, with a timeout) ----------------------------------------------------

TEST(PluginFaults, ExporterThatThrowsReturnsAnErrorAndIsDisabled) {
  FaultyHost t("exporter:throw");
  t.markWithExample();
  const QString folder = QString::fromStdString(fv::test::tempDir("faulty-export"));
  const fv::dicom::Status status =
      fv::test::runExport(*t.host.registry().exporter("faulty.exporter.note"), t.viewer, folder);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("faulty.exporter.note did not export: plugin disabled"),
            std::string::npos)
      << status.error().message;
  t.expectFaultyDisabled(
      {"faulty: exporter faulty.exporter.note threw in run: faulty exporter threw on purpose"});
  t.expectExampleWorks();
}

TEST(PluginFaults, ExporterThatReportsSuccessWithoutWritingIsDisabled) {
  FaultyHost t("exporter:garbage");
  const QString folder = QString::fromStdString(fv::test::tempDir("faulty-export"));
  const fv::dicom::Status status =
      fv::test::runExport(*t.host.registry().exporter("faulty.exporter.note"), t.viewer, folder);
  EXPECT_FALSE(status);
  t.expectFaultyDisabled({"faulty: exporter faulty.exporter.note broke the plugin contract in "
                          "run: reported success but wrote nothing into " +
                          folder});
  t.expectExampleWorks();
}

TEST(PluginFaults, ExporterErrorWithoutAReasonGetsOneAndKeepsThePlugin) {
  FaultyHost t("exporter:garbage:silent");
  const QString folder = QString::fromStdString(fv::test::tempDir("faulty-export"));
  const fv::dicom::Status status =
      fv::test::runExport(*t.host.registry().exporter("faulty.exporter.note"), t.viewer, folder);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "faulty.exporter.note failed without saying why");
  EXPECT_TRUE(t.host.isEnabled("faulty"));  // failing is allowed; only the reason was missing
  t.expectExampleWorks();
}

TEST(PluginFaults, ExporterThatHangsIsDisabledAfterItsTimeoutAndItsLateWorkIgnored) {
  FaultyHost t("exporter:hang", Hangs::UntilReleased);
  t.markWithExample();
  const QString folder = QString::fromStdString(fv::test::tempDir("faulty-export"));
  const auto start = Clock::now();
  const fv::dicom::Status status =
      fv::test::runExport(*t.host.registry().exporter("faulty.exporter.note"), t.viewer, folder);
  const long long took = msSince(start);
  EXPECT_FALSE(status);
  EXPECT_GE(took, 600);
  EXPECT_LT(took, 600 + 3000);
  t.expectFaultyDisabled({"faulty: exporter faulty.exporter.note did not return from run "
                          "within 600 ms (hung?)"});
  t.expectExampleWorks();

  // Released, the abandoned exporter finishes its file, but its viewer calls reach nobody.
  t.faulty().release();
  EXPECT_EQ(fv::test::waitForWorkers(), 0);
  EXPECT_FALSE(t.viewer.hasMessage("faulty exported")) << t.viewer.allMessages().toStdString();
  EXPECT_EQ(t.faulty().calls("exporter"), 1);
}

TEST(PluginFaults, ExportJobsRunOnAWorkerWhileTheirProgressAndViewerCallsStayOnTheGuiThread) {
  FaultyHost t("");
  ThreadNotingViewer noting(t.viewer);
  const QString folder = QString::fromStdString(fv::test::tempDir("example-export"));
  fv::test::RecordingExportControl control;
  ASSERT_TRUE(fv::test::runExport(*t.host.registry().exporter("example.exporter.series"), noting,
                                  folder, &control));
  ASSERT_EQ(noting.messageThreads.size(), 1);  // finished(): "Example exported 2 series"
  EXPECT_EQ(noting.messageThreads[0], QThread::currentThread());
  ASSERT_EQ(noting.indexThreads.size(), 1);  // prepare(): the series list
  EXPECT_EQ(noting.indexThreads[0], QThread::currentThread());
  ASSERT_EQ(control.threads.size(), 2u);  // run() reported 0/1 and 1/1, relayed to this thread
  for (QThread* thread : control.threads) EXPECT_EQ(thread, QThread::currentThread());
  EXPECT_EQ(control.last, std::make_pair(1, 1));
  QFile list(folder + "/example-series.txt");
  ASSERT_TRUE(list.open(QIODevice::ReadOnly));
  EXPECT_EQ(list.readAll().count('\n'), 2);
  ASSERT_TRUE(fv::test::runExport(*t.host.registry().exporter("faulty.exporter.note"), noting,
                                  folder));
  EXPECT_TRUE(QFile::exists(folder + "/faulty-note.txt"));
  EXPECT_EQ(noting.messageThreads.size(), 2);
  EXPECT_EQ(noting.messageThreads[1], QThread::currentThread());
}

TEST(PluginFaults, ExporterWhosePrepareThrowsIsDisabledAndNothingRuns) {
  FaultyHost t("prepare:throw");
  const QString folder = QString::fromStdString(fv::test::tempDir("faulty-export"));
  const fv::dicom::Status status =
      fv::test::runExport(*t.host.registry().exporter("faulty.exporter.note"), t.viewer, folder);
  ASSERT_FALSE(status);
  EXPECT_FALSE(QFile::exists(folder + "/faulty-note.txt"));
  t.expectFaultyDisabled(
      {"faulty: exporter faulty.exporter.note threw in prepare: faulty prepare threw on purpose"});
  EXPECT_EQ(t.faulty().calls("exporter"), 0);
  t.expectExampleWorks();
}

// --- Shutdown (GUI thread) ------------------------------------------------------------------------

TEST(PluginFaults, ShutdownThatThrowsIsReportedAndTheExampleStillShutsDown) {
  FaultyHost t("shutdown:throw");
  t.host.shutdown();
  t.expectFaultyDisabled(
      {"faulty: plugin threw in shutdown: faulty shutdown threw on purpose"});
  EXPECT_TRUE(t.viewer.hasMessage("Example plugin shut down"));
}

TEST(PluginFaults, ShutdownThatHangsIsReportedAsSlow) {
  FaultyHost t("shutdown:hang");
  t.host.shutdown();
  t.expectFaultyDisabled({"faulty: plugin blocked the viewer for", "ms in shutdown (limit 150 ms)"});
  EXPECT_TRUE(t.viewer.hasMessage("Example plugin shut down"));
}
