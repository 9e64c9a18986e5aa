#include "fv/viewer/browser/ThumbnailCache.h"

#include "fv/dicom/ThreadPriority.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <QImage>
#include <QMetaObject>
#include <QPainter>

#include "ThumbnailRenderer.h"
#include "BrowserText.h"

namespace fv::viewer {
namespace {

size_t signatureOf(const fv::dicom::Series& series) {
  return series.frameCount() * 1000003u + series.instances.size();
}

}  // namespace

/// The render thread and its queue (guarded by `mutex`).
struct ThumbnailCache::Worker {
  struct Job {
    QString uid;
    size_t signature = 0;
    quint64 generation = 0;
    std::shared_ptr<const fv::dicom::DicomIndex> index;  // keeps `series` alive
    const fv::dicom::Series* series = nullptr;
  };

  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Job> queue;
  bool stop = false;
  std::optional<Job> current;  // being rendered
  std::thread thread;

  void run(ThumbnailCache* cache) {
    fv::dicom::lowerCurrentThreadPriority();  // thumbnails wait for the GUI, never the reverse
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stop || !queue.empty(); });
        if (stop) return;
        job = std::move(queue.front());
        queue.pop_front();
        current = job;
      }
      auto image = browser::renderThumbnail(*job.series, kSize);
      QImage result;
      QString error;
      if (image) {
        result = std::move(*image);
      } else {
        error = QString::fromStdString(image.error().toString());
        if (error.isEmpty()) error = QStringLiteral("unknown error");
      }
      {
        std::lock_guard lock(mutex);
        current.reset();
      }
      QMetaObject::invokeMethod(
          cache,
          [cache, generation = job.generation, uid = job.uid, signature = job.signature,
           result = std::move(result), error = std::move(error)] {
            cache->store(generation, uid, signature, result, error);
          },
          Qt::QueuedConnection);
    }
  }
};

ThumbnailCache::ThumbnailCache(QObject* parent) : QObject(parent), m_worker(std::make_unique<Worker>()) {
  m_worker->thread = std::thread([this] { m_worker->run(this); });
}

ThumbnailCache::~ThumbnailCache() {
  {
    std::lock_guard lock(m_worker->mutex);
    m_worker->stop = true;
    m_worker->queue.clear();
  }
  m_worker->wake.notify_all();
  m_worker->thread.join();
}

void ThumbnailCache::setIndex(std::shared_ptr<const fv::dicom::DicomIndex> index) {
  std::deque<Worker::Job> jobs;
  QHash<QString, size_t> pending;
  {
    std::lock_guard lock(m_worker->mutex);
    if (index) {
      for (const fv::dicom::Series* series : index->allSeries()) {
        if (series->frameCount() == 0) continue;
        const QString uid = browser::dicomText(series->key.instanceUid);
        const size_t signature = signatureOf(*series);
        const auto entry = m_entries.constFind(uid);
        if (entry != m_entries.constEnd() && entry->signature == signature) continue;
        pending.insert(uid, signature);
        const auto& current = m_worker->current;
        if (current && current->uid == uid && current->signature == signature &&
            current->generation == m_generation)
          continue;  // being rendered from the same files: its result is still right
        jobs.push_back({uid, signature, m_generation, index, series});
      }
    }
    if (const auto& current = m_worker->current; current && current->generation == m_generation &&
                                                   !pending.contains(current->uid))
      pending.insert(current->uid, current->signature);  // its result arrives regardless
    m_worker->queue = std::move(jobs);
  }
  m_worker->wake.notify_all();
  m_pending = std::move(pending);
  if (m_pending.isEmpty()) emit idle();
}

QPixmap ThumbnailCache::thumbnail(const QString& uid) const {
  const auto entry = m_entries.constFind(uid);
  return entry == m_entries.constEnd() ? QPixmap() : entry->pixmap;
}

QString ThumbnailCache::error(const QString& uid) const {
  const auto entry = m_entries.constFind(uid);
  return entry == m_entries.constEnd() ? QString() : entry->error;
}

void ThumbnailCache::clear() {
  {
    std::lock_guard lock(m_worker->mutex);
    m_worker->queue.clear();
  }
  ++m_generation;
  m_entries.clear();
  m_pending.clear();
}

QPixmap ThumbnailCache::placeholder() {
  // Drawn from shapes, not a font: the same everywhere, also on platforms without fonts.
  QPixmap pixmap(kSize, kSize);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(150, 150, 150), 2));
  painter.setBrush(QColor(235, 235, 235));
  painter.drawRoundedRect(QRectF(4, 4, kSize - 8, kSize - 8), 8, 8);
  painter.setPen(Qt::NoPen);
  painter.setBrush(QColor(190, 30, 30));
  const double cx = kSize / 2.0, w = kSize / 9.0;
  painter.drawRoundedRect(QRectF(cx - w / 2, kSize * 0.2, w, kSize * 0.42), w / 2, w / 2);
  painter.drawEllipse(QPointF(cx, kSize * 0.75), w * 0.6, w * 0.6);
  return pixmap;
}

void ThumbnailCache::store(quint64 generation, const QString& uid, size_t signature, const QImage& image,
                           const QString& error) {
  if (generation != m_generation) return;  // cleared since
  Entry& entry = m_entries[uid];
  entry.signature = signature;
  entry.error = error;
  entry.pixmap = error.isEmpty() ? QPixmap::fromImage(image) : placeholder();
  // A result for files that changed since (re-queued with a new signature) keeps it pending.
  const auto wanted = m_pending.constFind(uid);
  const bool wasPending = wanted != m_pending.constEnd() && *wanted == signature;
  if (wasPending) m_pending.erase(wanted);
  emit thumbnailReady(uid);
  if (wasPending && m_pending.isEmpty()) emit idle();
}

}  // namespace fv::viewer
