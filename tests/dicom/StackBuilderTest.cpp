#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/StackBuilder.h"

using namespace fv::dicom;

namespace {

// A single-frame slice at `position` with `orientation` (as an MR/CT file header would give).
InstanceInfo slice(Vec3 position, Orientation o, int instanceNumber, uint32_t size = 64) {
  InstanceInfo i;
  i.path = "slice" + std::to_string(instanceNumber) + ".dcm";
  i.sopInstanceUid = "1.2.3." + std::to_string(instanceNumber) + "." + std::to_string(position.x) +
                     std::to_string(position.y) + std::to_string(position.z);
  i.hasPixelData = true;
  i.pixels.rows = i.pixels.columns = size;
  i.pixels.bitsAllocated = 16;
  i.pixels.bitsStored = 12;
  i.pixels.frames = 1;
  i.instanceNumber = instanceNumber;
  i.plane.position = position;
  i.plane.orientation = o;
  i.plane.pixelSpacing = std::array<double, 2>{1.0, 1.0};
  return i;
}

const Orientation kAxial{{1, 0, 0}, {0, 1, 0}};
const Orientation kCoronal{{1, 0, 0}, {0, 0, -1}};
const Orientation kSagittal{{0, 1, 0}, {0, 0, -1}};

std::vector<double> zOrder(const std::vector<InstanceInfo>& inst, const Stack& s) {
  std::vector<double> z;
  for (const auto& r : s.frames) z.push_back(inst[r.instance].plane.position->z);
  return z;
}

}  // namespace

TEST(StackBuilder, SortsSlicesByPositionNotByInstanceNumberOrFileOrder) {
  std::vector<InstanceInfo> inst;
  for (int k = 0; k < 10; ++k) inst.push_back(slice({0, 0, 2.0 * k}, kAxial, 10 - k));  // reversed numbers
  std::mt19937 rng(7);
  std::shuffle(inst.begin(), inst.end(), rng);  // file order means nothing
  const auto stacks = buildStacks(inst);
  ASSERT_EQ(stacks.size(), 1u);
  EXPECT_EQ(stacks[0].kind, StackKind::Volume);
  const auto z = zOrder(inst, stacks[0]);
  EXPECT_TRUE(std::is_sorted(z.begin(), z.end()));
  EXPECT_DOUBLE_EQ(*stacks[0].sliceSpacing, 2.0);
  EXPECT_TRUE(stacks[0].uniformSpacing);
  EXPECT_TRUE(stacks[0].warnings.empty());
  EXPECT_EQ(stacks[0].orientationName(), "axial");
}

TEST(StackBuilder, OrdersObliqueSlicesAlongTheirNormal) {
  const double c = std::cos(0.5), s = std::sin(0.5);
  const Orientation oblique{{c, s, 0}, {0, 0, -1}};  // a tilted coronal plane
  const Vec3 n = oblique.normal();
  std::vector<InstanceInfo> inst;
  for (int k : {3, 0, 4, 1, 2}) inst.push_back(slice(Vec3{10, 20, 30} + n * (1.5 * k), oblique, k + 1));
  const auto stacks = buildStacks(inst);
  ASSERT_EQ(stacks.size(), 1u);
  ASSERT_EQ(stacks[0].frames.size(), 5u);
  for (size_t k = 1; k < 5; ++k) {
    const double a = inst[stacks[0].frames[k - 1].instance].plane.position->dot(n);
    const double b = inst[stacks[0].frames[k].instance].plane.position->dot(n);
    EXPECT_NEAR(b - a, 1.5, 1e-9);
  }
  EXPECT_EQ(stacks[0].orientationName(), "oblique");
}

TEST(StackBuilder, SplitsALocalizerWithThreeOrientationsIntoThreeStacks) {
  std::vector<InstanceInfo> inst = {slice({0, 0, 0}, kAxial, 1), slice({0, 0, 0}, kCoronal, 2),
                                    slice({0, 0, 0}, kSagittal, 3)};
  const auto stacks = buildStacks(inst);
  ASSERT_EQ(stacks.size(), 3u);
  EXPECT_EQ(stacks[0].orientationName(), "axial");
  EXPECT_EQ(stacks[1].orientationName(), "coronal");
  EXPECT_EQ(stacks[2].orientationName(), "sagittal");
}

TEST(StackBuilder, SplitsBySizeToo) {
  std::vector<InstanceInfo> inst = {slice({0, 0, 0}, kAxial, 1, 64), slice({0, 0, 1}, kAxial, 2, 64),
                                    slice({0, 0, 2}, kAxial, 3, 128)};
  EXPECT_EQ(buildStacks(inst).size(), 2u);
}

TEST(StackBuilder, WarnsAboutMissingSlices) {
  std::vector<InstanceInfo> inst;
  for (int k : {0, 1, 2, 5, 6}) inst.push_back(slice({0, 0, 3.0 * k}, kAxial, k));
  const auto stacks = buildStacks(inst);
  ASSERT_EQ(stacks.size(), 1u);
  EXPECT_FALSE(stacks[0].uniformSpacing);
  const auto& w = stacks[0].warnings;
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const std::string& s) { return s.find("2 missing slice") != std::string::npos; }))
      << ::testing::PrintToString(w);
}

TEST(StackBuilder, WarnsAboutNonUniformSpacing) {
  std::vector<InstanceInfo> inst;
  double z = 0;
  for (int k = 0; k < 6; ++k) {
    inst.push_back(slice({0, 0, z}, kAxial, k));
    z += (k % 2) ? 2.0 : 2.7;
  }
  const auto stacks = buildStacks(inst);
  EXPECT_FALSE(stacks[0].uniformSpacing);
  EXPECT_NE(stacks[0].warnings.front().find("non-uniform"), std::string::npos);
}

TEST(StackBuilder, WarnsAboutGantryTilt) {
  std::vector<InstanceInfo> inst;
  for (int k = 0; k < 5; ++k) inst.push_back(slice({0, 0.5 * k, 2.0 * k}, kAxial, k));  // sheared
  const auto stacks = buildStacks(inst);
  const auto& w = stacks[0].warnings;
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const std::string& s) { return s.find("tilt") != std::string::npos; }));
}

TEST(StackBuilder, EachMultiFrameRunIsItsOwnCineStack) {
  InstanceInfo run1, run2;
  for (auto* r : {&run1, &run2}) {
    r->hasPixelData = true;
    r->pixels.rows = r->pixels.columns = 32;
    r->pixels.bitsAllocated = 16;
  }
  run1.pixels.frames = 5;
  run1.instanceNumber = 2;
  run1.sopInstanceUid = "1.1";
  run2.pixels.frames = 7;
  run2.instanceNumber = 1;
  run2.sopInstanceUid = "1.2";
  const auto stacks = buildStacks({run1, run2});
  ASSERT_EQ(stacks.size(), 2u);
  EXPECT_EQ(stacks[0].kind, StackKind::Cine);
  EXPECT_EQ(stacks[0].frames.size(), 7u);  // instance number 1 first
  EXPECT_EQ(stacks[1].frames.size(), 5u);
  EXPECT_EQ(stacks[1].frames[4], (FrameRef{0, 4}));
}

TEST(StackBuilder, ImagesWithoutGeometryKeepAcquisitionOrder) {
  std::vector<InstanceInfo> inst;
  for (int k : {3, 1, 2}) {
    InstanceInfo i;
    i.hasPixelData = true;
    i.pixels.rows = i.pixels.columns = 16;
    i.pixels.frames = 1;
    i.instanceNumber = k;
    i.sopInstanceUid = "2." + std::to_string(k);
    inst.push_back(i);
  }
  const auto stacks = buildStacks(inst);
  ASSERT_EQ(stacks.size(), 1u);
  EXPECT_EQ(stacks[0].kind, StackKind::Images);
  EXPECT_EQ(*inst[stacks[0].frames[0].instance].instanceNumber, 1);
  EXPECT_EQ(*inst[stacks[0].frames[2].instance].instanceNumber, 3);
}

TEST(StackBuilder, EnhancedMultiFrameIsSplitByOrientationAndOrdered) {
  InstanceInfo e;
  e.hasPixelData = true;
  e.pixels.rows = e.pixels.columns = 32;
  e.pixels.frames = 6;
  for (int f = 0; f < 6; ++f) {
    FramePlane p;
    const bool axial = f % 2 == 0;
    p.orientation = axial ? kAxial : kSagittal;
    p.position = axial ? Vec3{0, 0, double(10 - f)} : Vec3{double(10 - f), 0, 0};
    e.framePlanes.push_back(p);
  }
  const auto stacks = buildStacks({e});
  ASSERT_EQ(stacks.size(), 2u);
  EXPECT_EQ(stacks[0].kind, StackKind::Volume);
  EXPECT_EQ(stacks[0].frames.size(), 3u);
  EXPECT_EQ(stacks[0].frames.front().frame, 4u);  // lowest z first
  EXPECT_EQ(stacks[1].orientationName(), "sagittal");
}

TEST(StackBuilder, DemoMrIsOneCoronalVolumeWithFileSpacing) {
  const DicomIndex index = indexPaths({fv::test::demoMr()});
  ASSERT_EQ(index.allSeries().size(), 1u);
  const Series& s = *index.allSeries()[0];
  ASSERT_EQ(s.stacks.size(), 1u);
  EXPECT_EQ(s.stacks[0].kind, StackKind::Volume);
  EXPECT_EQ(s.stacks[0].frames.size(), 32u);
  EXPECT_NEAR(*s.stacks[0].sliceSpacing, 4.0, 1e-6);
  EXPECT_EQ(s.stacks[0].orientationName(), "coronal");
  EXPECT_TRUE(s.stacks[0].warnings.empty());
}
