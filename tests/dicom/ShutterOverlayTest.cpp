#include <gtest/gtest.h>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Overlay.h"
#include "fv/dicom/Shutter.h"

using namespace fv::dicom;

TEST(Shutter, RectangleKeepsEdgesInclusiveOneBased) {
  ShutterSpec s;
  s.rectangular = true;
  s.left = 2; s.right = 4; s.upper = 3; s.lower = 5;
  const Mask m = makeShutterMask(s, 6, 6);
  EXPECT_EQ(m.at(2, 1), 1);  // row 3, column 2 (1-based) is the top-left visible pixel
  EXPECT_EQ(m.at(1, 1), 0);
  EXPECT_EQ(m.at(2, 0), 0);
  EXPECT_EQ(m.at(4, 3), 1);
  EXPECT_EQ(m.at(5, 3), 0);
}

TEST(Shutter, CircleAndRectangleIntersect) {
  ShutterSpec s;
  s.circular = true;
  s.centerRow = 50; s.centerColumn = 50; s.radius = 20;
  s.rectangular = true;
  s.left = 1; s.right = 50; s.upper = 1; s.lower = 100;
  const Mask m = makeShutterMask(s, 100, 100);
  EXPECT_EQ(m.at(49, 45), 1);  // inside both
  EXPECT_EQ(m.at(49, 55), 0);  // inside the circle, right of the rectangle
  EXPECT_EQ(m.at(5, 5), 0);    // outside the circle
}

TEST(Shutter, PolygonUsesPixelCentres) {
  ShutterSpec s;
  s.polygonal = true;
  s.polygon = {{1, 1}, {1, 10}, {10, 1}};  // triangle in (row, column)
  const Mask m = makeShutterMask(s, 10, 10);
  EXPECT_EQ(m.at(1, 1), 1);
  EXPECT_EQ(m.at(8, 8), 0);
}

TEST(Shutter, RealGeRadiofluoroscopyShuttersAreRead) {
  auto info = readInstanceHeader(fv::test::testdata("public/dbdicom/RF_dbdicom_0015_GE_shutters.dcm"));
  ASSERT_TRUE(info) << info.error().toString();
  const ShutterSpec& s = info->shutter;
  EXPECT_TRUE(s.circular);
  EXPECT_TRUE(s.rectangular);
  EXPECT_EQ(s.centerRow, 480);
  EXPECT_EQ(s.radius, 470);
  EXPECT_EQ(s.right, 950);
  const Mask m = makeShutterMask(s, info->pixels.rows, info->pixels.columns);
  EXPECT_EQ(m.at(0, 0), 0);
  EXPECT_EQ(m.at(479, 479), 1);
  EXPECT_EQ(m.at(479, 1000), 0);
}

TEST(Overlay, BitsMapToImagePixelsWithOrigin) {
  OverlayPlane p;
  p.rows = 2;
  p.columns = 4;
  p.originRow = 2;
  p.originColumn = 3;
  p.data = {0b10000001};  // overlay (0,0) and (1,3) set, LSB first
  const Mask m = overlayMask(p, 0, 5, 8);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.at(1, 2), 1);
  EXPECT_EQ(m.at(2, 5), 1);
  EXPECT_EQ(m.at(1, 3), 0);
}

TEST(Overlay, MultiFrameOverlayCoversOnlyItsFrames) {
  OverlayPlane p;
  p.rows = 1;
  p.columns = 8;
  p.frames = 2;
  p.firstFrame = 2;
  p.data = {0x01, 0x80};
  EXPECT_TRUE(overlayMask(p, 0, 1, 8).empty());  // image frame 1 is before the overlay
  EXPECT_EQ(overlayMask(p, 1, 1, 8).at(0, 0), 1);
  EXPECT_EQ(overlayMask(p, 2, 1, 8).at(0, 7), 1);
  EXPECT_TRUE(overlayMask(p, 3, 1, 8).empty());
}

TEST(Overlay, ShortDataGivesNoMaskInsteadOfReadingPastTheEnd) {
  OverlayPlane p;
  p.rows = 64;
  p.columns = 64;
  p.data = {0xFF};
  EXPECT_TRUE(overlayMask(p, 0, 64, 64).empty());
}
