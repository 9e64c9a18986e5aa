// Indexes files and folders on a background thread so the GUI stays responsive.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include "fv/dicom/Series.h"

Q_DECLARE_METATYPE(std::shared_ptr<const fv::dicom::DicomIndex>)

namespace fv::viewer {

/// One background indexing run (fv::dicom::indexPaths), optionally merged into an open index.
/// Lives in the GUI thread; all its signals are emitted there. Reusable once finished.
class IndexJob : public QObject {
  Q_OBJECT
 public:
  /// How often progress() is emitted at most, in milliseconds.
  static constexpr int kProgressIntervalMs = 50;

  /// An idle job; call start().
  explicit IndexJob(QObject* parent = nullptr);
  /// Cancels a running job and waits for its thread (returns within one header read).
  ~IndexJob() override;

  /// Starts indexing `paths` (files, folders, DICOMDIRs). With `mergeInto`, the result is that
  /// index plus the new files (see mergeIndexes). False when a job is already running.
  bool start(const QStringList& paths, std::shared_ptr<const fv::dicom::DicomIndex> mergeInto = {});
  /// True between start() and finished()/cancelled().
  bool isRunning() const { return m_running; }
  /// Header-reading threads (default: all cores but one, which stays free for the GUI).
  void setThreads(unsigned threads) { m_threads = threads; }

 public slots:
  /// Stops the running job; cancelled() follows once its thread has stopped. No-op when idle.
  void cancel();

 signals:
  /// Files done of files found so far (`total` grows while DICOMDIRs are read; 0 = still listing).
  void progress(qint64 done, qint64 total);
  /// The new index (merged if asked); errors and unreadable files are inside it.
  void finished(std::shared_ptr<const fv::dicom::DicomIndex> index);
  /// The job was cancelled; no finished() is emitted for it.
  void cancelled();

 private:
  struct Shared;
  void deliver(std::shared_ptr<const fv::dicom::DicomIndex> index);
  void emitProgress();
  void joinWorker();

  std::shared_ptr<Shared> m_shared;
  std::thread m_worker;
  QTimer m_progressTimer;
  qint64 m_lastDone = -1, m_lastTotal = -1;
  unsigned m_threads = 0;
  bool m_running = false;
};

}  // namespace fv::viewer
