// A tiny RGB rasterizer for burning annotations into Secondary Capture pixels (no Qt, so the
// command line and the viewer burn in exactly the same pixels).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fv/dicom/Display.h"
#include "fv/fluoro/Annotation.h"

namespace fv::fluoro {

/// An 8-bit RGB colour.
struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

/// Draws into an interleaved RGB Image8 (channels == 3), clipping at the borders.
class Canvas {
 public:
  /// `image` must outlive the canvas and have 3 channels.
  explicit Canvas(fv::dicom::Image8& image);

  /// One pixel (ignored outside the image).
  void set(int x, int y, Rgb c);
  /// A filled disc of `radius` pixels around `centre`.
  void disc(const Point& centre, double radius, Rgb c);
  /// A line `thickness` pixels wide; `dash` > 0 draws dashes and gaps of that length.
  void line(const Point& a, const Point& b, Rgb c, double thickness, double dash = 0);
  /// A circle outline.
  void circle(const Point& centre, double radius, Rgb c, double thickness);
  /// An open or closed polyline.
  void polyline(const std::vector<Point>& points, bool closed, Rgb c, double thickness);
  /// A filled rectangle (x, y top-left; clipped).
  void fillRect(int x, int y, int width, int height, Rgb c);
  /// UTF-8 text with its top-left at (x, y), glyphs scaled by an integer `scale`; returns the
  /// width drawn. The font covers ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic and common
  /// punctuation (see docs/character-sets.md); any other code point, and ill-formed UTF-8, is
  /// drawn as a hollow replacement box — never dropped.
  int text(int x, int y, const std::string& utf8, Rgb c, int scale);
  /// Width and height text would take.
  static int textWidth(const std::string& utf8, int scale);
  static int textHeight(int scale);
  /// True when the font has a glyph of its own for `cp` (false: the replacement box is drawn).
  static bool hasGlyph(char32_t cp);

  int width() const { return static_cast<int>(m_image.columns); }
  int height() const { return static_cast<int>(m_image.rows); }

 private:
  fv::dicom::Image8& m_image;
};

/// A grey 8-bit image as RGB (R = G = B).
fv::dicom::Image8 toRgb(const fv::dicom::Image8& grey);

}  // namespace fv::fluoro
