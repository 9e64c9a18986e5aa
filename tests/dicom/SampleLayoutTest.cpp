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

#include "RleCodec.h"

TEST(RleCodec, DecodesLiteralAndReplicateRunsMostSignificantByteFirst) {
  // Two segments (16-bit, 4 pixels): high bytes as a replicate run, low bytes as literals.
  std::vector<uint8_t> f(64, 0);
  f[0] = 2;             // segments
  f[4] = 64;            // segment 1 offset
  f[8] = 66;            // segment 2 offset
  f.insert(f.end(), {uint8_t(-3), 0x12});                 // 4 x 0x12
  f.insert(f.end(), {3, 0x01, 0x02, 0x03, 0x04});         // literal 4 bytes
  PixelDescription d;
  d.rows = 1;
  d.columns = 4;
  d.bitsAllocated = 16;
  d.bitsStored = 16;
  d.highBit = 15;
  std::vector<uint16_t> out(4);
  ASSERT_TRUE(decodeRleFrame(f.data(), f.size(), d, reinterpret_cast<uint8_t*>(out.data())));
  EXPECT_EQ(out, (std::vector<uint16_t>{0x1201, 0x1202, 0x1203, 0x1204}));
}

TEST(RleCodec, ShortOrInconsistentStreamsAreErrors) {
  PixelDescription d;
  d.rows = d.columns = 4;
  d.bitsAllocated = d.bitsStored = 8;
  d.highBit = 7;
  std::vector<uint8_t> out(16);
  std::vector<uint8_t> f(64, 0);
  f[0] = 2;  // two segments for 8-bit grey: wrong
  f[4] = 64;
  f[8] = 64;
  EXPECT_FALSE(decodeRleFrame(f.data(), f.size(), d, out.data()));
  f[0] = 1;
  f.insert(f.end(), {uint8_t(-3), 7});  // only 4 of 16 bytes
  const Status s = decodeRleFrame(f.data(), f.size(), d, out.data());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("4 of 16"), std::string::npos);
  EXPECT_FALSE(decodeRleFrame(f.data(), 10, d, out.data()));  // header cut off
}
