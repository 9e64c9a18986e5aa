#include "fv/viewer/ViewportGrid.h"

#include <algorithm>

#include <QGridLayout>

#include "fv/viewer/CineController.h"
#include "fv/viewer/ImageViewport.h"

namespace fv::viewer {

namespace {
constexpr int kMaxViewports = 4;
}

ViewportGrid::ViewportGrid(QWidget* parent) : QWidget(parent), m_layout(new QGridLayout(this)) {
  m_layout->setContentsMargins(0, 0, 0, 0);
  m_layout->setSpacing(2);
  for (int i = 0; i < kMaxViewports; ++i) {
    auto* v = new ImageViewport(this);
    v->setObjectName(QString("viewport%1").arg(i + 1));
    m_views.push_back(v);
    m_cines.push_back(new CineController(v, this));
    connect(v, &ImageViewport::activatedByUser, this, &ViewportGrid::setActive);
  }
  setGrid(1, 1);
  setActive(m_views.front());
}

void ViewportGrid::setGrid(int rows, int columns) {
  rows = std::clamp(rows, 1, 2);
  columns = std::clamp(columns, 1, 3);
  if (rows * columns > kMaxViewports) rows = 1;
  m_rows = rows;
  m_columns = columns;
  for (auto* v : m_views) {
    m_layout->removeWidget(v);
    v->hide();
  }
  for (int r = 0; r < 2; ++r) m_layout->setRowStretch(r, r < rows ? 1 : 0);
  for (int c = 0; c < 3; ++c) m_layout->setColumnStretch(c, c < columns ? 1 : 0);
  for (int i = 0; i < rows * columns; ++i) {
    m_layout->addWidget(m_views[size_t(i)], i / columns, i % columns);
    m_views[size_t(i)]->show();
  }
  if (!m_active || m_active->isHidden()) setActive(m_views.front());
}

std::vector<ImageViewport*> ViewportGrid::visible() const {
  return std::vector<ImageViewport*>(m_views.begin(), m_views.begin() + m_rows * m_columns);
}

CineController* ViewportGrid::cineOf(const ImageViewport* v) const {
  for (size_t i = 0; i < m_views.size(); ++i)
    if (m_views[i] == v) return m_cines[i];
  return nullptr;
}

void ViewportGrid::setActive(ImageViewport* v) {
  if (!v || v == m_active) return;
  if (m_active) m_active->setActive(false);
  m_active = v;
  m_active->setActive(true);
  emit activeChanged(v);
}

}  // namespace fv::viewer
