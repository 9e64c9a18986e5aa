#include "fv/fluoro/Canvas.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <iterator>

#include "fv/dicom/Utf8.h"

namespace fv::fluoro {
namespace {
#include "BitmapFont.inc"

// The glyph of a code point: a binary search over the font's ranges (a dozen), else the hollow
// replacement box — a character the font cannot draw is shown as a box, never dropped.
int glyphOf(char32_t cp) {
  size_t lo = 0, hi = std::size(kGlyphRanges);
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (cp < kGlyphRanges[mid].first)
      hi = mid;
    else if (cp > kGlyphRanges[mid].last)
      lo = mid + 1;
    else
      return kGlyphRanges[mid].index + int(cp - kGlyphRanges[mid].first);
  }
  return kReplacementGlyph;
}

// Glyph indices of a UTF-8 string; ill-formed bytes decode to U+FFFD and draw the box.
std::vector<int> glyphs(const std::string& utf8) {
  std::vector<int> out;
  out.reserve(utf8.size());
  size_t pos = 0;
  while (pos < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[pos]);
    if (c >= 0x20 && c < 0x7F) {  // ASCII: the first range
      out.push_back(c - 0x20);
      ++pos;
      continue;
    }
    out.push_back(glyphOf(fv::dicom::nextCodePoint(utf8, pos)));
  }
  return out;
}

}  // namespace

Canvas::Canvas(fv::dicom::Image8& image) : m_image(image) {
  assert(image.channels == 3);
}

void Canvas::set(int x, int y, Rgb c) {
  if (x < 0 || y < 0 || x >= width() || y >= height()) return;
  uint8_t* p = &m_image.pixels[(static_cast<size_t>(y) * m_image.columns + x) * 3];
  p[0] = c.r;
  p[1] = c.g;
  p[2] = c.b;
}

void Canvas::disc(const Point& centre, double radius, Rgb c) {
  const double r2 = radius * radius + 1e-9;
  const int x0 = static_cast<int>(std::floor(centre.x - radius)),
            x1 = static_cast<int>(std::ceil(centre.x + radius));
  const int y0 = static_cast<int>(std::floor(centre.y - radius)),
            y1 = static_cast<int>(std::ceil(centre.y + radius));
  for (int y = std::max(y0, 0); y <= std::min(y1, height() - 1); ++y)
    for (int x = std::max(x0, 0); x <= std::min(x1, width() - 1); ++x) {
      const double dx = x - centre.x, dy = y - centre.y;
      if (dx * dx + dy * dy <= r2) set(x, y, c);
    }
}

void Canvas::line(const Point& a, const Point& b, Rgb c, double thickness, double dash) {
  const double length = std::hypot(b.x - a.x, b.y - a.y);
  const double radius = std::max(0.5, thickness / 2.0);
  const int steps = std::max(1, static_cast<int>(std::ceil(length / 0.5)));
  if (length > 1e6) return;  // refuse absurd geometry rather than spin
  for (int i = 0; i <= steps; ++i) {
    const double t = static_cast<double>(i) / steps;
    if (dash > 0 && std::fmod(t * length, 2 * dash) >= dash) continue;
    const Point p{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
    if (radius <= 0.5) {
      set(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)), c);
    } else {
      disc(p, radius, c);
    }
  }
}

void Canvas::circle(const Point& centre, double radius, Rgb c, double thickness) {
  const double inner = std::max(0.0, radius - thickness / 2.0), outer = radius + thickness / 2.0;
  const int x0 = static_cast<int>(std::floor(centre.x - outer)),
            x1 = static_cast<int>(std::ceil(centre.x + outer));
  const int y0 = static_cast<int>(std::floor(centre.y - outer)),
            y1 = static_cast<int>(std::ceil(centre.y + outer));
  for (int y = std::max(y0, 0); y <= std::min(y1, height() - 1); ++y)
    for (int x = std::max(x0, 0); x <= std::min(x1, width() - 1); ++x) {
      const double d = std::hypot(x - centre.x, y - centre.y);
      if (d >= inner && d <= outer) set(x, y, c);
    }
}

void Canvas::polyline(const std::vector<Point>& points, bool closed, Rgb c, double thickness) {
  for (size_t i = 0; i + 1 < points.size(); ++i) line(points[i], points[i + 1], c, thickness);
  if (closed && points.size() > 2) line(points.back(), points.front(), c, thickness);
}

void Canvas::fillRect(int x, int y, int w, int h, Rgb c) {
  for (int yy = std::max(y, 0); yy < std::min(y + h, height()); ++yy)
    for (int xx = std::max(x, 0); xx < std::min(x + w, width()); ++xx) set(xx, yy, c);
}

int Canvas::text(int x, int y, const std::string& utf8, Rgb c, int scale) {
  scale = std::max(1, scale);
  int cx = x;
  for (int g : glyphs(utf8)) {
    for (int row = 0; row < kGlyphHeight; ++row) {
      const unsigned bits = kGlyphs[g][row];
      if (!bits) continue;
      for (int col = 0; col < kGlyphWidth; ++col)
        if (bits & (0x80u >> col)) fillRect(cx + col * scale, y + row * scale, scale, scale, c);
    }
    cx += kGlyphWidth * scale;
  }
  return cx - x;
}

int Canvas::textWidth(const std::string& utf8, int scale) {
  return static_cast<int>(glyphs(utf8).size()) * kGlyphWidth * std::max(1, scale);
}

int Canvas::textHeight(int scale) {
  return kGlyphHeight * std::max(1, scale);
}

bool Canvas::hasGlyph(char32_t cp) {
  return glyphOf(cp) != kReplacementGlyph;
}

fv::dicom::Image8 toRgb(const fv::dicom::Image8& grey) {
  if (grey.channels == 3) return grey;
  fv::dicom::Image8 rgb;
  rgb.rows = grey.rows;
  rgb.columns = grey.columns;
  rgb.channels = 3;
  rgb.pixels.resize(grey.pixels.size() * 3);
  uint8_t* out = rgb.pixels.data();
  for (uint8_t v : grey.pixels) {
    out[0] = out[1] = out[2] = v;
    out += 3;
  }
  return rgb;
}

}  // namespace fv::fluoro
