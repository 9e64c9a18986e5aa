#include "PluginFaultUtil.h"

#include <chrono>
#include <thread>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPluginLoader>

#include "PluginWorker.h"

namespace fv::test {
namespace {

using namespace std::chrono_literals;

/// Draws `tool` into a transparent 200×200 image.
QImage paintTool(fv::plugin::ViewportTool& tool, fv::plugin::ViewportContext& viewport) {
  QImage image(200, 200, QImage::Format_ARGB32);
  image.fill(Qt::transparent);
  QPainter painter(&image);
  tool.paint(viewport, painter);
  return image;
}

}  // namespace

// A folder with links to the example and the faulty plugin only (once per process).
QString exampleAndFaultyDir() {
  static const QString dir = [] {
    const QString d = QString::fromStdString(tempDir("example-and-faulty"));
    EXPECT_TRUE(QFile::link(testPluginDir() + "/libexample.so", d + "/libexample.so"));
    EXPECT_TRUE(QFile::link(faultyPluginDir() + "/libfaulty.so", d + "/libfaulty.so"));
    return d;
  }();
  return dir;
}

fv::viewer::CallLimits shortLimits() {
  fv::viewer::CallLimits limits;
  limits.handler = 300ms;
  limits.exporter = 600ms;
  limits.interactive = 150ms;
  limits.command = 150ms;
  limits.lifecycle = 150ms;
  limits.frozen = 300ms;
  return limits;
}

ScopedCallLimits::ScopedCallLimits(const fv::viewer::CallLimits& limits)
    : m_old(fv::viewer::callLimits()) {
  fv::viewer::setCallLimits(limits);
}

ScopedCallLimits::~ScopedCallLimits() {
  fv::viewer::setCallLimits(m_old);
}

FaultyRoot::FaultyRoot(const QString& file) : m_root(QPluginLoader(file).instance()) {
  EXPECT_TRUE(m_root) << file.toStdString();
}

void FaultyRoot::release() {
  if (m_root) QMetaObject::invokeMethod(m_root, "release");
}

void FaultyRoot::rearm() {
  if (m_root) QMetaObject::invokeMethod(m_root, "rearm");
}

int FaultyRoot::calls(const QString& call) const {
  int n = -1;
  if (m_root) QMetaObject::invokeMethod(m_root, "calls", Q_RETURN_ARG(int, n), Q_ARG(QString, call));
  return n;
}

fv::plugin::ToolEvent leftPress(QPointF image) {
  fv::plugin::ToolEvent e;
  e.imagePos = image;
  e.button = Qt::LeftButton;
  e.buttons = Qt::LeftButton;
  return e;
}

FaultyHost::FaultyHost(const QByteArray& mode, Hangs hangs, const QString& freezeRecord)
    : freezeRecord(freezeRecord.isEmpty()
                       ? QString::fromStdString(tempDir("freeze")) + "/frozen-plugins.tsv"
                       : freezeRecord),
      m_mode("FV_FAULTY_MODE", mode),
      m_hangMs("FV_FAULTY_HANG_MS",
               hangs == Hangs::Bounded ? QByteArray::number(kGuiHangMs) : QByteArray("0")),
      m_root(std::make_unique<FaultyRoot>(exampleAndFaultyDir() + "/libfaulty.so")) {
  m_root->rearm();  // a release of an earlier test in this process must not end our hangs
  host.setFreezeRecordPath(this->freezeRecord);
  host.loadAll({exampleAndFaultyDir()});
}

FaultyHost::~FaultyHost() {
  m_root->release();
  EXPECT_EQ(waitForWorkers(), 0) << "a worker of the host did not end";
}

int waitForWorkers() {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (fv::viewer::runningWorkers() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  return fv::viewer::runningWorkers();
}

fv::viewer::PluginRecord FaultyHost::faultyRecord() const {
  const auto record = recordOf(host, "faulty");
  EXPECT_TRUE(record) << host.listText().toStdString();
  return record.value_or(fv::viewer::PluginRecord{});
}

void FaultyHost::expectFaultyDisabled(const QStringList& parts) const {
  const fv::viewer::PluginRecord record = faultyRecord();
  EXPECT_EQ(record.status, fv::viewer::PluginRecord::Status::Disabled)
      << host.listText().toStdString();
  EXPECT_FALSE(host.isEnabled("faulty"));
  EXPECT_TRUE(record.message.startsWith("faulty: ")) << record.message.toStdString();
  for (const QString& part : parts) {
    EXPECT_TRUE(record.message.contains(part))
        << "\"" << part.toStdString() << "\" not in: " << record.message.toStdString();
    EXPECT_TRUE(viewer.hasMessage(part, true)) << viewer.allMessages().toStdString();
  }
  ASSERT_EQ(disabled.count(), 1);
  EXPECT_EQ(disabled[0][0].toString(), "faulty");
  EXPECT_TRUE(record.message.contains(disabled[0][1].toString()));
}

void FaultyHost::markWithExample() {
  const auto marker = host.registry().tool("example.tool.marker");
  ASSERT_TRUE(marker);
  xa.setFrame(2);
  ASSERT_TRUE(marker->mousePress(xa, leftPress({40, 40})));  // widget (30, 40)
  m_marked = true;
}

void FaultyHost::expectExampleWorks() {
  const auto example = recordOf(host, "example");
  ASSERT_TRUE(example) << host.listText().toStdString();
  EXPECT_EQ(example->status, fv::viewer::PluginRecord::Status::Loaded);
  EXPECT_EQ(example->message, "");
  EXPECT_TRUE(host.isEnabled("example"));
  const fv::viewer::ContributionRegistry& registry = host.registry();
  for (const char* id : {"example.tool.marker", "example.panel.info", "example.handler.any",
                         "example.command.hello", "example.exporter.series",
                         "example.workflow.demo"})
    EXPECT_EQ(registry.ownerOf(id), "example") << id;

  // Its tool: the mark made before the fault is still drawn, and new marks work.
  const auto marker = registry.tool("example.tool.marker");
  ASSERT_TRUE(marker);
  if (m_marked) {
    xa.setFrame(2);
    EXPECT_GT(paintTool(*marker, xa).pixelColor(30 + 6, 40).alpha(), 0) << "the earlier mark";
  }
  xa.setFrame(5);
  EXPECT_TRUE(marker->mousePress(xa, leftPress({100, 60})));  // widget (60, 50)
  EXPECT_GT(paintTool(*marker, xa).pixelColor(60 + 6, 50).alpha(), 0);

  // Its panel follows the frame.
  viewer.setActiveViewport(&xa);
  std::unique_ptr<QWidget> panel(registry.panel("example.panel.info")->create(viewer));
  auto* label = panel->findChild<QLabel*>("example-frame");
  ASSERT_TRUE(label);
  xa.setFrame(7);
  emit viewer.events().frameChanged(&xa, 7);
  EXPECT_EQ(label->text(), "Frame 8 / 24");
  viewer.setActiveViewport(nullptr);

  // Its command, handler and exporter.
  const auto hello = registry.command("example.command.hello");
  ASSERT_TRUE(hello);
  hello->run(viewer);
  EXPECT_TRUE(viewer.hasMessage("Hello from the example plugin"));
  bool offered = false;
  for (const auto& ranked : registry.bestLoadables(*demoSeries("XA")))
    offered |= ranked.handlerId == "example.handler.any" && ranked.loadable.confidence == 0.1;
  EXPECT_TRUE(offered);
  const QString folder = QString::fromStdString(tempDir("example-export"));
  const fv::dicom::Status exported =
      runExport(*registry.exporter("example.exporter.series"), viewer, folder);
  EXPECT_TRUE(exported) << (exported ? "" : exported.error().toString());
  EXPECT_TRUE(QFile::exists(folder + "/example-series.txt"));
  EXPECT_TRUE(viewer.hasMessage("Example exported 2 series")) << viewer.allMessages().toStdString();
}

}  // namespace fv::test
