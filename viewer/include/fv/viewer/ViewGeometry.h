// Zoom, pan, rotation and flips of a 2-D viewport, and the image ↔ widget mapping they imply.
#pragma once

#include <QPointF>
#include <QSizeF>
#include <QTransform>

namespace fv::viewer {

/// How an image (columns × rows pixels of spacing sx × sy mm) sits in a widget.
/// Image coordinates: column x, row y, pixel centres at integers (row 0 at the top).
class ViewGeometry {
 public:
  /// The image: size in pixels and pixel spacing in mm (1 when uncalibrated).
  void setImage(int columns, int rows, double columnMm, double rowMm);
  /// The widget's size in logical pixels.
  void setWidgetSize(QSizeF size) { m_widget = size; }

  /// Fits the whole image into the widget, centred, no rotation or flips kept.
  void fit();
  /// One image pixel per screen pixel (along columns).
  void actualSize();
  /// Multiplies the zoom around a widget point (that point stays put).
  void zoomBy(double factor, QPointF anchorWidget);
  /// Moves the image by a widget-pixel delta.
  void panBy(QPointF deltaWidget);
  /// Rotates by 90° clockwise steps.
  void rotate90(int steps = 1);
  void flipHorizontal() { m_flipH = !m_flipH; }
  void flipVertical() { m_flipV = !m_flipV; }

  /// Screen pixels per image pixel along columns (1 = 1:1).
  double zoom() const { return m_pxPerMm * m_columnMm; }
  double pixelsPerMm() const { return m_pxPerMm; }
  int rotation() const { return m_rotation; }  ///< quarter turns clockwise, 0..3
  bool flippedHorizontally() const { return m_flipH; }
  bool flippedVertically() const { return m_flipV; }
  /// Image centre (mm) shown at the widget centre.
  QPointF focusMm() const { return m_focus; }

  /// Image pixel → widget pixel, and back.
  QTransform imageToWidget() const;
  QPointF toWidget(QPointF image) const { return imageToWidget().map(image); }
  QPointF toImage(QPointF widget) const { return imageToWidget().inverted().map(widget); }
  /// World (mm, image plane: x = column·sx, y = row·sy) → widget.
  QTransform worldToWidget() const;
  /// World → view plane (mm, focus at the origin, rotated and flipped): the image actor's user
  /// matrix; the VTK camera then only centres and scales (see ImageViewport).
  QTransform worldToView() const;

 private:
  QSizeF m_widget{1, 1};
  int m_columns = 1, m_rows = 1;
  double m_columnMm = 1, m_rowMm = 1;
  double m_pxPerMm = 1;
  QPointF m_focus;  // mm
  int m_rotation = 0;
  bool m_flipH = false, m_flipV = false;
};

}  // namespace fv::viewer
