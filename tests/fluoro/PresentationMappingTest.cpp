// Annotations ↔ presentation-state graphics, without files (the file round trip is in
// ConfirmationTest).
#include <gtest/gtest.h>

#include "fv/fluoro/PresentationMapping.h"

using namespace fv::fluoro;

namespace {
Annotation make(AnnotationKind kind, std::vector<Point> points, std::string text = {},
                double mm = 0) {
  Annotation a;
  a.kind = kind;
  a.points = std::move(points);
  a.text = std::move(text);
  a.lengthMm = mm;
  return a;
}

void expectSame(const std::vector<Annotation>& a, const std::vector<Annotation>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind) << i;
    ASSERT_EQ(a[i].points.size(), b[i].points.size()) << i;
    for (size_t k = 0; k < a[i].points.size(); ++k) {
      EXPECT_NEAR(a[i].points[k].x, b[i].points[k].x, 1e-3);
      EXPECT_NEAR(a[i].points[k].y, b[i].points[k].y, 1e-3);
    }
    EXPECT_EQ(a[i].text, b[i].text);
    EXPECT_NEAR(a[i].lengthMm, b[i].lengthMm, 1e-3);
  }
}
}  // namespace

TEST(PresentationMapping, EveryKindComesBackAsItWent) {
  const std::vector<Annotation> shapes = {
      make(AnnotationKind::NeedleTip, {{133.87, 82.10}}),
      make(AnnotationKind::Target, {{219.71, 219.48}}),
      make(AnnotationKind::Trajectory, {{115.0, 51.9}, {133.87, 82.10}}),
      make(AnnotationKind::ReferenceLine, {{10, 400}, {500, 400}}),
      make(AnnotationKind::Arrow, {{300, 300}, {250, 250}}),
      make(AnnotationKind::Outline, {{200, 200}, {240, 210}, {230, 260}, {190, 240}}),
      make(AnnotationKind::Calibration, {{20, 20}, {20, 120}}, {}, 25.0),
  };
  std::vector<Annotation> all = shapes;
  all.push_back(make(AnnotationKind::Label, {{140, 70}}, "R hip"));
  FrameMeasurements m;
  m.target = all[1].points[0];
  m.tipToTarget = Distance{23.4, true};
  m.trajectoryAngleDeg = 31.5;
  m.angleReference = "vertical";
  const auto content = toPresentation(all, m, 512);
  // Decoration (arrow head, trajectory extension) and measurement texts are extra graphics.
  EXPECT_GT(content.shapes.size(), shapes.size());
  bool angleText = false;
  for (const auto& t : content.texts)
    if (t.layer == std::string(kMeasurementLayer) && t.text.find("31.5°") != std::string::npos)
      angleText = true;
  EXPECT_TRUE(angleText);
  expectSame(fromPresentation(content), all);
}

TEST(PresentationMapping, ForeignGraphicsBecomeEditableShapes) {
  fv::dicom::PresentationContent c;
  fv::dicom::GraphicShape poly;
  poly.layer = "SOMEONE_ELSE";
  poly.points = {{1, 1}, {5, 1}, {5, 5}};
  c.shapes.push_back(poly);
  fv::dicom::GraphicText text;
  text.layer = "SOMEONE_ELSE";
  text.text = "note";
  text.anchor = {3, 3};
  c.texts.push_back(text);
  const auto a = fromPresentation(c);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].kind, AnnotationKind::Outline);
  EXPECT_EQ(a[1].kind, AnnotationKind::Label);
  EXPECT_EQ(a[1].text, "note");
}

TEST(PresentationMapping, LayerNamesFitTheCodeStringLimit) {
  for (auto k : {AnnotationKind::NeedleTip, AnnotationKind::Target, AnnotationKind::Trajectory,
                 AnnotationKind::ReferenceLine, AnnotationKind::Arrow, AnnotationKind::Label,
                 AnnotationKind::Outline, AnnotationKind::Calibration})
    EXPECT_LE(std::string(layerOf(k)).size(), 16u);
}
