// One small picture per series, rendered on a background thread.
#pragma once

#include <memory>

#include <QHash>
#include <QImage>
#include <QObject>
#include <QPixmap>
#include <QString>

#include "fv/dicom/Series.h"

namespace fv::viewer {

/// Renders a thumbnail per series with frames (middle frame of the first stack, the file's
/// window, scaled smoothly to fit kSize px) on one worker thread, and keeps them by Series
/// Instance UID. Lives in the GUI thread; thumbnailReady() is emitted there.
class ThumbnailCache : public QObject {
  Q_OBJECT
 public:
  /// Thumbnails fit a kSize × kSize box.
  static constexpr int kSize = 96;

  /// Starts the (idle) render thread.
  explicit ThumbnailCache(QObject* parent = nullptr);
  /// Drops queued work and waits for the thumbnail being rendered, if any.
  ~ThumbnailCache() override;

  /// Queues every series of `index` that has frames and no up-to-date thumbnail yet (replacing
  /// the queue of an earlier index). Thumbnails of series still present are kept.
  void setIndex(std::shared_ptr<const fv::dicom::DicomIndex> index);
  /// The thumbnail of series `uid`: null while pending or unknown, a "!" placeholder on failure.
  QPixmap thumbnail(const QString& uid) const;
  /// Why the thumbnail of `uid` failed (the decoder's or renderer's error), or "" if it did not.
  QString error(const QString& uid) const;
  /// True while `uid` is queued or being rendered.
  bool isPending(const QString& uid) const { return m_pending.contains(uid); }
  /// Thumbnails queued or being rendered.
  int pendingCount() const { return int(m_pending.size()); }
  /// Forgets every thumbnail and drops queued work.
  void clear();
  /// The picture shown for a failed thumbnail (kSize px, an exclamation mark).
  static QPixmap placeholder();

 signals:
  /// The thumbnail (or failure placeholder) of series `uid` is available.
  void thumbnailReady(const QString& uid);
  /// Nothing is queued or being rendered any more.
  void idle();

 private:
  struct Entry {
    QPixmap pixmap;
    QString error;
    size_t signature = 0;  // frames + instances the thumbnail was made from
  };
  struct Worker;
  void store(quint64 generation, const QString& uid, size_t signature, const QImage& image,
             const QString& error);

  std::unique_ptr<Worker> m_worker;
  QHash<QString, Entry> m_entries;
  QHash<QString, size_t> m_pending;  // UID → signature of the thumbnail wanted
  quint64 m_generation = 0;  // bumped by clear(): results of earlier work are dropped
};

}  // namespace fv::viewer
