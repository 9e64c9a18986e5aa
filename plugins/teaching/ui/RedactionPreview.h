// The redaction step of the export dialog: the first frame of each image series of the export,
// with the regions to black out drawn on every one; dragging on any of them adds a region.
#pragma once

#include <QImage>
#include <QString>
#include <QWidget>
#include <vector>

#include "fv/dicom/Deidentify.h"

namespace fv::teaching::ui {

/// One frame shown in the redaction step (rendered as the viewer shows it).
struct PreviewFrame {
  QString label;  ///< e.g. "XA, 512x512" (never patient data)
  QImage image;   ///< full resolution
};

/// A row of thumbnails; regions are in image pixels and apply to every frame of every image.
class RedactionPreview : public QWidget {
  Q_OBJECT
 public:
  RedactionPreview(std::vector<PreviewFrame> frames, QWidget* parent = nullptr);
  /// The regions drawn on every thumbnail (replaces the previous ones).
  void setRegions(std::vector<fv::dicom::Redaction> regions);
  /// One thumbnail per frame, in a row.
  QSize sizeHint() const override;

 signals:
  /// The author dragged a rectangle on a thumbnail (image pixels, at least 1×1).
  void regionDrawn(const fv::dicom::Redaction& region);

 protected:
  void paintEvent(QPaintEvent*) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;

 private:
  static constexpr int kThumb = 220, kGap = 8, kLabel = 18;
  /// Where thumbnail i is drawn (widget pixels) and the scale image → widget.
  QRect thumbRect(size_t i) const;
  double scaleOf(size_t i) const;
  int thumbAt(const QPoint& p) const;

  std::vector<PreviewFrame> m_frames;
  std::vector<fv::dicom::Redaction> m_regions;
  int m_dragThumb = -1;
  QPoint m_dragStart, m_dragNow;
};

}  // namespace fv::teaching::ui
