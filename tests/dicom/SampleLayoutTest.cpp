#include <gtest/gtest.h>

#include <vector>

#include "SampleLayout.h"

using namespace fv::dicom;

namespace {
PixelDescription desc(uint16_t allocated, uint16_t stored, uint16_t high, bool isSigned) {
  PixelDescription d;
  d.rows = 1;
  d.columns = 4;
  d.bitsAllocated = allocated;
  d.bitsStored = stored;
  d.highBit = high;
  d.isSigned = isSigned;
  return d;
}
}  // namespace

TEST(SampleLayout, UnusedHighBitsAreMaskedAway) {
  std::vector<uint16_t> v = {0x0FFF, 0xF001, 0x1234, 0x0000};
  const auto d = desc(16, 12, 11, false);
  EXPECT_FALSE(samplesAreClean(v.data(), v.size(), d));
  cleanSamples(v.data(), v.size(), d);
  EXPECT_EQ(v, (std::vector<uint16_t>{0x0FFF, 0x0001, 0x0234, 0}));
  EXPECT_TRUE(samplesAreClean(v.data(), v.size(), d));
}

TEST(SampleLayout, SignedTwelveBitIsSignExtended) {
  std::vector<uint16_t> v = {0x0800, 0x07FF, 0x0FFF, 0x0001};  // -2048, 2047, -1, 1 in 12 bits
  const auto d = desc(16, 12, 11, true);
  EXPECT_FALSE(samplesAreClean(v.data(), v.size(), d));
  cleanSamples(v.data(), v.size(), d);
  const auto* s = reinterpret_cast<const int16_t*>(v.data());
  EXPECT_EQ(s[0], -2048);
  EXPECT_EQ(s[1], 2047);
  EXPECT_EQ(s[2], -1);
  EXPECT_EQ(s[3], 1);
  EXPECT_TRUE(samplesAreClean(v.data(), v.size(), d));
}

TEST(SampleLayout, HighBitNotAtTheTopShiftsDown) {
  std::vector<uint16_t> v = {0x0010, 0x0FF0};  // 8 bits stored at bits 4..11
  auto d = desc(16, 8, 11, false);
  d.columns = 2;
  EXPECT_FALSE(samplesAreClean(v.data(), v.size(), d));
  cleanSamples(v.data(), v.size(), d);
  EXPECT_EQ(v, (std::vector<uint16_t>{0x01, 0xFF}));
}

TEST(SampleLayout, PlanarColourBecomesInterleaved) {
  const std::vector<uint8_t> planar = {1, 2, 3, 10, 20, 30, 100, 200, 250};
  std::vector<uint8_t> out(9);
  interleavePlanes(planar.data(), out.data(), 3, 3, 1);
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 10, 100, 2, 20, 200, 3, 30, 250}));
}

TEST(SampleLayout, Ybr422PairsShareChroma) {
  const std::vector<uint8_t> in = {10, 20, 128, 130};
  std::vector<uint8_t> out(6);
  expandYbr422(in.data(), out.data(), 1, 2);
  EXPECT_EQ(out, (std::vector<uint8_t>{10, 128, 130, 20, 128, 130}));
}
