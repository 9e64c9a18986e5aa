// Generates plugins/fluoro/logic/src/BitmapFont.inc: DejaVu Sans Mono Bold 14 px rasterised to
// 1-bit 8×18 glyphs, so that burning text into Secondary Captures needs no font library at run
// time (the command line stays free of Qt and VTK). Run once; output committed.
//   g++ -std=c++20 -fPIC main.cpp $(pkg-config --cflags --libs Qt6Gui) -o gen &&
//   QT_QPA_PLATFORM=offscreen ./gen > BitmapFont.inc
//
// Coverage: printable ASCII, Latin-1 Supplement (U+00A0–U+00FF, incl. the degree sign), Latin
// Extended-A (U+0100–U+017F), Greek (U+0370–U+03FF) and Cyrillic (U+0400–U+045F) — the
// left-to-right scripts of DICOM's single-byte character sets (PS3.3 C.12.1.1.2) that need no
// shaping — plus common punctuation (dashes, quotes, ellipsis, euro). Code points DejaVu Sans Mono
// does not have are left out (the canvas draws them as the replacement box); nothing is taken
// from a fallback font. Hebrew and Arabic are right-to-left (Arabic also needs shaping), which a
// glyph-by-glyph rasteriser cannot do right: they are left out too.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QRawFont>

namespace {

struct Block {
  char32_t first, last;
};

constexpr Block kBlocks[] = {
    {0x0020, 0x007E}, {0x00A0, 0x017F}, {0x0370, 0x03FF},
    {0x0400, 0x045F}, {0x2010, 0x2027}, {0x20AC, 0x20AC},
};

// Rows above the font's ascent: accents on capitals (É, Ä, Č) reach one or two rows above it.
constexpr int kTop = 2;

// One glyph: a row per byte, bit 7 = column 0.
struct Glyph {
  char32_t cp;
  std::vector<uint8_t> rows;
};

// Draws `cp` into a canvas with `margin` pixels around the cell, scaled horizontally by `sx`.
QImage render(const QFont& font, char32_t cp, int w, int h, int baseline, int margin, double sx) {
  QImage img(w + 2 * margin, h + 2 * margin, QImage::Format_Grayscale8);
  img.fill(0);
  QPainter p(&img);
  p.setFont(font);
  p.setPen(Qt::white);
  p.translate(margin, margin + baseline);
  p.scale(sx, 1.0);
  p.drawText(0, 0, QString::fromUcs4(&cp, 1));
  p.end();
  return img;
}

}  // namespace

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  QFont font("DejaVu Sans Mono");
  font.setBold(true);
  font.setPixelSize(14);
  font.setHintingPreference(QFont::PreferFullHinting);
  font.setStyleStrategy(QFont::StyleStrategy(QFont::NoAntialias | QFont::NoFontMerging));
  const QFontMetrics fm(font);
  const QRawFont raw = QRawFont::fromFont(font);
  const int w = fm.horizontalAdvance('M'), h = fm.height() + kTop, baseline = fm.ascent() + kTop;
  if (w > 8) {
    std::fprintf(stderr, "glyph cell %d pixels wide does not fit 8 bits\n", w);
    return 1;
  }
  const int margin = 8;  // to see ink that falls outside the cell
  std::vector<Glyph> glyphs;
  for (const Block& b : kBlocks) {
    for (char32_t cp = b.first; cp <= b.last; ++cp) {
      if (!raw.supportsCharacter(uint(cp))) continue;
      QImage img = render(font, cp, w, h, baseline, margin, 1.0);
      // Ink box, in cell coordinates.
      int x0 = 1 << 20, x1 = -(1 << 20), outside = 0;
      for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
          if (img.pixelColor(x, y).red() <= 127) continue;
          const int cx = x - margin, cy = y - margin;
          x0 = std::min(x0, cx);
          x1 = std::max(x1, cx);
          outside += cx < 0 || cx >= w || cy < 0 || cy >= h;
        }
      // Marks that stick out sideways (Greek capitals with tonos, ď, Ħ) would be cut off and
      // the letter would read as another one: shift the glyph into the cell, or narrow it when
      // it is wider than the cell. A single stray pixel (the leg of R) is left as it was.
      int shift = 0;
      if (outside > 1 && (x0 < 0 || x1 >= w)) {
        if (x1 - x0 + 1 <= w) {
          shift = x0 < 0 ? -x0 : w - 1 - x1;
        } else {
          const double sx = double(w) / double(x1 - x0 + 1);
          img = render(font, cp, w, h, baseline, margin, sx);
          x0 = 1 << 20;
          for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
              if (img.pixelColor(x, y).red() > 127) x0 = std::min(x0, x - margin);
          shift = -x0;
        }
      }
      Glyph g{cp, std::vector<uint8_t>(size_t(h), 0)};
      int clipped = 0;
      for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
          if (img.pixelColor(x, y).red() <= 127) continue;
          const int cx = x - margin + shift, cy = y - margin;
          if (cx < 0 || cy < 0 || cx >= w || cy >= h) {
            ++clipped;
            continue;
          }
          g.rows[size_t(cy)] |= uint8_t(1u << (7 - cx));
        }
      if (clipped > 1)
        std::fprintf(stderr, "U+%04X: %d pixels outside the cell\n", unsigned(cp), clipped);
      glyphs.push_back(g);
    }
  }
  // The replacement box: a hollow rectangle from the capitals' top to the baseline, drawn for any
  // code point the font does not have, so that nothing disappears silently.
  Glyph box{0xFFFD, std::vector<uint8_t>(size_t(h), 0)};
  const int top = baseline - fm.capHeight(), bottom = baseline - 1;
  for (int y = top; y <= bottom; ++y) box.rows[size_t(y)] = y == top || y == bottom ? 0x7E : 0x42;

  // Contiguous runs of code points become ranges: glyph index = range.index + (cp - range.first).
  struct Range {
    char32_t first, last;
    size_t index;
  };
  std::vector<Range> ranges;
  for (size_t i = 0; i < glyphs.size(); ++i) {
    if (!ranges.empty() && ranges.back().last + 1 == glyphs[i].cp)
      ranges.back().last = glyphs[i].cp;
    else
      ranges.push_back({glyphs[i].cp, glyphs[i].cp, i});
  }

  std::printf("// Generated by scripts/gen-bitmap-font from DejaVu Sans Mono Bold 14 px (Bitstream Vera /\n");
  std::printf("// DejaVu licence: free to use and redistribute). Do not edit.\n");
  std::printf("constexpr int kGlyphWidth = %d;\nconstexpr int kGlyphHeight = %d;\n", w, h);
  std::printf(
      "// Code points [first, last] have glyphs kGlyphs[index + (cp - first)], ranges sorted.\n");
  std::printf("struct GlyphRange {\n  char32_t first, last;\n  uint16_t index;\n};\n");
  std::printf("constexpr GlyphRange kGlyphRanges[] = {\n");
  for (const Range& r : ranges)
    std::printf("    {0x%04X, 0x%04X, %zu},\n", unsigned(r.first), unsigned(r.last), r.index);
  std::printf("};\n");
  std::printf("// The hollow box drawn for code points without a glyph.\n");
  std::printf("constexpr uint16_t kReplacementGlyph = %zu;\n", glyphs.size());
  std::printf("// One byte per row, top row first; bit 7 is column 0.\n");
  std::printf("constexpr uint8_t kGlyphs[%zu][%d] = {\n", glyphs.size() + 1, h);
  glyphs.push_back(box);
  for (const Glyph& g : glyphs) {
    std::printf("    {");
    for (size_t y = 0; y < g.rows.size(); ++y) std::printf("%s0x%02x", y ? "," : "", g.rows[y]);
    std::printf("},  // U+%04X\n", unsigned(g.cp));
  }
  std::printf("};\n");
  return 0;
}
