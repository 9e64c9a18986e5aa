#include <gtest/gtest.h>

#include <cstring>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/StackDecoder.h"

using namespace fv::dicom;

TEST(StackDecoder, DecodesEveryFrameInParallelInStackOrder) {
  const DicomIndex index = indexPaths({fv::test::demoXa()});
  const Series& s = *index.allSeries().at(0);
  const auto frames = decodeStack(s, s.stacks[0], 2);
  ASSERT_EQ(frames.size(), 24u);
  auto dec = InstanceDecoder::open(s.instances[0]);
  ASSERT_TRUE(dec);
  for (uint32_t i = 0; i < 24; ++i) {
    ASSERT_TRUE(frames[i]);
    EXPECT_EQ(frames[i]->sum(), (*dec)->decode(i)->sum());
  }
}

TEST(StackDecoder, BuildsAVolumeWithGeometryFromTheSlices) {
  const DicomIndex index = indexPaths({fv::test::demoMr()});
  const Series& s = *index.allSeries().at(0);
  auto v = buildVolume(s, s.stacks[0]);
  ASSERT_TRUE(v) << v.error().toString();
  EXPECT_EQ(v->dims, (std::array<uint32_t, 3>{256, 256, 32}));
  EXPECT_NEAR(v->spacing[0], 0.78125, 1e-9);
  EXPECT_NEAR(v->spacing[2], 4.0, 1e-6);
  const auto& first = s.instanceOf(s.stacks[0].frames[0]);
  EXPECT_DOUBLE_EQ(v->origin.y, first.plane.position->y);
  // Slice k of the volume is the stack's k-th slice, byte for byte.
  auto dec = InstanceDecoder::open(s.instanceOf(s.stacks[0].frames[7]));
  ASSERT_TRUE(dec);
  auto f = (*dec)->decode(0);
  ASSERT_TRUE(f);
  EXPECT_EQ(std::memcmp(v->data.get() + 7 * v->sliceBytes(), f->data(), v->sliceBytes()), 0);
}

TEST(StackDecoder, RefusesAVolumeFromACine) {
  const DicomIndex index = indexPaths({fv::test::demoXa()});
  const Series& s = *index.allSeries().at(0);
  auto v = buildVolume(s, s.stacks[0]);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::InvalidArgument);
}
