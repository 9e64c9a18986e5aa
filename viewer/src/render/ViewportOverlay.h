// Everything drawn on top of a viewport's image: shutters, 60xx overlays, corner text,
// scale bar, orientation labels, the active-viewport frame. Private to fv_viewer_core.
#pragma once

#include <QFont>
#include <QImage>
#include <QRect>
#include <QString>

#include "fv/dicom/InstanceInfo.h"

class QPainter;

namespace fv::viewer {

class ImageViewport;

/// Paints a viewport's overlays for the instance currently shown.
class ViewportOverlay {
 public:
  ViewportOverlay(const ImageViewport& viewport, const fv::dicom::InstanceInfo* info)
      : m_view(viewport), m_info(info) {}

  /// The font of all corner text.
  static QFont overlayFont();
  /// Rasterises the overlay font's glyphs once (call at start-up).
  static void warmUpFonts();
  /// Every character the corner text draws (printable ASCII and the few symbols it uses).
  static QString overlayGlyphs();
  /// An empty viewport's hint ("Drop a series here").
  static void paintEmpty(QPainter& p, const QRect& rect, bool active);
  /// The 60xx overlay planes of `frame` (0-based in the instance) as a white-on-transparent image.
  static QImage overlayBitmap(const fv::dicom::InstanceInfo& info, uint32_t frame);

  /// Paints the display shutters (PS3.3 C.7.6.11) with the Shutter Presentation Value.
  void paintShutters(QPainter& p) const;
  /// Draws an overlay bitmap (from overlayBitmap) mapped onto the image.
  void paintOverlayBitmap(QPainter& p, const QImage& bitmap) const;
  /// Corner text, scale bar and orientation labels.
  void paintText(QPainter& p, bool patientDetails, const QString& status, const QString& label) const;
  /// A thin frame; highlighted for the active viewport.
  void paintFrame(QPainter& p, bool active) const;

 private:
  void paintScaleBar(QPainter& p, int linesBelow) const;
  void paintOrientation(QPainter& p) const;
  const ImageViewport& m_view;
  const fv::dicom::InstanceInfo* m_info;
};

}  // namespace fv::viewer
