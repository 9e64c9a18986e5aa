#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <thread>
#include <filesystem>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<InstanceDecoder> openOrFail(const std::string& path) {
  auto info = readInstanceHeader(path);
  EXPECT_TRUE(info) << (info ? "" : info.error().toString());
  if (!info) return nullptr;
  auto dec = InstanceDecoder::open(*info);
  EXPECT_TRUE(dec) << (dec ? "" : dec.error().toString());
  return dec ? *dec : nullptr;
}

std::vector<int64_t> frameSums(const std::string& path) {
  std::vector<int64_t> sums;
  auto dec = openOrFail(path);
  if (!dec) return sums;
  for (uint32_t f = 0; f < dec->frameCount(); ++f) {
    auto frame = dec->decode(f);
    EXPECT_TRUE(frame) << frame.error().toString();
    sums.push_back(frame ? frame->sum() : -1);
  }
  return sums;
}

}  // namespace

class LosslessEncodings : public ::testing::TestWithParam<std::string> {};

TEST_P(LosslessEncodings, GiveTheSameFramesAsTheUncompressedFile) {
  const std::string reference = fv::test::demoXaAs("explicit");
  const std::string encoded = fv::test::demoXaAs(GetParam());
  ASSERT_FALSE(encoded.empty());
  const auto expected = frameSums(reference);
  ASSERT_EQ(expected.size(), 24u);
  EXPECT_EQ(frameSums(encoded), expected);
  // And pixel for pixel on one frame, not just the sums.
  auto a = openOrFail(reference)->decode(20);
  auto b = openOrFail(encoded)->decode(20);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->byteSize(), b->byteSize());
  EXPECT_EQ(std::memcmp(a->data(), b->data(), a->byteSize()), 0);
  EXPECT_EQ(b->sampleType(), SampleType::U16);
}

INSTANTIATE_TEST_SUITE_P(InstanceDecoder, LosslessEncodings,
                         ::testing::Values("rle", "implicit", "bigendian", "deflated", "jpeg-lossless", "jpeg-ls"));

TEST(InstanceDecoder, PublicMrInSixEncodingsDecodesIdentically) {
  const std::string dir = fv::test::testdata("public/pydicom/");
  const auto expected = frameSums(dir + "MR_small.dcm");
  ASSERT_EQ(expected.size(), 1u);
  for (const char* f : {"MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm",
                        "MR_small_jpeg_ls_lossless.dcm"})
    EXPECT_EQ(frameSums(dir + f), expected) << f;
}

TEST(InstanceDecoder, PublicMrInJpeg2000DecodesIdentically) {
  const std::string dir = fv::test::testdata("public/pydicom/");
  EXPECT_EQ(frameSums(dir + "MR_small_jp2klossless.dcm"), frameSums(dir + "MR_small.dcm"));
}

TEST(InstanceDecoder, RgbRleFramesAreInterleavedRgb) {
  auto dec = openOrFail(fv::test::testdata("public/pydicom/SC_rgb_rle.dcm"));
  ASSERT_TRUE(dec);
  auto f = dec->decode(0);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->samplesPerPixel(), 3);
  const uint8_t* p = f->as<uint8_t>();
  EXPECT_EQ((std::array<int, 3>{p[0], p[1], p[2]}), (std::array<int, 3>{255, 0, 0}));
  const size_t i = (50 * 100 + 50) * 3;
  EXPECT_EQ((std::array<int, 3>{p[i], p[i + 1], p[i + 2]}), (std::array<int, 3>{128, 128, 255}));
  EXPECT_EQ(f->sum(), 3831000);  // as pydicom's pixel_array
}

TEST(InstanceDecoder, PlanarBigEndianRgbBecomesInterleaved) {
  auto dec = openOrFail(fv::test::testdata("public/pydicom/ExplVR_BigEnd.dcm"));
  ASSERT_TRUE(dec);
  auto f = dec->decode(0);
  ASSERT_TRUE(f) << f.error().toString();
  const uint8_t* p = f->as<uint8_t>();
  const size_t i = (50 * 80 + 50) * 3;  // pydicom: [255 255 0] at (50, 50)
  EXPECT_EQ((std::array<int, 3>{p[i], p[i + 1], p[i + 2]}), (std::array<int, 3>{255, 255, 0}));
  EXPECT_EQ(f->sum(), 2470716);
}

TEST(InstanceDecoder, NativeYbr422IsExpandedToFullResolution) {
  auto dec = openOrFail(fv::test::testdata("public/pydicom/SC_ybr_full_422_uncompressed.dcm"));
  ASSERT_TRUE(dec);
  auto f = dec->decode(0);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->description().photometric, Photometric::YbrFull);
  EXPECT_EQ(f->sampleCount(), 100u * 100u * 3u);
  EXPECT_EQ(f->sum(), 3836400);
}

TEST(InstanceDecoder, FrameOutsideTheImageIsAnArgumentError) {
  auto dec = openOrFail(fv::test::demoXa());
  ASSERT_TRUE(dec);
  auto f = dec->decode(24);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(f.error().message.find("frame 25"), std::string::npos);
}

TEST(InstanceDecoder, TruncatedPixelDataFailsOnlyTheMissingFrames) {
  const std::string full = fv::test::demoXaAs("explicit");
  const std::string cut = fv::test::tempDir("truncated") + "/cut.dcm";
  fs::copy_file(full, cut);
  const size_t frameBytes = 512 * 512 * 2;
  const size_t header = fs::file_size(full) - 24 * frameBytes;
  fs::resize_file(cut, header + 10 * frameBytes + frameBytes / 2);  // ten and a half frames

  const DicomIndex index = indexPaths({cut});
  ASSERT_EQ(index.allSeries().size(), 1u);  // still indexed, with the problem reported
  ASSERT_EQ(index.errors.size(), 1u);
  EXPECT_EQ(index.errors[0].code, ErrorCode::Truncated);
  EXPECT_EQ(index.errors[0].path, cut);

  auto dec = InstanceDecoder::open(index.allSeries()[0]->instances[0]);
  ASSERT_TRUE(dec) << dec.error().toString();
  const auto expected = frameSums(full);
  for (uint32_t f = 0; f < 24; ++f) {
    auto frame = (*dec)->decode(f);
    if (f < 10) {
      ASSERT_TRUE(frame) << "frame " << f + 1 << ": " << frame.error().toString();
      EXPECT_EQ(frame->sum(), expected[f]);
    } else {
      ASSERT_FALSE(frame) << "frame " << f + 1;
      EXPECT_EQ(frame.error().code, ErrorCode::Truncated);
      EXPECT_NE(frame.error().message.find("frame " + std::to_string(f + 1)), std::string::npos);
    }
  }
}

TEST(InstanceDecoder, ClaimedFramesBeyondTheDataAreRejectedWithoutAllocating) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string liar = fv::test::tempDir("liar") + "/liar.dcm";
  fs::copy_file(fv::test::demoXaAs("explicit"), liar);
  ASSERT_EQ(fv::test::run("dcmodify -nb -m NumberOfFrames=1000000 " + fv::test::q(liar)), 0);
  auto dec = openOrFail(liar);
  ASSERT_TRUE(dec);
  EXPECT_EQ(dec->frameCount(), 1000000u);
  EXPECT_TRUE(dec->decode(23));
  auto beyond = dec->decode(999999);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().code, ErrorCode::Truncated);
}

TEST(InstanceDecoder, AbsurdDimensionsAreTooLarge) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string huge = fv::test::tempDir("huge") + "/huge.dcm";
  fs::copy_file(fv::test::testdata("public/pydicom/MR_small.dcm"), huge);
  ASSERT_EQ(fv::test::run("dcmodify -nb -m Rows=65535 -m Columns=65535 -m BitsAllocated=32 -m BitsStored=32 -m HighBit=31 " +
                          fv::test::q(huge)), 0);
  auto info = readInstanceHeader(huge);
  ASSERT_TRUE(info);
  auto dec = InstanceDecoder::open(*info);
  ASSERT_FALSE(dec);
  EXPECT_EQ(dec.error().code, ErrorCode::TooLarge);
}

TEST(InstanceDecoder, ParallelDecodesOfOneInstanceAgree) {
  auto dec = openOrFail(fv::test::demoXa());
  ASSERT_TRUE(dec);
  std::vector<int64_t> sums(24, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (uint32_t f = uint32_t(t); f < 24; f += 4) sums[f] = dec->decode(f)->sum();
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(sums, frameSums(fv::test::demoXaAs("explicit")));
}

TEST(InstanceDecoder, SixteenBitRgbRleMatchesPydicom) {
  auto dec = openOrFail(fv::test::testdata("public/pydicom/SC_rgb_rle_16bit.dcm"));
  ASSERT_TRUE(dec);
  auto f = dec->decode(0);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->sampleType(), SampleType::U16);
  EXPECT_EQ(f->as<uint16_t>()[0], 65535);
  EXPECT_EQ(f->as<uint16_t>()[1], 0);
  EXPECT_EQ(f->sum(), 984567000);
}

TEST(InstanceDecoder, DecodeIntoFillsCallerMemoryWithTheSameSamples) {
  for (const std::string& path : {fv::test::demoXa(), fv::test::demoXaAs("explicit"), fv::test::demoXaAs("jpeg-ls")}) {
    auto dec = openOrFail(path);
    ASSERT_TRUE(dec);
    std::vector<uint8_t> buf(dec->description().bytesPerFrame());
    ASSERT_TRUE(dec->decodeInto(7, buf.data(), buf.size())) << path;
    auto f = dec->decode(7);
    ASSERT_TRUE(f);
    EXPECT_EQ(std::memcmp(buf.data(), f->data(), buf.size()), 0) << path;
    EXPECT_FALSE(dec->decodeInto(7, buf.data(), buf.size() - 2));
  }
}
