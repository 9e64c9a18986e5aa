#include "GuardedExporter.h"

#include "FolderSnapshot.h"
#include "PluginWorker.h"

namespace fv::viewer {
namespace {

using fv::dicom::ErrorCode;
using fv::plugin::ExportControl;
using fv::plugin::ExportJob;

/// What the worker hands back (shared: an abandoned worker may write it late).
struct Outcome {
  fv::dicom::Status status;
  std::exception_ptr error;
};

fv::dicom::Error notExported(const QString& id, const PluginGuard& guard, const QString& folder) {
  return fv::dicom::makeError(ErrorCode::Internal,
                              QStringLiteral("%1 did not export: plugin disabled (%2)")
                                  .arg(id, guard.message())
                                  .toStdString(),
                              folder.toStdString());
}

/// The worker's view of the host's ExportControl: every call is carried out on the thread that
/// waits for the worker; once the worker is abandoned, progress is dropped and cancelled() is
/// true (the real control may be gone).
class RelayedControl final : public ExportControl {
 public:
  explicit RelayedControl(ExportControl& control) : m_control(control) {}
  void progress(int done, int total) override {
    runOnWaitingThread([&] { m_control.progress(done, total); });
  }
  bool cancelled() const override {
    bool cancel = true;
    runOnWaitingThread([&] { cancel = m_control.cancelled(); });
    return cancel;
  }

 private:
  ExportControl& m_control;
};

class GuardedJob final : public ExportJob {
 public:
  GuardedJob(std::shared_ptr<ExportJob> job, std::shared_ptr<PluginGuard> guard,
             std::shared_ptr<const void> keepAlive, QString id)
      : m_job(std::move(job)),
        m_guard(std::move(guard)),
        m_keepAlive(std::move(keepAlive)),
        m_id(std::move(id)) {}

  fv::dicom::Status run(const QString& folder, ExportControl& control) override {
    if (!m_guard->enabled()) return notExported(m_id, *m_guard, folder);
    const QString subject = QStringLiteral("exporter ") + m_id;
    const FolderSnapshot before = FolderSnapshot::take(folder);
    std::shared_ptr<Outcome> outcome;
    std::shared_ptr<RelayedControl> relay;
    try {
      outcome = std::make_shared<Outcome>();
      relay = std::make_shared<RelayedControl>(control);
    } catch (...) {
      return fv::dicom::makeError(ErrorCode::Internal, "out of memory", folder.toStdString());
    }
    const auto limit = m_guard->limits().exporter;
    const WorkerOutcome ran = runOnWorker(
        [job = m_job, keepAlive = m_keepAlive, relay, folder, outcome] {
          try {
            outcome->status = job->run(folder, *relay);
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
        m_guard->reportTimeout(subject, "run", limit);
        return notExported(m_id, *m_guard, folder);
      case WorkerOutcome::Finished:
        break;
    }
    if (outcome->error) {
      m_guard->reportException(subject, "run", outcome->error);
      return notExported(m_id, *m_guard, folder);
    }
    if (outcome->status && FolderSnapshot::take(folder).sameAs(before)) {
      m_guard->reportInvalid(
          subject, "run", QStringLiteral("reported success but wrote nothing into %1").arg(folder));
      return notExported(m_id, *m_guard, folder);
    }
    if (!outcome->status && outcome->status.error().message.empty()) {
      fv::dicom::Error error = outcome->status.error();
      error.message = QStringLiteral("%1 failed without saying why").arg(m_id).toStdString();
      return error;
    }
    return outcome->status;
  }

  void finished(fv::plugin::ViewerServices& viewer, const fv::dicom::Status& status) override {
    m_guard->runWithin(m_guard->limits().command, QStringLiteral("exporter ") + m_id, "finished",
                       [&] { m_job->finished(viewer, status); });
  }

 private:
  const std::shared_ptr<ExportJob> m_job;
  const std::shared_ptr<PluginGuard> m_guard;
  const std::shared_ptr<const void> m_keepAlive;
  const QString m_id;
};

}  // namespace

GuardedExporter::GuardedExporter(std::shared_ptr<fv::plugin::Exporter> exporter,
                                 std::shared_ptr<PluginGuard> guard,
                                 std::shared_ptr<const void> keepAlive)
    : m_exporter(std::move(exporter)),
      m_guard(std::move(guard)),
      m_keepAlive(std::move(keepAlive)),
      m_id(m_exporter->id()),
      m_name(m_exporter->name()),
      m_createsFolder(m_exporter->createsFolder()) {}

fv::dicom::Result<std::shared_ptr<ExportJob>> GuardedExporter::prepare(
    fv::plugin::ViewerServices& viewer, QWidget* parent) {
  using R = fv::dicom::Result<std::shared_ptr<ExportJob>>;
  const R disabled = notExported(m_id, *m_guard, {});
  if (!m_guard->enabled()) return disabled;
  R prepared = m_guard->callWithin<R>(m_guard->limits().command, QStringLiteral("exporter ") + m_id,
                                      "prepare", disabled,
                                      [&] { return m_exporter->prepare(viewer, parent); });
  if (!m_guard->enabled())
    return notExported(m_id, *m_guard, {});  // it threw: the reason is known now
  if (!prepared) {
    if (prepared.error().message.empty())
      return fv::dicom::makeError(
          ErrorCode::Internal,
          QStringLiteral("%1 failed without saying why").arg(m_id).toStdString());
    return prepared;
  }
  if (!*prepared) return prepared;  // the user cancelled
  try {
    return std::shared_ptr<ExportJob>(
        std::make_shared<GuardedJob>(std::move(*prepared), m_guard, m_keepAlive, m_id));
  } catch (...) {
    return fv::dicom::makeError(ErrorCode::Internal, "out of memory");
  }
}

}  // namespace fv::viewer
