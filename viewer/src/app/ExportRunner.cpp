#include "fv/viewer/ExportRunner.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPointer>
#include <QProgressDialog>
#include <QStandardPaths>

#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::viewer {
namespace {

using fv::dicom::ErrorCode;

/// Progress and cancel between the background thread and the dialog (shared: the thread may
/// outlive the window).
struct SharedControl final : fv::plugin::ExportControl {
  std::atomic<bool> cancel{false};
  QPointer<QProgressDialog> dialog;
  void progress(int done, int total) override {
    QPointer<QProgressDialog> d = dialog;
    QMetaObject::invokeMethod(
        qApp,
        [d, done, total] {
          if (!d) return;
          d->setMaximum(std::max(1, total));
          d->setValue(std::clamp(done, 0, std::max(1, total)));
        },
        Qt::QueuedConnection);
  }
  bool cancelled() const override { return cancel.load(); }
};

QString defaultFolder() {
  return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + "/FluoroView";
}

}  // namespace

ExportRunner::ExportRunner(QWidget* window, fv::plugin::ViewerServices& viewer)
    : QObject(window), m_window(window), m_viewer(viewer) {}

ExportRunner::~ExportRunner() = default;

void ExportRunner::start(std::shared_ptr<fv::plugin::Exporter> exporter) {
  if (!exporter) return;
  QDir().mkpath(defaultFolder());
  const QString folder =
      exporter->createsFolder()
          ? QFileDialog::getSaveFileName(
                m_window, tr("%1 — name a new folder").arg(exporter->name()),
                defaultFolder() + "/export", {}, nullptr, QFileDialog::DontConfirmOverwrite)
          : QFileDialog::getExistingDirectory(m_window, exporter->name(), defaultFolder());
  if (folder.isEmpty()) return;
  startInto(std::move(exporter), folder);
}

void ExportRunner::startInto(std::shared_ptr<fv::plugin::Exporter> exporter,
                             const QString& folder) {
  if (!exporter) return;
  const QString id = exporter->id();
  if (m_busy) {
    m_viewer.showMessage(tr("An export is running; %1 not started").arg(exporter->name()), true);
    return;
  }
  if (exporter->createsFolder() && QFileInfo(folder).isDir() && !QDir(folder).isEmpty()) {
    const auto e = fv::dicom::makeError(ErrorCode::Io,
                                        "the folder exists and is not empty (the export makes a "
                                        "new folder)",
                                        folder.toStdString());
    m_viewer.showMessage(tr("Export failed: %1").arg(QString::fromStdString(e.toString())), true);
    emit finished(id, folder, e);
    return;
  }
  auto prepared = exporter->prepare(m_viewer, m_window);
  if (!prepared) {
    m_viewer.showMessage(
        tr("Export failed: %1").arg(QString::fromStdString(prepared.error().toString())), true);
    emit finished(id, folder, prepared.error());
    return;
  }
  std::shared_ptr<fv::plugin::ExportJob> job = *prepared;
  if (!job) {  // the user cancelled in the exporter's own dialog
    const auto e = fv::dicom::makeError(ErrorCode::Cancelled, "the export was cancelled");
    m_viewer.showMessage(tr("Export cancelled"));
    emit finished(id, folder, e);
    return;
  }
  m_busy = true;
  auto control = std::make_shared<SharedControl>();
  auto* dialog = new QProgressDialog(tr("Exporting %1...").arg(exporter->name()), tr("Cancel"), 0,
                                     1, m_window);
  dialog->setObjectName("exportProgress");
  dialog->setWindowModality(Qt::WindowModal);
  dialog->setMinimumDuration(300);
  dialog->setAutoClose(false);
  dialog->setAutoReset(false);
  control->dialog = dialog;
  connect(dialog, &QProgressDialog::canceled, this, [control] { control->cancel = true; });
  QPointer<ExportRunner> self(this);
  std::thread([self, job, control, folder, id] {
    const fv::dicom::Status status = job->run(folder, *control);
    QMetaObject::invokeMethod(
        qApp,
        [self, job, control, folder, id, status] {
          if (control->dialog) control->dialog->deleteLater();
          if (!self) return;
          self->m_busy = false;
          job->finished(self->m_viewer, status);
          if (status)
            self->m_viewer.showMessage(tr("Exported to %1").arg(folder));
          else if (status.error().code == ErrorCode::Cancelled)
            self->m_viewer.showMessage(tr("Export cancelled: nothing was written"));
          else
            self->m_viewer.showMessage(
                tr("Export failed: %1").arg(QString::fromStdString(status.error().toString())),
                true);
          emit self->finished(id, folder, status);
        },
        Qt::QueuedConnection);
  }).detach();
}

}  // namespace fv::viewer
