// Draws a frame's annotations, measurements and the confirmed-frame marks over a viewport.
#pragma once

#include <QPainter>

#include "FluoroSession.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::fluoro::ui {

/// Image pixels per widget pixel at the viewport's zoom (for hit tolerances and marker sizes).
double widgetPixelsPerImagePixel(const fv::plugin::ViewportContext& viewport);
/// The marker/text scale of the viewport's image: burnInScale(), as its Secondary Capture uses.
int markerScale(const fv::plugin::ViewportContext& viewport);

/// Paints everything the session knows about the viewport's current frame.
class AnnotationPainter {
 public:
  explicit AnnotationPainter(const FluoroSession& session) : m_session(session) {}

  /// Annotations (selected one highlighted) and measurement captions as annotationShapes()
  /// describes them, the "confirmed" badge and key-frame ticks along the bottom edge for cine.
  void paint(fv::plugin::ViewportContext& viewport, QPainter& painter) const;
  /// One annotation (also used for the preview of a tool's drag), in the kind's colour.
  static void paintAnnotation(fv::plugin::ViewportContext& viewport, QPainter& painter,
                              const Annotation& a, bool selected,
                              const std::optional<Point>& target);

 private:
  void paintConfirmationMarks(fv::plugin::ViewportContext& viewport, QPainter& painter,
                              const FrameKey& key) const;

  const FluoroSession& m_session;
};

}  // namespace fv::fluoro::ui
