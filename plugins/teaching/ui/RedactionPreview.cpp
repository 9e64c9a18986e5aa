#include "RedactionPreview.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace fv::teaching::ui {

RedactionPreview::RedactionPreview(std::vector<PreviewFrame> frames, QWidget* parent)
    : QWidget(parent), m_frames(std::move(frames)) {
  setObjectName("redactionPreview");
  setMinimumHeight(kThumb + kLabel + 2 * kGap);
  setCursor(Qt::CrossCursor);
}

QSize RedactionPreview::sizeHint() const {
  return {int(m_frames.size()) * (kThumb + kGap) + kGap, kThumb + kLabel + 2 * kGap};
}

void RedactionPreview::setRegions(std::vector<fv::dicom::Redaction> regions) {
  m_regions = std::move(regions);
  update();
}

double RedactionPreview::scaleOf(size_t i) const {
  const QImage& img = m_frames[i].image;
  if (img.isNull()) return 1.0;
  return std::min(double(kThumb) / img.width(), double(kThumb) / img.height());
}

QRect RedactionPreview::thumbRect(size_t i) const {
  const QImage& img = m_frames[i].image;
  const double s = scaleOf(i);
  return {kGap + int(i) * (kThumb + kGap), kGap, int(std::lround(img.width() * s)),
          int(std::lround(img.height() * s))};
}

int RedactionPreview::thumbAt(const QPoint& p) const {
  for (size_t i = 0; i < m_frames.size(); ++i)
    if (thumbRect(i).contains(p)) return int(i);
  return -1;
}

void RedactionPreview::paintEvent(QPaintEvent*) {
  QPainter p(this);
  for (size_t i = 0; i < m_frames.size(); ++i) {
    const QRect r = thumbRect(i);
    p.drawImage(r, m_frames[i].image);
    const double s = scaleOf(i);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(220, 30, 30, 150));  // what will be black, shown on every frame
    for (const auto& g : m_regions)
      p.drawRect(QRectF(r.x() + g.x * s, r.y() + g.y * s, g.width * s, g.height * s)
                     .intersected(QRectF(r)));
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(r.x(), kGap + kThumb, kThumb, kLabel), Qt::AlignLeft | Qt::AlignVCenter,
               m_frames[i].label);
  }
  if (m_dragThumb >= 0) {
    p.setPen(QPen(Qt::red, 1, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRect(m_dragStart, m_dragNow).normalized());
  }
}

void RedactionPreview::mousePressEvent(QMouseEvent* e) {
  m_dragThumb = e->button() == Qt::LeftButton ? thumbAt(e->pos()) : -1;
  m_dragStart = m_dragNow = e->pos();
}

void RedactionPreview::mouseMoveEvent(QMouseEvent* e) {
  if (m_dragThumb < 0) return;
  m_dragNow = e->pos();
  update();
}

void RedactionPreview::mouseReleaseEvent(QMouseEvent* e) {
  if (m_dragThumb < 0) return;
  const size_t i = size_t(m_dragThumb);
  m_dragThumb = -1;
  const QRect thumb = thumbRect(i);
  const QRect drawn = QRect(m_dragStart, e->pos()).normalized().intersected(thumb);
  update();
  if (drawn.width() < 2 || drawn.height() < 2) return;
  const double s = scaleOf(i);
  fv::dicom::Redaction r;
  r.x = int(std::floor((drawn.x() - thumb.x()) / s));
  r.y = int(std::floor((drawn.y() - thumb.y()) / s));
  r.width = std::max(1, int(std::ceil(drawn.width() / s)));
  r.height = std::max(1, int(std::ceil(drawn.height() / s)));
  emit regionDrawn(r);
}

}  // namespace fv::teaching::ui
