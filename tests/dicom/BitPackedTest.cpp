// Bits Allocated 1 (PS3.5 8.1.1/8.2: packed little endian, frames not byte aligned) decodes to
// 8-bit samples 0/1; a missing Pixel Representation is read as unsigned with a warning.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "BitPackedFrameSource.h"
#include "TestData.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

// pydicom's multi-frame 1-bit image: 99×101 pixels (odd: every frame but the first starts
// mid-byte), 7 frames (8.7 KB: large enough to be read from a memory map, not DCMTK's copy).
constexpr size_t kPixels = 99 * 101;
std::string bitPackedDir() {
  static const std::string dir = [] {
    const std::string d = fv::test::tempDir("bit-packed");
    std::string log;
    const std::string script = std::string(FV_SOURCE_DIR) + "/tests/dicom/make_bit_packed.py";
    EXPECT_EQ(
        fv::test::run(
            "/usr/bin/python3 " + fv::test::q(script) + " " + fv::test::q(d) + " 99 101 7", &log),
        0)
        << log;
    return d;
  }();
  return dir;
}

std::vector<uint8_t> readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::shared_ptr<InstanceDecoder> open(const std::string& path) {
  auto info = readInstanceHeader(path);
  EXPECT_TRUE(info) << (info ? "" : info.error().toString());
  if (!info) return nullptr;
  auto dec = InstanceDecoder::open(*info);
  EXPECT_TRUE(dec) << (dec ? "" : dec.error().toString());
  return dec ? *dec : nullptr;
}

}  // namespace

TEST(BitPacked, UnpacksLeastSignificantBitFirstFromAnyBitOffset) {
  const uint8_t bytes[] = {0b10110001, 0b01000011, 0xFF};
  uint8_t out[13] = {};
  unpackBits(bytes, 3, 13, out);  // bits 3..15
  const uint8_t expected[13] = {0, 1, 1, 0, 1, /* byte 2: */ 1, 1, 0, 0, 0, 0, 1, 0};
  for (int i = 0; i < 13; ++i) EXPECT_EQ(out[i], expected[i]) << "bit " << i + 3;
}

TEST(BitPacked, MultiFrameFramesStartMidByteAndMatchPydicom) {
  const std::string dir = bitPackedDir();
  const std::vector<uint8_t> expected = readAll(dir + "/expected.raw");
  ASSERT_EQ(expected.size(), 7 * kPixels);
  for (const std::string name : {"le.dcm", "be.dcm"}) {
    SCOPED_TRACE(name);
    auto dec = open(dir + "/" + name);
    ASSERT_TRUE(dec);
    ASSERT_EQ(dec->frameCount(), 7u);
    EXPECT_EQ(dec->description().bitsAllocated, 8);
    EXPECT_EQ(dec->description().bitsStored, 1);
    for (uint32_t f = 0; f < 7; ++f) {
      auto frame = dec->decode(f);
      ASSERT_TRUE(frame) << frame.error().toString();
      ASSERT_EQ(frame->sampleType(), SampleType::U8);
      ASSERT_EQ(frame->sampleCount(), kPixels);
      EXPECT_EQ(std::memcmp(frame->data(), expected.data() + f * kPixels, kPixels), 0)
          << "frame " << f;
    }
  }
}

TEST(BitPacked, DeflatedDataAndDecodeIntoGiveTheSameFrames) {
  const std::string dir = bitPackedDir();
  std::string log;
  ASSERT_EQ(fv::test::run(
                "dcmconv +td " + fv::test::q(dir + "/le.dcm") + " " + fv::test::q(dir + "/dfl.dcm"),
                &log),
            0)
      << log;
  auto le = open(dir + "/le.dcm"), dfl = open(dir + "/dfl.dcm");
  ASSERT_TRUE(le && dfl);
  for (uint32_t f = 0; f < 7; ++f) {
    auto a = le->decode(f), b = dfl->decode(f);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(std::memcmp(a->data(), b->data(), kPixels), 0) << "frame " << f;
    std::vector<uint8_t> into(kPixels);
    ASSERT_TRUE(le->decodeInto(f, into.data(), into.size()));
    EXPECT_EQ(std::memcmp(a->data(), into.data(), kPixels), 0);
  }
}

TEST(BitPacked, TruncatedDataFailsOnlyTheMissingFrames) {
  const std::string dir = bitPackedDir();
  auto info = readInstanceHeader(dir + "/le.dcm");
  ASSERT_TRUE(info && info->nativePixelData);
  info->nativePixelData->second =
      4000;  // 32000 bits: frames 1-3 (29997 bits) complete, frame 4 cut
  auto dec = InstanceDecoder::open(*info);
  ASSERT_TRUE(dec);
  EXPECT_TRUE((*dec)->decode(2));
  auto cut = (*dec)->decode(3);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, ErrorCode::Truncated);
  EXPECT_NE(cut.error().message.find("frame 4"), std::string::npos);
}

TEST(BitPacked, PydicomLiverSegmentationRendersAsTwoGreyLevels) {
  const std::string liver =
      "/usr/lib/python3/dist-packages/pydicom/data/test_files/liver_1frame.dcm";
  if (!fs::exists(liver)) GTEST_SKIP() << liver << " is not installed (python3-pydicom)";
  auto info = readInstanceHeader(liver);
  ASSERT_TRUE(info);
  auto dec = InstanceDecoder::open(*info);
  ASSERT_TRUE(dec);
  auto frame = (*dec)->decode(0);
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->sum(), 36233);  // the segment's pixels, as GDCM and pydicom count them
  auto image = renderFrame(*info, *frame, 0);
  ASSERT_TRUE(image) << image.error().toString();
  size_t white = 0, other = 0;
  for (uint8_t v : image->pixels) white += v == 255, other += v != 255 && v != 0;
  EXPECT_EQ(white, 36233u);
  EXPECT_EQ(other, 0u);
}

TEST(PixelRepresentation, MissingIsReadAsUnsignedWithAWarning) {
  const std::string dir = fv::test::tempDir("no-pixel-representation");
  const std::string source =
      fv::test::demoXaAs("jpeg-lossless");  // DCMTK's JPEG codec needs the tag
  ASSERT_FALSE(source.empty());
  const std::string file = dir + "/xa.dcm";
  fs::copy_file(source, file);
  std::string log;
  ASSERT_EQ(fv::test::run("dcmodify -nb -e '(0028,0103)' " + fv::test::q(file), &log), 0) << log;
  auto info = readInstanceHeader(file);
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_FALSE(info->pixels.isSigned);
  ASSERT_EQ(info->warnings.size(), 1u);
  EXPECT_NE(info->warnings[0].find("Pixel Representation (0028,0103) is missing"),
            std::string::npos);
  const DicomIndex index = indexPaths({file});
  EXPECT_TRUE(index.errors.empty()) << index.errors.front().toString();  // a warning, not an error
  ASSERT_EQ(index.allSeries().size(), 1u);
  ASSERT_EQ(index.allSeries()[0]->warnings.size(), 1u);
  auto withTag = open(source), without = open(file);
  ASSERT_TRUE(withTag && without);
  for (uint32_t f : {0u, 12u}) {
    auto a = withTag->decode(f), b = without->decode(f);
    ASSERT_TRUE(a && b) << (b ? "" : b.error().toString());
    EXPECT_EQ(a->sum(), b->sum());
  }
}
