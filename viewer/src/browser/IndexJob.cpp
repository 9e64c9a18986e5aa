#include "fv/viewer/browser/IndexJob.h"

#include <QThreadPool>

#include "fv/dicom/ThreadPriority.h"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include <QFileInfo>
#include <QMetaObject>

#include "BrowserText.h"
#include "fv/dicom/Indexer.h"
#include "fv/viewer/HeapPolicy.h"
#include "fv/viewer/browser/IndexMerge.h"

namespace fv::viewer {

/// What the worker thread and the GUI thread share: the cancel flag and the progress counters.
struct IndexJob::Shared {
  std::atomic<bool> cancel{false};
  std::atomic<qint64> done{0};
  std::atomic<qint64> total{0};
};

namespace {

std::shared_ptr<const fv::dicom::DicomIndex> runIndexing(
    const std::vector<std::string>& paths, const std::shared_ptr<const fv::dicom::DicomIndex>& base,
    const fv::dicom::IndexOptions& options) {
  try {
    fv::dicom::DicomIndex index = fv::dicom::indexPaths(paths, options);
    if (base) index = mergeIndexes(*base, std::move(index));
    return std::make_shared<const fv::dicom::DicomIndex>(std::move(index));
  } catch (const std::exception& e) {  // std::bad_alloc on absurd inputs: report, never terminate
    auto failed = std::make_shared<fv::dicom::DicomIndex>(base ? *base : fv::dicom::DicomIndex{});
    failed->errors.push_back(
        fv::dicom::makeError(fv::dicom::ErrorCode::Internal, "indexing failed", {}, e.what()));
    return failed;
  }
}

unsigned defaultThreads() {
  // One core stays with the GUI thread so the event loop keeps running while headers are read.
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, cores - 1);
}

}  // namespace

IndexJob::IndexJob(QObject* parent) : QObject(parent) {
  qRegisterMetaType<std::shared_ptr<const fv::dicom::DicomIndex>>();
  m_progressTimer.setInterval(kProgressIntervalMs);
  connect(&m_progressTimer, &QTimer::timeout, this, &IndexJob::emitProgress);
}

IndexJob::~IndexJob() {
  if (m_shared) m_shared->cancel = true;
  joinWorker();
}

bool IndexJob::start(const QStringList& paths, std::shared_ptr<const fv::dicom::DicomIndex> mergeInto) {
  if (m_running) return false;
  joinWorker();
  std::vector<std::string> files;
  files.reserve(size_t(paths.size()));
  // Absolute paths: the same file opened twice (relative, absolute) is recognised when merging.
  for (const QString& p : paths) files.push_back(browser::pathToStd(QFileInfo(p).absoluteFilePath()));

  m_shared = std::make_shared<Shared>();
  m_lastDone = m_lastTotal = -1;
  m_running = true;
  fv::dicom::IndexOptions options;
  options.threads = m_threads ? m_threads : defaultThreads();
  options.cancel = &m_shared->cancel;
  options.progress = [shared = m_shared.get()](size_t done, size_t total) {
    // Called from several workers: keep the largest values seen.
    qint64 d = shared->done.load();
    while (qint64(done) > d && !shared->done.compare_exchange_weak(d, qint64(done))) {}
    qint64 t = shared->total.load();
    while (qint64(total) > t && !shared->total.compare_exchange_weak(t, qint64(total))) {}
  };
  // The worker owns copies of everything it reads; the GUI thread only sees the finished index.
  m_worker = std::thread([this, shared = m_shared, files = std::move(files), base = std::move(mergeInto),
                          options = std::move(options)] {
    fv::dicom::lowerCurrentThreadPriority();  // the GUI thread must stay responsive
    auto index = runIndexing(files, base, options);
    QMetaObject::invokeMethod(this, [this, index = std::move(index)] { deliver(index); },
                              Qt::QueuedConnection);
  });
  emitProgress();
  m_progressTimer.start();
  return true;
}

void IndexJob::cancel() {
  if (m_running && m_shared) m_shared->cancel = true;
}

void IndexJob::deliver(std::shared_ptr<const fv::dicom::DicomIndex> index) {
  joinWorker();  // the worker has posted its result: it is at its end
  m_progressTimer.stop();
  m_running = false;
  if (m_shared->cancel) {
    // Drop the partial index off the GUI thread and give its memory back to the system.
    auto holder = std::make_shared<std::shared_ptr<const fv::dicom::DicomIndex>>(std::move(index));
    QThreadPool::globalInstance()->start([holder] {
      holder->reset();
      releaseFreedHeap();
    });
    emit cancelled();
    return;
  }
  emitProgress();
  emit finished(std::move(index));
}

void IndexJob::emitProgress() {
  if (!m_shared) return;
  const qint64 done = m_shared->done, total = m_shared->total;
  if (done == m_lastDone && total == m_lastTotal) return;
  m_lastDone = done;
  m_lastTotal = total;
  emit progress(done, total);
}

void IndexJob::joinWorker() {
  if (m_worker.joinable()) m_worker.join();
}

}  // namespace fv::viewer
