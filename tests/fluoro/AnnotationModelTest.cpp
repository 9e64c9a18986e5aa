// The annotation model: per-frame annotations, selection, hit testing, undo/redo.
#include <gtest/gtest.h>

#include <cmath>

#include "fv/fluoro/AnnotationModel.h"

using namespace fv::fluoro;

namespace {
const FrameKey kFrame{"1.2.3", 16};
const FrameKey kOther{"1.2.3", 3};

Annotation point(AnnotationKind kind, double x, double y) {
  Annotation a;
  a.kind = kind;
  a.points = {{x, y}};
  return a;
}
Annotation line(AnnotationKind kind, Point a, Point b) {
  Annotation l;
  l.kind = kind;
  l.points = {a, b};
  return l;
}
}  // namespace

TEST(AnnotationModel, KeepsAnnotationsOnTheirOwnFrame) {
  AnnotationModel m;
  const auto id = m.add(kFrame, point(AnnotationKind::NeedleTip, 10, 20));
  EXPECT_NE(id, 0u);
  EXPECT_EQ(m.annotations(kFrame).size(), 1u);
  EXPECT_TRUE(m.annotations(kOther).empty());
  EXPECT_EQ(m.selected(), id);
  EXPECT_EQ(m.annotatedFrames(), std::vector<FrameKey>{kFrame});
}

TEST(AnnotationModel, UndoAndRedoEveryEdit) {
  AnnotationModel m;
  const auto id = m.add(kFrame, point(AnnotationKind::Target, 5, 5));
  ASSERT_TRUE(m.translate(id, 2, 3));
  EXPECT_EQ(m.annotations(kFrame)[0].points[0], (Point{7, 8}));
  ASSERT_TRUE(m.remove(id));
  EXPECT_TRUE(m.annotations(kFrame).empty());
  ASSERT_TRUE(m.undo());  // remove
  EXPECT_EQ(m.annotations(kFrame)[0].points[0], (Point{7, 8}));
  ASSERT_TRUE(m.undo());  // translate
  EXPECT_EQ(m.annotations(kFrame)[0].points[0], (Point{5, 5}));
  ASSERT_TRUE(m.undo());  // add
  EXPECT_TRUE(m.annotations(kFrame).empty());
  EXPECT_FALSE(m.undo());
  ASSERT_TRUE(m.redo());
  ASSERT_TRUE(m.redo());
  EXPECT_EQ(m.annotations(kFrame)[0].points[0], (Point{7, 8}));
  // A new edit drops the redo history.
  m.add(kOther, point(AnnotationKind::NeedleTip, 1, 1));
  EXPECT_FALSE(m.canRedo());
}

TEST(AnnotationModel, ADragIsOneUndoStep) {
  AnnotationModel m;
  const auto id = m.add(kFrame, line(AnnotationKind::Trajectory, {0, 0}, {10, 10}));
  m.beginGroup();
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(m.movePoint(id, 1, {10.0 + i, 10.0 + i}));
  m.endGroup();
  EXPECT_EQ(m.annotations(kFrame)[0].points[1], (Point{15, 15}));
  ASSERT_TRUE(m.undo());
  EXPECT_EQ(m.annotations(kFrame)[0].points[1], (Point{10, 10}));
}

TEST(AnnotationModel, HitTestFindsTheNearestWithinTolerance) {
  AnnotationModel m;
  const auto tip = m.add(kFrame, point(AnnotationKind::NeedleTip, 100, 100));
  const auto traj = m.add(kFrame, line(AnnotationKind::Trajectory, {0, 0}, {0, 200}));
  EXPECT_EQ(m.hitTest(kFrame, {101, 102}, 5), tip);
  EXPECT_EQ(m.hitTest(kFrame, {3, 150}, 5), traj);  // near the middle of the segment
  EXPECT_FALSE(m.hitTest(kFrame, {50, 50}, 5));
  EXPECT_FALSE(m.hitTest(kOther, {101, 102}, 5));
}

TEST(AnnotationModel, OutlinesAreHitOnTheirClosingEdge) {
  AnnotationModel m;
  Annotation o;
  o.kind = AnnotationKind::Outline;
  o.points = {{0, 0}, {100, 0}, {100, 100}};
  const auto id = m.add(kFrame, o);
  EXPECT_EQ(m.hitTest(kFrame, {50, 51}, 2), id);  // on the edge from (100,100) back to (0,0)
}

TEST(AnnotationModel, ResetReplacesEverythingAndForgetsHistory) {
  AnnotationModel m;
  m.add(kFrame, point(AnnotationKind::NeedleTip, 1, 1));
  m.reset(
      {{kOther, {point(AnnotationKind::Target, 2, 2), point(AnnotationKind::NeedleTip, 3, 3)}}});
  EXPECT_TRUE(m.annotations(kFrame).empty());
  ASSERT_EQ(m.annotations(kOther).size(), 2u);
  EXPECT_NE(m.annotations(kOther)[0].id, m.annotations(kOther)[1].id);
  EXPECT_FALSE(m.canUndo());
}

TEST(Annotation, ValidityFollowsTheKind) {
  EXPECT_TRUE(point(AnnotationKind::NeedleTip, 1, 1).valid());
  EXPECT_FALSE(line(AnnotationKind::NeedleTip, {1, 1}, {2, 2}).valid());
  Annotation cal = line(AnnotationKind::Calibration, {0, 0}, {10, 0});
  EXPECT_FALSE(cal.valid());  // no known length
  cal.lengthMm = 5;
  EXPECT_TRUE(cal.valid());
  Annotation label = point(AnnotationKind::Label, 1, 1);
  EXPECT_FALSE(label.valid());
  label.text = "L hip";
  EXPECT_TRUE(label.valid());
  EXPECT_FALSE(point(AnnotationKind::Target, std::nan(""), 1).valid());
  for (auto k : {AnnotationKind::NeedleTip, AnnotationKind::Outline, AnnotationKind::Calibration})
    EXPECT_EQ(annotationKindFromString(toString(k)), k);
}
