// The one description of annotation drawing: which primitives each kind becomes, at which sizes,
// and that the burn-in rasterizes exactly those.
#include <gtest/gtest.h>

#include "fv/fluoro/AnnotationShapes.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Style.h"

using namespace fv::fluoro;

namespace {

Annotation make(AnnotationKind kind, std::vector<Point> points, uint64_t id = 0) {
  Annotation a;
  a.id = id;
  a.kind = kind;
  a.points = std::move(points);
  return a;
}

template <class T>
std::vector<T> only(const std::vector<Shape>& shapes) {
  std::vector<T> out;
  for (const auto& s : shapes)
    if (const T* t = std::get_if<T>(&s)) out.push_back(*t);
  return out;
}

fv::dicom::Image8 black(uint32_t rows, uint32_t cols) {
  fv::dicom::Image8 g;
  g.rows = rows;
  g.columns = cols;
  g.pixels.assign(size_t(rows) * cols, 0);
  return toRgb(g);
}

}  // namespace

TEST(AnnotationShapes, NeedleTipIsARingAndADotOverTheirHalos) {
  const Point tip{100, 80};
  const auto shapes = annotationShapes({make(AnnotationKind::NeedleTip, {tip})}, {});
  ASSERT_EQ(shapes.size(), 4u);
  const auto rings = only<CircleShape>(shapes);
  const auto dots = only<DiscShape>(shapes);
  ASSERT_EQ(rings.size(), 2u);
  ASSERT_EQ(dots.size(), 2u);
  // Halo first (dark, 2 px wider), then the kind's colour on top.
  EXPECT_EQ(rings[0].colour, kHalo);
  EXPECT_EQ(rings[0].thickness, kStroke + 2);
  EXPECT_EQ(rings[1].colour, colourOf(AnnotationKind::NeedleTip));
  EXPECT_EQ(rings[1].radius, kTipRadius);
  EXPECT_EQ(rings[1].thickness, kStroke);
  EXPECT_EQ(rings[1].centre, tip);
  EXPECT_EQ(dots[0].radius, kTipDotRadius + 1);
  EXPECT_EQ(dots[1].radius, kTipDotRadius);
  EXPECT_TRUE(std::holds_alternative<CircleShape>(shapes[0]));
  EXPECT_TRUE(std::holds_alternative<DiscShape>(shapes[3]));
}

TEST(AnnotationShapes, SizesScaleWithTheImageAndOnlyPositionsAreMapped) {
  ShapeOptions o;
  o.scale = 2;
  o.map = [](const Point& p) { return Point{p.x * 3 + 10, p.y * 3 + 20}; };  // e.g. a 3x zoom
  const auto shapes = annotationShapes(
      {make(AnnotationKind::Target, {{10, 10}}), make(AnnotationKind::Arrow, {{0, 0}, {10, 0}})},
      o);
  const auto circles = only<CircleShape>(shapes);
  ASSERT_EQ(circles.size(), 2u);
  EXPECT_EQ(circles[1].centre, (Point{40, 50}));
  EXPECT_EQ(circles[1].radius, kTargetRadius * 2);  // not × 3: sizes are output pixels × scale
  EXPECT_EQ(circles[1].thickness, kStroke * 2);
  // Target cross (2), arrow shaft and two wings, halo and colour: 10 lines.
  const auto lines = only<LineShape>(shapes);
  ASSERT_EQ(lines.size(), 10u);
  const LineShape& arm = lines[5];  // colour pass: the target's horizontal arm
  EXPECT_EQ(arm.from, (Point{40 - kTargetRadius * 1.5 * 2, 50}));
  const LineShape& wing = lines[8];
  EXPECT_EQ(wing.from, (Point{40, 20}));  // the arrow head, mapped
  EXPECT_NEAR(std::hypot(wing.to.x - wing.from.x, wing.to.y - wing.from.y), kArrowHead * 2, 1e-9);
}

TEST(AnnotationShapes, TrajectoryGetsADashedExtensionToTheTarget) {
  ShapeOptions o;
  o.target = Point{20, 200};
  const auto lines = only<LineShape>(
      annotationShapes({make(AnnotationKind::Trajectory, {{20, 20}, {20, 60}})}, o));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[3].from, (Point{20, 60}));
  EXPECT_EQ(lines[3].to, (Point{20, 200}));
  EXPECT_EQ(lines[3].dash, kDash);
  EXPECT_EQ(lines[2].dash, 0);  // the needle itself is solid
  const auto alone = annotationShapes({make(AnnotationKind::Trajectory, {{20, 20}, {20, 60}})}, {});
  EXPECT_EQ(only<LineShape>(alone).size(), 2u);  // no target, no extension
}

TEST(AnnotationShapes, LabelsCalibrationsAndCaptionsAreTexts) {
  Annotation label = make(AnnotationKind::Label, {{50, 50}});
  label.text = "L5";
  Annotation cal = make(AnnotationKind::Calibration, {{0, 100}, {40, 100}});
  cal.lengthMm = 12.5;
  FrameMeasurements m;
  m.tip = Point{100, 100};
  m.target = Point{120, 100};
  m.tipToTarget = Distance{7.8, true};
  m.trajectoryAngleDeg = 12.34;
  m.angleReference = "vertical";
  ShapeOptions o;
  o.captions = &m;
  const auto texts = only<TextShape>(annotationShapes({label, cal}, o));
  ASSERT_EQ(texts.size(), 4u);
  EXPECT_EQ(texts[0].text, "L5");
  EXPECT_EQ(texts[0].topLeft, (Point{54, 50 - double(Canvas::textHeight(1) / 2)}));
  EXPECT_EQ(texts[1].text, "12.5 mm (calibration)");
  EXPECT_EQ(texts[1].topLeft, (Point{26, 106}));
  EXPECT_EQ(texts[2].text, "7.8 mm (none)");
  EXPECT_EQ(texts[2].topLeft, (Point{118, 96}));
  EXPECT_EQ(texts[3].text, "12.3\u00B0 to vertical");
  EXPECT_EQ(texts[3].colour, (Rgb{0, 255, 255}));
  // Without captions only the annotations' own texts.
  EXPECT_EQ(only<TextShape>(annotationShapes({label, cal}, {})).size(), 2u);
}

TEST(AnnotationShapes, TheSelectedAnnotationIsThickerWithHandlesOnItsPoints) {
  ShapeOptions o;
  o.selected = 7;
  const auto shapes = annotationShapes({make(AnnotationKind::Arrow, {{0, 0}, {30, 0}}, 7),
                                        make(AnnotationKind::NeedleTip, {{60, 60}}, 8)},
                                       o);
  const auto lines = only<LineShape>(shapes);
  EXPECT_EQ(lines[3].thickness, kStroke + 1);  // the arrow's colour pass
  EXPECT_EQ(only<CircleShape>(shapes)[1].thickness, kStroke);
  const auto handles = only<PolylineShape>(shapes);
  ASSERT_EQ(handles.size(), 2u);  // one per point of the arrow
  EXPECT_EQ(handles[1].colour, (Rgb{255, 255, 255}));
  EXPECT_EQ(handles[1].points[0], (Point{27, -3}));
}

TEST(AnnotationShapes, IncompleteAnnotationsAreSkippedAnOutlineShowsFromTwoPoints) {
  EXPECT_TRUE(annotationShapes({make(AnnotationKind::Arrow, {{0, 0}})}, {}).empty());
  const auto lines =
      only<PolylineShape>(annotationShapes({make(AnnotationKind::Outline, {{0, 0}, {9, 9}})}, {}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[1].closed);
  const auto closed = only<PolylineShape>(
      annotationShapes({make(AnnotationKind::Outline, {{0, 0}, {9, 9}, {0, 9}})}, {}));
  EXPECT_TRUE(closed[1].closed);
}

TEST(AnnotationShapes, BurnInRasterizesExactlyTheShapes) {
  Annotation label = make(AnnotationKind::Label, {{30, 90}});
  label.text = "contrast";
  const std::vector<Annotation> a = {make(AnnotationKind::NeedleTip, {{60, 40}}),
                                     make(AnnotationKind::Trajectory, {{10, 10}, {60, 40}}),
                                     make(AnnotationKind::Target, {{90, 60}}), label};
  FrameMeasurements m = measure(a, {});
  auto burned = black(128, 160);
  BurnInOptions options{{}, false, 0, true};
  burnIn(burned, a, m, options);

  auto drawn = black(128, 160);
  Canvas c(drawn);
  ShapeOptions o;
  o.target = m.target;
  o.captions = &m;
  drawShapes(c, annotationShapes(a, o));
  EXPECT_EQ(burned.pixels, drawn.pixels);
  // And the caption is really there (the tip-to-target distance in yellow).
  ASSERT_TRUE(m.tipToTarget);
  const auto text = renderTextBox(TextShape{{0, 0}, m.tipToTarget->toString(), 1, {255, 255, 0}});
  EXPECT_EQ(text.columns, uint32_t(Canvas::textWidth(m.tipToTarget->toString(), 1) + 2));
  EXPECT_EQ(text.rows, uint32_t(Canvas::textHeight(1) + 2));
}
