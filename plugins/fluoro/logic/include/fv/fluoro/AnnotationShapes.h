// The one description of how annotations look: each kind's strokes and texts as drawing
// primitives, rasterized by Canvas for burn-in (drawShapes) and painted by QPainter on screen
// (plugins/fluoro/ui/AnnotationPainter.cpp), so both show the same shapes at the same sizes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fv/dicom/Display.h"
#include "fv/fluoro/Annotation.h"
#include "fv/fluoro/Canvas.h"
#include "fv/fluoro/Measurements.h"
#include "fv/fluoro/Style.h"

namespace fv::fluoro {

/// A filled disc: every pixel whose centre is within `radius` of `centre`.
struct DiscShape {
  Point centre;
  double radius = 0;
  Rgb colour;
};

/// A straight stroke `thickness` wide with round caps; `dash` > 0: dashes and gaps of that
/// length, starting with a dash at `from`.
struct LineShape {
  Point from, to;
  double thickness = 1;
  double dash = 0;
  Rgb colour;
};

/// A circle outline `thickness` wide.
struct CircleShape {
  Point centre;
  double radius = 0;
  double thickness = 1;
  Rgb colour;
};

/// An open or closed polyline `thickness` wide with round joins.
struct PolylineShape {
  std::vector<Point> points;
  bool closed = false;
  double thickness = 1;
  Rgb colour;
};

/// Text in Canvas's bitmap font at an integer `scale`, on a `background` box reaching `scale`
/// pixels beyond the glyphs; `topLeft` is the centre of the first glyph's top-left pixel.
struct TextShape {
  Point topLeft;
  std::string text;
  int scale = 1;
  Rgb colour;
  Rgb background = kHalo;
};

/// One drawing primitive, in output pixel coordinates (pixel centres where the output's map puts
/// image pixel centres).
using Shape = std::variant<DiscShape, LineShape, CircleShape, PolylineShape, TextShape>;

/// Image pixel coordinates → output coordinates (e.g. image → widget on screen).
using PointMap = std::function<Point(const Point&)>;

/// How annotationShapes() draws.
struct ShapeOptions {
  /// Marker, stroke and text size multiplier; burnInScale() of the image, on screen as in the SC.
  int scale = 1;
  /// Where image points go; empty: identity (the output is the image, as for burn-in). Only
  /// positions are mapped: sizes, arrow heads, ticks and text offsets are output pixels × scale.
  PointMap map;
  /// The frame's target: a trajectory gets a dashed extension from its tip to it.
  std::optional<Point> target;
  /// When set: the tip-to-target distance and trajectory angle as captions beside the geometry.
  const FrameMeasurements* captions = nullptr;
  /// The annotation drawn highlighted (thicker, white handles on its points); 0 = none.
  uint64_t selected = 0;
};

/// The primitives that draw `annotations` (one frame), in painting order: dark halos under
/// every stroke, the coloured strokes, texts, selection handles. Annotations with too few
/// points for their kind are skipped; the caller filters invalid ones when it must (burn-in).
std::vector<Shape> annotationShapes(const std::vector<Annotation>& annotations,
                                    const ShapeOptions& options);

/// A text box as burnIn draws header and measurement lines (glyph top-left at x, y).
TextShape textBox(int x, int y, std::string text, Rgb colour, int scale);

/// The box and glyphs of `text` as an RGB image: what drawShapes puts with its top-left pixel at
/// floor(topLeft + 0.5) − scale (pixel centres at integers; on screen, where widget pixel i has
/// its centre at i + 0.5, that is floor(topLeft) − scale).
fv::dicom::Image8 renderTextBox(const TextShape& text);

/// Rasterizes `shapes` into `canvas` in order (clipped at the borders).
void drawShapes(Canvas& canvas, const std::vector<Shape>& shapes);

}  // namespace fv::fluoro
