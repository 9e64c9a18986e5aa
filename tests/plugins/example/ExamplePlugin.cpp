#include "ExamplePlugin.h"

#include <QSaveFile>

#include "InfoPanel.h"
#include "MarkerTool.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::example {
namespace {

/// Offers every series with frames, with low confidence: any specialised handler wins.
class AnySeriesHandler final : public fv::plugin::SeriesHandler {
 public:
  QString id() const override { return QStringLiteral("example.handler.any"); }
  std::vector<fv::plugin::SeriesLoadable> examine(const fv::dicom::Series& series) const override {
    if (series.frameCount() == 0) return {};
    // A warning the host shows when this loadable is the most confident one (no other plugin).
    const QString warning =
        series.key.modality == "MR" ? QStringLiteral("example handlers do not know MR") : QString();
    return {{QStringLiteral("Any series (example)"), 0.1, warning, 0}};
  }
};

/// Writes example-series.txt (one line per loaded series: UID and modality) into the folder.
/// prepare() copies the lines on the GUI thread; the job writes them on a worker thread and
/// says so in the status bar back on the GUI thread.
class SeriesListJob final : public fv::plugin::ExportJob {
 public:
  SeriesListJob(QByteArray text, int count) : m_text(std::move(text)), m_count(count) {}
  fv::dicom::Status run(const QString& folder, fv::plugin::ExportControl& control) override {
    control.progress(0, 1);
    QSaveFile file(folder + QStringLiteral("/example-series.txt"));
    if (!file.open(QIODevice::WriteOnly) || file.write(m_text) != m_text.size() || !file.commit())
      return fv::dicom::makeError(fv::dicom::ErrorCode::Io, file.errorString().toStdString(),
                                  file.fileName().toStdString());
    control.progress(1, 1);
    return fv::dicom::Status::success();
  }
  void finished(fv::plugin::ViewerServices& viewer, const fv::dicom::Status& status) override {
    if (status) viewer.showMessage(QStringLiteral("Example exported %1 series").arg(m_count));
  }

 private:
  const QByteArray m_text;
  const int m_count;
};

class SeriesListExporter final : public fv::plugin::Exporter {
 public:
  QString id() const override { return QStringLiteral("example.exporter.series"); }
  QString name() const override { return QStringLiteral("Series list (example)"); }
  fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> prepare(
      fv::plugin::ViewerServices& viewer, QWidget*) override {
    QByteArray text;
    const auto series = viewer.index().allSeries();
    for (const fv::dicom::Series* s : series)
      text += QByteArray::fromStdString(s->key.instanceUid + '\t' + s->key.modality + '\n');
    return std::shared_ptr<fv::plugin::ExportJob>(
        std::make_shared<SeriesListJob>(std::move(text), int(series.size())));
  }
};

}  // namespace

fv::plugin::PluginInfo ExamplePlugin::info() const {
  return {QStringLiteral("example"), QStringLiteral("Example"), QStringLiteral("1.0.0"),
          QStringLiteral("One contribution of each kind, to copy from.")};
}

void ExamplePlugin::registerContributions(fv::plugin::PluginContext& context) {
  m_viewer = &context.viewer();
  context.addTool(std::make_shared<MarkerTool>(context.viewer()));
  context.addPanel(std::make_shared<InfoPanel>());
  context.addSeriesHandler(std::make_shared<AnySeriesHandler>());
  context.addExporter(std::make_shared<SeriesListExporter>());

  fv::plugin::Command hello;
  hello.id = QStringLiteral("example.command.hello");
  hello.text = QStringLiteral("Say hello");
  hello.menu = QStringLiteral("Tools");
  hello.shortcut = QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H);
  hello.run = [](fv::plugin::ViewerServices& viewer) {
    viewer.showMessage(QStringLiteral("Hello from the example plugin"));
  };
  context.addCommand(std::move(hello));

  fv::plugin::Workflow demo;
  demo.id = QStringLiteral("example.workflow.demo");
  demo.name = QStringLiteral("Example: MR beside fluoroscopy");
  demo.rows = 1;
  demo.columns = 2;
  demo.panels = {QStringLiteral("example.panel.info")};
  demo.tool = QStringLiteral("example.tool.marker");
  demo.viewportModalities = {QStringLiteral("MR"), QStringLiteral("XA|RF")};
  context.addWorkflow(std::move(demo));
}

void ExamplePlugin::shutdown() {
  if (m_viewer) m_viewer->showMessage(QStringLiteral("Example plugin shut down"));
}

}  // namespace fv::example
