#include <gtest/gtest.h>

#include "TestData.h"
#include "fv/dicom/Calibration.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;

TEST(Calibration, CrossSectionalUsesPixelSpacing) {
  CalibrationInputs in;
  in.pixelSpacingRow = 0.7;
  in.pixelSpacingColumn = 0.8;
  const Calibration c = deriveCalibration(in);
  EXPECT_EQ(c.source, CalibrationSource::PixelSpacing);
  EXPECT_DOUBLE_EQ(*c.rowMm, 0.7);
  EXPECT_DOUBLE_EQ(*c.columnMm, 0.8);
}

TEST(Calibration, ProjectionDividesImagerSpacingByMagnification) {
  CalibrationInputs in;
  in.projection = true;
  in.imagerSpacingRow = in.imagerSpacingColumn = 0.3;
  in.magnificationFactor = 1.5;
  const Calibration c = deriveCalibration(in);
  EXPECT_EQ(c.source, CalibrationSource::MagnificationCorrected);
  EXPECT_NEAR(*c.rowMm, 0.2, 1e-12);
}

TEST(Calibration, ProjectionFallsBackToSourceDistances) {
  CalibrationInputs in;
  in.projection = true;
  in.imagerSpacingRow = in.imagerSpacingColumn = 0.3;
  in.distanceSourceToDetector = 1200;
  in.distanceSourceToPatient = 800;
  const Calibration c = deriveCalibration(in);
  EXPECT_EQ(c.source, CalibrationSource::MagnificationCorrected);
  EXPECT_NEAR(*c.columnMm, 0.2, 1e-12);
}

TEST(Calibration, ProjectionWithoutGeometryIsDetectorSpacing) {
  CalibrationInputs in;
  in.projection = true;
  in.imagerSpacingRow = in.imagerSpacingColumn = 0.3;
  const Calibration c = deriveCalibration(in);
  EXPECT_EQ(c.source, CalibrationSource::Detector);
  EXPECT_DOUBLE_EQ(*c.rowMm, 0.3);
}

TEST(Calibration, ProjectionTrustsPixelSpacingThatDiffersFromImagerSpacing) {
  CalibrationInputs in;
  in.projection = true;
  in.imagerSpacingRow = in.imagerSpacingColumn = 0.3;
  in.pixelSpacingRow = in.pixelSpacingColumn = 0.21;
  in.magnificationFactor = 1.5;
  const Calibration c = deriveCalibration(in);
  EXPECT_EQ(c.source, CalibrationSource::PixelSpacing);
  EXPECT_DOUBLE_EQ(*c.rowMm, 0.21);
}

TEST(Calibration, NothingKnownIsNone) {
  const Calibration c = deriveCalibration({});
  EXPECT_EQ(c.source, CalibrationSource::None);
  EXPECT_FALSE(c.calibrated());
  EXPECT_STREQ(toString(c.source), "none");
}

TEST(Calibration, DemoFluoroscopyIsMagnificationCorrectedFromHeader) {
  auto info = readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_EQ(info->calibration.source, CalibrationSource::MagnificationCorrected);
  // Imager Pixel Spacing 0.585938 / Estimated Radiographic Magnification 1.466667.
  EXPECT_NEAR(*info->calibration.rowMm, 0.585938 / 1.466667, 1e-9);
  EXPECT_STREQ(toString(info->calibration.source), "magnification-corrected");
}

TEST(Calibration, RealRadiofluoroscopyWithoutSpacingIsUncalibrated) {
  auto info = readInstanceHeader(fv::test::testdata("public/dbdicom/RF_dbdicom_0015_GE_shutters.dcm"));
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_EQ(info->calibration.source, CalibrationSource::None);
}
