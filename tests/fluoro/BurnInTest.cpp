// Burned-in annotations: the pixels the Secondary Capture will carry.
#include <gtest/gtest.h>

#include "fv/dicom/Utf8.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Canvas.h"
#include "fv/fluoro/Style.h"

using namespace fv::fluoro;

namespace {

fv::dicom::Image8 grey(uint32_t rows, uint32_t cols, uint8_t value) {
  fv::dicom::Image8 g;
  g.rows = rows;
  g.columns = cols;
  g.pixels.assign(size_t(rows) * cols, value);
  return toRgb(g);
}

Rgb at(const fv::dicom::Image8& img, int x, int y) {
  const uint8_t* p = &img.pixels[(size_t(y) * img.columns + x) * 3];
  return {p[0], p[1], p[2]};
}

Annotation make(AnnotationKind kind, std::vector<Point> points) {
  Annotation a;
  a.kind = kind;
  a.points = std::move(points);
  return a;
}

}  // namespace

TEST(BurnIn, TipMarkerCoversExactlyTheAnnotatedPixelAndIsCentredOnIt) {
  auto img = grey(512, 512, 100);
  const Point tip{200, 150};
  burnIn(img, {make(AnnotationKind::NeedleTip, {tip})}, {}, BurnInOptions{{}, false, 0});
  const Rgb yellow = colourOf(AnnotationKind::NeedleTip);
  EXPECT_EQ(at(img, 200, 150), yellow);
  // The ring is symmetric around the tip: the centroid of yellow pixels nearby is the tip.
  double sx = 0, sy = 0, n = 0;
  for (int y = 130; y < 170; ++y)
    for (int x = 180; x < 220; ++x)
      if (at(img, x, y) == yellow) {
        sx += x;
        sy += y;
        ++n;
      }
  ASSERT_GT(n, 20);
  EXPECT_NEAR(sx / n, 200.0, 0.01);
  EXPECT_NEAR(sy / n, 150.0, 0.01);
  // Between dot and ring the image shows through; far away it is untouched.
  EXPECT_EQ(at(img, 203, 150), (Rgb{100, 100, 100}));
  EXPECT_EQ(at(img, 300, 300), (Rgb{100, 100, 100}));
}

TEST(BurnIn, MarkersScaleWithLargeImages) {
  EXPECT_EQ(burnInScale(512, 512), 1);
  EXPECT_EQ(burnInScale(1024, 1024), 2);
  EXPECT_EQ(burnInScale(256, 256), 1);
}

TEST(BurnIn, TrajectoryExtensionToTheTargetIsDashed) {
  auto img = grey(256, 256, 0);
  const std::vector<Annotation> a = {make(AnnotationKind::Trajectory, {{20, 20}, {20, 60}}),
                                     make(AnnotationKind::Target, {{20, 200}})};
  FrameMeasurements m;
  m.target = Point{20, 200};
  burnIn(img, a, m, BurnInOptions{{}, false, 0});
  const Rgb cyan = colourOf(AnnotationKind::Trajectory);
  int on = 0, off = 0;
  for (int y = 70; y < 170; ++y) (at(img, 20, y) == cyan ? on : off)++;
  EXPECT_GT(on, 30);                                                   // dashes
  EXPECT_GT(off, 30);                                                  // gaps
  for (int y = 25; y < 55; ++y) EXPECT_EQ(at(img, 20, y), cyan) << y;  // the needle itself is solid
}

TEST(BurnIn, TextAndMeasurementsAreDrawnButNoPatientDetailsUnlessAsked) {
  auto img = grey(256, 256, 0);
  FrameMeasurements m;
  m.tipToTarget = Distance{12.3, true};
  burnIn(img, {}, m, BurnInOptions{{"Needle confirmation"}, true, 0});
  int bright = 0;
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 200; ++x) bright += at(img, x, y).r > 200;
  EXPECT_GT(bright, 100);  // header text
  int yellow = 0;
  for (int y = 200; y < 256; ++y)
    for (int x = 0; x < 256; ++x) yellow += at(img, x, y) == Rgb{255, 255, 0};
  EXPECT_GT(yellow, 100);  // measurement line at the bottom-left
}

TEST(BurnIn, AnnotationsOutsideTheImageAreClippedNotACrash) {
  auto img = grey(64, 64, 0);
  Annotation outline = make(AnnotationKind::Outline, {{-100, -100}, {1000, 5}, {30, 5000}});
  burnIn(img,
         {make(AnnotationKind::NeedleTip, {{-5, 70}}), outline,
          make(AnnotationKind::Arrow, {{-1e5, 0}, {1e5, 0}})},
         {}, BurnInOptions{});
  SUCCEED();
}

namespace {

// The pixels one character leaves on a black canvas, as a string of '#' and '.'.
std::string glyphPixels(const std::string& utf8) {
  auto img = grey(Canvas::textHeight(1), 8, 0);
  Canvas c(img);
  c.text(0, 0, utf8, {255, 255, 255}, 1);
  std::string s;
  for (auto v = img.pixels.begin(); v != img.pixels.end(); v += 3) s += *v ? '#' : '.';
  return s;
}

}  // namespace

TEST(Canvas, DrawsTheDegreeSignAndAccentedLettersWithGlyphsOfTheirOwn) {
  EXPECT_EQ(Canvas::textWidth("12.5\u00B0", 1), 5 * 8);
  auto img = grey(20, 20, 0);
  Canvas c(img);
  EXPECT_EQ(c.text(0, 0, "\u00B0", {255, 0, 0}, 1), 8);
  int red = 0;
  for (auto v = img.pixels.begin(); v != img.pixels.end(); v += 3) red += *v == 255;
  EXPECT_GT(red, 4);

  const std::string box = glyphPixels("\uFFFD");
  EXPECT_NE(box.find('#'), std::string::npos);
  // Latin-1, Latin Extended-A, Greek, Cyrillic: each its own glyph, not the box, not the base
  // letter (an accent that vanished would turn "é" into "e").
  const std::pair<const char*, const char*> letters[] = {
      {"é", "e"}, {"ł", "l"}, {"Ä", "A"}, {"ô", "o"}, {"Č", "C"}, {"ő", "o"},
      {"ß", "B"}, {"Δ", "A"}, {"ύ", "u"}, {"Ж", "X"}, {"°", "o"},
  };
  for (const auto& [letter, base] : letters) {
    SCOPED_TRACE(letter);
    const std::string pixels = glyphPixels(letter);
    EXPECT_NE(pixels.find('#'), std::string::npos);
    EXPECT_NE(pixels, box);
    EXPECT_NE(pixels, glyphPixels(base));
    EXPECT_TRUE(Canvas::hasGlyph(fv::dicom::decodeUtf8(letter)[0]));
    EXPECT_EQ(Canvas::textWidth(letter, 2), 16);  // one glyph, two pixels per font pixel
  }
}

TEST(Canvas, ACharacterTheFontLacksIsDrawnAsAReplacementBoxNeverDropped) {
  const std::string box = glyphPixels("\uFFFD");
  for (const char* missing : {"日", "\u05D0" /* Hebrew alef */, "\U0001F600", "\x07"}) {
    SCOPED_TRACE(missing);
    EXPECT_FALSE(Canvas::hasGlyph(fv::dicom::decodeUtf8(missing)[0]));
    EXPECT_EQ(glyphPixels(missing), box);
    EXPECT_EQ(Canvas::textWidth(missing, 1), 8);
  }
  // Ill-formed UTF-8 (a Latin-1 byte) is one box per bad byte, between the good letters.
  EXPECT_EQ(Canvas::textWidth("J\xE9r", 1), 3 * 8);
  // The box is a hollow rectangle: a closed outline with an empty inside.
  const int h = Canvas::textHeight(1);
  int top = -1, bottom = -1;
  for (int y = 0; y < h; ++y)
    if (box.substr(size_t(y) * 8, 8).find('#') != std::string::npos) (top < 0 ? top : bottom) = y;
  ASSERT_GT(bottom, top + 4);
  EXPECT_EQ(box.substr(size_t(top) * 8, 8), ".######.");
  EXPECT_EQ(box.substr(size_t(bottom) * 8, 8), ".######.");
  for (int y = top + 1; y < bottom; ++y) EXPECT_EQ(box.substr(size_t(y) * 8, 8), ".#....#.") << y;
}

TEST(Canvas, TextKeepsItsWidthPerCodePoint) {
  EXPECT_EQ(Canvas::textWidth("Buc, Jérôme", 1), 11 * 8);
  EXPECT_EQ(Canvas::textWidth("Διονυσιος", 1), 9 * 8);
  auto img = grey(Canvas::textHeight(1), 11 * 8, 0);
  Canvas c(img);
  EXPECT_EQ(c.text(0, 0, "Buc, Jérôme", {255, 255, 255}, 1), 11 * 8);
}
