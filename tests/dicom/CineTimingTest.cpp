#include <gtest/gtest.h>

#include "TestData.h"
#include "fv/dicom/CineTiming.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;

TEST(CineTiming, FrameTimeGivesEvenSpacing) {
  CineTiming t;
  t.frameTimeMs = 33.3;
  EXPECT_DOUBLE_EQ(*t.nominalFrameTimeMs(), 33.3);
  const auto times = t.frameStartTimesMs(4);
  EXPECT_DOUBLE_EQ(times[3], 99.9);
}

TEST(CineTiming, FrameTimeVectorHoldsIncrementsFromThePreviousFrame) {
  CineTiming t;
  t.frameIncrementPointer = {0x00181065};
  t.frameTimeVectorMs = {0, 40, 40, 80};
  EXPECT_DOUBLE_EQ(*t.nominalFrameTimeMs(), 160.0 / 3);
  const auto times = t.frameStartTimesMs(4);
  EXPECT_DOUBLE_EQ(times[0], 0);
  EXPECT_DOUBLE_EQ(times[1], 40);
  EXPECT_DOUBLE_EQ(times[3], 160);
}

TEST(CineTiming, FrameIncrementPointerDecidesBetweenTimeAndVector) {
  CineTiming t;
  t.frameTimeMs = 100;
  t.frameTimeVectorMs = {0, 10, 10};
  t.frameIncrementPointer = {0x00181065};
  EXPECT_DOUBLE_EQ(*t.nominalFrameTimeMs(), 10);
  t.frameIncrementPointer = {0x00181063};
  EXPECT_DOUBLE_EQ(*t.nominalFrameTimeMs(), 100);
}

TEST(CineTiming, FallsBackToCineRateThenRecommendedRate) {
  CineTiming t;
  t.recommendedFps = 10;
  EXPECT_DOUBLE_EQ(*t.nominalFrameTimeMs(), 100);
  t.cineRate = 25;
  EXPECT_DOUBLE_EQ(*t.nominalFrameTimeMs(), 40);
}

TEST(CineTiming, NoTimingIsUnknown) {
  CineTiming t;
  EXPECT_FALSE(t.nominalFrameTimeMs());
  EXPECT_DOUBLE_EQ(t.frameStartTimesMs(3)[2], 0);
}

TEST(CineTiming, DemoCineCarriesFileFrameRate) {
  auto info = readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(info);
  EXPECT_NEAR(*info->cine.nominalFrameTimeMs(), 66.67, 1e-9);  // 15 fps
  ASSERT_EQ(info->cine.frameIncrementPointer.size(), 1u);
  EXPECT_EQ(info->cine.frameIncrementPointer[0], 0x00181063u);
  EXPECT_DOUBLE_EQ(*info->cine.cineRate, 15);
}
