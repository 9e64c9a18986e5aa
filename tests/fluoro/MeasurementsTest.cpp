// Tip-to-target distance and trajectory angle, with the calibration they use; checked against
// make-dicom-series ground truth.
#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/fluoro/Measurements.h"

using namespace fv::fluoro;
using fv::dicom::Calibration;
using fv::dicom::CalibrationSource;

namespace {

Calibration spacing(double row, double col, CalibrationSource s = CalibrationSource::Detector) {
  Calibration c;
  c.rowMm = row;
  c.columnMm = col;
  c.source = s;
  return c;
}

Annotation make(AnnotationKind kind, std::vector<Point> points) {
  Annotation a;
  a.kind = kind;
  a.points = std::move(points);
  return a;
}

QJsonObject readJson(const std::string& path) {
  QFile f(QString::fromStdString(path));
  EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path;
  return QJsonDocument::fromJson(f.readAll()).object();
}

Point rc(const QJsonValue& v) {
  const auto a = v.toArray();
  return {a[1].toDouble(), a[0].toDouble()};
}

}  // namespace

TEST(Measurements, DistanceUsesRowAndColumnSpacing) {
  const auto d = measureDistance({0, 0}, {3, 4}, spacing(2.0, 1.0));  // 3 columns, 4 rows
  EXPECT_TRUE(d.millimetres);
  EXPECT_DOUBLE_EQ(d.value, std::hypot(3.0, 8.0));
  const auto px = measureDistance({0, 0}, {3, 4}, Calibration{});
  EXPECT_FALSE(px.millimetres);
  EXPECT_DOUBLE_EQ(px.value, 5.0);
  EXPECT_EQ(px.toString(), "5.0 px");
}

TEST(Measurements, AngleToVerticalIsAcute) {
  const Calibration iso = spacing(1, 1);
  EXPECT_NEAR(angleToVertical({0, 0}, {0, 10}, iso), 0.0, 1e-9);
  EXPECT_NEAR(angleToVertical({0, 0}, {10, 10}, iso), 45.0, 1e-9);
  EXPECT_NEAR(angleToVertical({10, 10}, {0, 0}, iso), 45.0, 1e-9);  // direction does not matter
  EXPECT_NEAR(angleToVertical({0, 0}, {10, 0}, iso), 90.0, 1e-9);
  EXPECT_NEAR(angleToVertical({0, 0}, {-10, 10 * std::sqrt(3.0)}, iso), 30.0, 1e-9);
  // Anisotropic pixels change the physical angle: 10 columns of 2 mm vs 10 rows of 1 mm.
  EXPECT_NEAR(angleToVertical({0, 0}, {10, 10}, spacing(1.0, 2.0)),
              std::atan2(20.0, 10.0) * 180 / M_PI, 1e-9);
}

TEST(Measurements, AngleAgainstAReferenceLineWhenOneIsDrawn) {
  const std::vector<Annotation> a = {make(AnnotationKind::Trajectory, {{0, 0}, {10, 10}}),
                                     make(AnnotationKind::ReferenceLine, {{0, 50}, {100, 50}})};
  const auto m = measure(a, spacing(1, 1));
  ASSERT_TRUE(m.trajectoryAngleDeg);
  EXPECT_NEAR(*m.trajectoryAngleDeg, 45.0, 1e-9);
  EXPECT_EQ(m.angleReference, "reference-line");
}

TEST(Measurements, TipFallsBackToTheTrajectoryEnd) {
  const std::vector<Annotation> a = {make(AnnotationKind::Trajectory, {{0, 0}, {30, 40}}),
                                     make(AnnotationKind::Target, {{30, 80}})};
  const auto m = measure(a, spacing(0.5, 0.5, CalibrationSource::MagnificationCorrected));
  ASSERT_TRUE(m.tipToTarget);
  EXPECT_DOUBLE_EQ(m.tipToTarget->value, 20.0);
  EXPECT_EQ(m.calibrationSource, CalibrationSource::MagnificationCorrected);
  EXPECT_EQ(m.describe().front(), "Tip to target 20.0 mm (magnification-corrected)");
}

TEST(Measurements, UserCalibrationMakesTheLineItsKnownLength) {
  Annotation line = make(AnnotationKind::Calibration, {{10, 10}, {10, 110}});  // 100 rows
  line.lengthMm = 25.0;
  const auto iso = userCalibration(line, Calibration{});
  ASSERT_TRUE(iso);
  EXPECT_EQ(iso->source, CalibrationSource::User);
  EXPECT_DOUBLE_EQ(*iso->rowMm, 0.25);
  // With a header aspect of 2:1 (rows twice as far apart), the aspect is kept and the line still
  // measures its known length.
  const auto kept = userCalibration(line, spacing(0.8, 0.4));
  ASSERT_TRUE(kept);
  EXPECT_NEAR(*kept->rowMm / *kept->columnMm, 2.0, 1e-12);
  EXPECT_NEAR(measureDistance(line.points[0], line.points[1], *kept).value, 25.0, 1e-9);
  Annotation diagonal = make(AnnotationKind::Calibration, {{0, 0}, {30, 40}});
  diagonal.lengthMm = 10;
  const auto d = userCalibration(diagonal, spacing(0.8, 0.4));
  EXPECT_NEAR(measureDistance(diagonal.points[0], diagonal.points[1], *d).value, 10.0, 1e-9);
  line.lengthMm = 0;
  EXPECT_FALSE(userCalibration(line, Calibration{}));
}

// The demo cine's header calibration (Imager Pixel Spacing / Estimated Radiographic
// Magnification) measures the generator's needle as long as it really is at the patient.
TEST(Measurements, NeedleLengthMatchesGroundTruthWithinOnePercent) {
  const auto truth = readJson(fv::test::demoXaTruth());
  auto info = fv::dicom::readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(info) << info.error().toString();
  ASSERT_EQ(info->calibration.source, CalibrationSource::MagnificationCorrected);
  const Point entry = rc(truth["needle_entry_rc"]);
  int checked = 0;
  for (const auto v : truth["tips"].toArray()) {
    const auto tip = v.toObject();
    const Point p{tip["tip_col"].toDouble(), tip["tip_row"].toDouble()};
    const auto length = measureDistance(entry, p, info->calibration);
    const double expected = tip["needle_length_mm_at_patient"].toDouble();
    if (expected < 5) continue;
    EXPECT_NEAR(length.value, expected, expected * 0.01) << "frame " << tip["frame"].toInt();
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

TEST(Measurements, TipToTargetMatchesGroundTruthWithinOnePercent) {
  const auto truth = readJson(fv::test::demoXaTruth());
  auto info = fv::dicom::readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(info);
  const double mmPerPixel =
      truth["imager_pixel_spacing_mm"].toArray()[0].toDouble() / truth["magnification"].toDouble();
  const Point target = rc(truth["needle_target_rc"]);
  const auto tip5 = truth["tips"].toArray()[4].toObject();
  const Point tip{tip5["tip_col"].toDouble(), tip5["tip_row"].toDouble()};
  const std::vector<Annotation> a = {make(AnnotationKind::NeedleTip, {tip}),
                                     make(AnnotationKind::Target, {target})};
  const auto m = measure(a, info->calibration);
  ASSERT_TRUE(m.tipToTarget);
  const double truthMm = std::hypot(tip.x - target.x, tip.y - target.y) * mmPerPixel;
  EXPECT_NEAR(m.tipToTarget->value, truthMm, truthMm * 0.01);
  EXPECT_GT(truthMm, 10.0);
}
