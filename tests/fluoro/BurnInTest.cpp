// Burned-in annotations: the pixels the Secondary Capture will carry.
#include <gtest/gtest.h>

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

TEST(Canvas, DrawsTheDegreeSignAndReplacesOtherCharacters) {
  EXPECT_EQ(Canvas::textWidth("12.5\u00B0", 1), 5 * 8);
  EXPECT_EQ(Canvas::textWidth("\u00E9", 2), 16);  // one '?' glyph
  auto img = grey(20, 20, 0);
  Canvas c(img);
  EXPECT_EQ(c.text(0, 0, "\u00B0", {255, 0, 0}, 1), 8);
  int red = 0;
  for (auto v = img.pixels.begin(); v != img.pixels.end(); v += 3) red += *v == 255;
  EXPECT_GT(red, 4);
}
