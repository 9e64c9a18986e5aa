#include <gtest/gtest.h>

#include "TestData.h"
#include "fv/dicom/Geometry.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Positioner.h"

using namespace fv::dicom;

TEST(Positioner, PositivePrimaryIsLaoAndPositiveSecondaryIsCranial) {
  EXPECT_EQ(positionerText({32, 2}), "LAO 32\u00b0 CRAN 2\u00b0");
}

TEST(Positioner, NegativeAnglesAreRaoAndCaudal) {
  EXPECT_EQ(positionerText({-30, -15}), "RAO 30\u00b0 CAUD 15\u00b0");
}

TEST(Positioner, ZeroIsAnteroposterior) { EXPECT_EQ(positionerText({0, 0}), "AP"); }

TEST(Positioner, FractionsKeepOneDecimal) { EXPECT_EQ(positionerText({12.5, 0}), "LAO 12.5\u00b0"); }

TEST(Positioner, GeneratedAngiographyRunIsRao30Cran15) {
  const std::string xa = fv::test::generated("xa_abstract_small.dcm", "xa --anatomy abstract --rows 64 --cols 64 --frames 3");
  auto info = readInstanceHeader(xa);
  ASSERT_TRUE(info) << info.error().toString();
  ASSERT_TRUE(info->positioner);
  EXPECT_EQ(positionerText(*info->positioner), "RAO 30\u00b0 CRAN 15\u00b0");
}

TEST(OrientationLabel, NamesTheDominantPatientAxes) {
  EXPECT_EQ(orientationLabel({1, 0, 0}), "L");
  EXPECT_EQ(orientationLabel({-1, 0, 0}), "R");
  EXPECT_EQ(orientationLabel({0, 0, -1}), "F");
  EXPECT_EQ(orientationLabel(Vec3{0.8, 0.6, 0}.normalized()), "LP");
  EXPECT_EQ(oppositeOrientationLabel("LP"), "RA");
}

TEST(OrientationLabel, CoronalMrRowsRunToPatientLeftAndColumnsToFeet) {
  auto info = readInstanceHeader(fv::test::demoMr() + "/IM10000.dcm");
  ASSERT_TRUE(info);
  ASSERT_TRUE(info->plane.orientation);
  EXPECT_EQ(orientationLabel(info->plane.orientation->row), "L");
  EXPECT_EQ(orientationLabel(info->plane.orientation->column), "F");
}
