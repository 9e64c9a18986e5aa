#include "GuardedExporter.h"

#include "FolderSnapshot.h"
#include "PluginViewer.h"
#include "PluginWorker.h"

namespace fv::viewer {
namespace {

using fv::dicom::ErrorCode;

/// What the worker hands back (shared: an abandoned worker may write it late).
struct Outcome {
  fv::dicom::Status status;
  std::exception_ptr error;
};

}  // namespace

GuardedExporter::GuardedExporter(std::shared_ptr<fv::plugin::Exporter> exporter,
                                 std::shared_ptr<PluginGuard> guard,
                                 std::shared_ptr<const void> keepAlive)
    : m_exporter(std::move(exporter)),
      m_guard(std::move(guard)),
      m_keepAlive(std::move(keepAlive)),
      m_id(m_exporter->id()),
      m_name(m_exporter->name()) {}

fv::dicom::Status GuardedExporter::notExported(const QString& folder) const {
  return fv::dicom::makeError(ErrorCode::Internal,
                              QStringLiteral("%1 did not export: plugin disabled (%2)")
                                  .arg(m_id, m_guard->message())
                                  .toStdString(),
                              folder.toStdString());
}

fv::dicom::Status GuardedExporter::exportTo(fv::plugin::ViewerServices& viewer,
                                            const QString& folder) {
  if (!m_guard->enabled()) return notExported(folder);
  const QString subject = QStringLiteral("exporter ") + m_id;
  const FolderSnapshot before = FolderSnapshot::take(folder);
  std::shared_ptr<Outcome> outcome;
  std::shared_ptr<PluginViewer> callViewer;  // marshals the plugin's viewer calls to this thread
  try {
    outcome = std::make_shared<Outcome>();
    callViewer = std::make_shared<PluginViewer>(viewer);
  } catch (...) {
    return fv::dicom::makeError(ErrorCode::Internal, "out of memory", folder.toStdString());
  }
  const auto limit = m_guard->limits().exporter;
  const WorkerOutcome ran = runOnWorker(
      [exporter = m_exporter, keepAlive = m_keepAlive, callViewer, folder, outcome] {
        try {
          outcome->status = exporter->exportTo(*callViewer, folder);
        } catch (...) {
          outcome->error = std::current_exception();
        }
      },
      limit);
  switch (ran) {
    case WorkerOutcome::NotStarted:
      return fv::dicom::makeError(
          ErrorCode::Internal,
          QStringLiteral("%1 did not export: no thread could be started").arg(m_id).toStdString(),
          folder.toStdString());
    case WorkerOutcome::TimedOut:
      m_guard->reportTimeout(subject, "exportTo", limit);
      return notExported(folder);
    case WorkerOutcome::Finished:
      break;
  }
  if (outcome->error) {
    m_guard->reportException(subject, "exportTo", outcome->error);
    return notExported(folder);
  }
  if (outcome->status && FolderSnapshot::take(folder).sameAs(before)) {
    m_guard->reportInvalid(subject, "exportTo",
                           QStringLiteral("reported success but wrote nothing into %1").arg(folder));
    return notExported(folder);
  }
  if (!outcome->status && outcome->status.error().message.empty()) {
    fv::dicom::Error error = outcome->status.error();
    error.message = QStringLiteral("%1 failed without saying why").arg(m_id).toStdString();
    return error;
  }
  return outcome->status;
}

}  // namespace fv::viewer
