// The viewport area: 1×1, 1×2, 2×1, 2×2 (or 1×3 for MPR) image viewports, each with its cine.
#pragma once

#include <vector>

#include <QWidget>

class QGridLayout;

namespace fv::viewer {

class CineController;
class ImageViewport;

/// Owns up to four viewports and lays out the first rows×columns of them.
class ViewportGrid : public QWidget {
  Q_OBJECT
 public:
  explicit ViewportGrid(QWidget* parent = nullptr);

  /// Shows rows×columns viewports (1..2 × 1..3); viewports beyond keep their content hidden.
  void setGrid(int rows, int columns);
  int rows() const { return m_rows; }
  int columns() const { return m_columns; }
  /// Visible viewports in reading order.
  std::vector<ImageViewport*> visible() const;
  ImageViewport* viewport(int i) const { return m_views.at(size_t(i)); }
  CineController* cine(int i) const { return m_cines.at(size_t(i)); }
  CineController* cineOf(const ImageViewport* v) const;
  int count() const { return int(m_views.size()); }
  /// The active viewport (keyboard, tools, cine controls act on it).
  ImageViewport* active() const { return m_active; }
  void setActive(ImageViewport* v);

 signals:
  void activeChanged(ImageViewport* viewport);

 private:
  QGridLayout* m_layout;
  std::vector<ImageViewport*> m_views;
  std::vector<CineController*> m_cines;
  ImageViewport* m_active = nullptr;
  int m_rows = 1, m_columns = 1;
};

}  // namespace fv::viewer
