#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "TestData.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

// Reads a binary PGM/PPM as written by dcmj2pnm.
Image8 readPnm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int w = 0, h = 0, maxv = 0;
  in >> magic >> w >> h >> maxv;
  in.get();
  Image8 img;
  img.columns = uint32_t(w);
  img.rows = uint32_t(h);
  img.channels = magic == "P6" ? 3 : 1;
  img.pixels.resize(size_t(w) * h * img.channels);
  in.read(reinterpret_cast<char*>(img.pixels.data()), std::streamsize(img.pixels.size()));
  return img;
}

// Renders frame `frame` (0-based) with our pipeline.
Image8 ours(const std::string& path, uint32_t frame, DisplayOptions options = {}) {
  auto info = readInstanceHeader(path);
  EXPECT_TRUE(info);
  auto dec = InstanceDecoder::open(*info);
  EXPECT_TRUE(dec) << dec.error().toString();
  auto f = (*dec)->decode(frame);
  EXPECT_TRUE(f);
  auto img = renderFrame(*info, *f, frame, options);
  EXPECT_TRUE(img);
  return *img;
}

// DCMTK's dcmj2pnm rendering of the same frame with `options` (e.g. "+Wi 1").
Image8 dcmtk(const std::string& path, uint32_t frame, const std::string& options) {
  const std::string out = fv::test::tempDir("dcmj2pnm") + "/out.pnm";
  std::string log;
  const int rc = fv::test::run("dcmj2pnm +F " + std::to_string(frame + 1) + " " + options + " " + fv::test::q(path) +
                                   " " + fv::test::q(out), &log);
  EXPECT_EQ(rc, 0) << log;
  return readPnm(out);
}

int maxDifference(const Image8& a, const Image8& b) {
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.columns, b.columns);
  EXPECT_EQ(a.channels, b.channels);
  if (a.pixels.size() != b.pixels.size()) return 256;
  int d = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) d = std::max(d, std::abs(int(a.pixels[i]) - int(b.pixels[i])));
  return d;
}

}  // namespace

TEST(Display, LinearWindowFollowsPs3_3) {
  const Window w{2000, 3400, VoiFunction::Linear};
  EXPECT_DOUBLE_EQ(applyWindow(w, 2000 - 0.5 - 3399 / 2.0), 0.0);
  EXPECT_DOUBLE_EQ(applyWindow(w, 5000), 1.0);
  EXPECT_NEAR(applyWindow(w, 1999.5), 0.5, 1e-12);
  const Window exact{100, 50, VoiFunction::LinearExact};
  EXPECT_DOUBLE_EQ(applyWindow(exact, 75), 0.0);
  EXPECT_DOUBLE_EQ(applyWindow(exact, 100), 0.5);
  EXPECT_NEAR(applyWindow({0, 10, VoiFunction::Sigmoid}, 0), 0.5, 1e-12);
}

TEST(Display, FluoroscopyWithFileWindowMatchesDcmtk) {
  FV_REQUIRE_TOOL("dcmj2pnm");
  for (uint32_t frame : {0u, 17u, 23u})
    EXPECT_LE(maxDifference(ours(fv::test::demoXa(), frame), dcmtk(fv::test::demoXa(), frame, "+Wi 1")), 1)
        << "frame " << frame + 1;
}

TEST(Display, ExplicitWindowMatchesDcmtk) {
  FV_REQUIRE_TOOL("dcmj2pnm");
  DisplayOptions o;
  o.window = Window{1500, 1000};
  EXPECT_LE(maxDifference(ours(fv::test::demoXa(), 5, o), dcmtk(fv::test::demoXa(), 5, "+Ww 1500 1000")), 1);
}

TEST(Display, RescaledCtMatchesDcmtk) {
  FV_REQUIRE_TOOL("dcmj2pnm");
  const std::string ct = fv::test::testdata("public/pydicom/CT_small.dcm");
  DisplayOptions o;
  o.window = Window{40, 400};
  EXPECT_LE(maxDifference(ours(ct, 0, o), dcmtk(ct, 0, "+Ww 40 400")), 1);
}

TEST(Display, WithoutFileWindowUsesMinMaxLikeDcmtk) {
  FV_REQUIRE_TOOL("dcmj2pnm");
  const std::string ct = fv::test::testdata("public/pydicom/CT_small.dcm");  // has no window
  EXPECT_LE(maxDifference(ours(ct, 0), dcmtk(ct, 0, "+Wm")), 1);
}

TEST(Display, Monochrome1IsShownInverted) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string m1 = fv::test::tempDir("mono1") + "/m1.dcm";
  fs::copy_file(fv::test::testdata("public/pydicom/MR_small.dcm"), m1);
  ASSERT_EQ(fv::test::run("dcmodify -nb -m PhotometricInterpretation=MONOCHROME1 " + fv::test::q(m1)), 0);
  DisplayOptions o;
  o.window = Window{600, 800};
  const Image8 a = ours(fv::test::testdata("public/pydicom/MR_small.dcm"), 0, o);
  const Image8 b = ours(m1, 0, o);
  for (size_t i = 0; i < a.pixels.size(); ++i) ASSERT_EQ(int(a.pixels[i]) + int(b.pixels[i]), 255) << i;
  EXPECT_LE(maxDifference(b, dcmtk(m1, 0, "+Ww 600 800")), 1);
}

TEST(Display, RgbAndYbrMatchDcmtk) {
  FV_REQUIRE_TOOL("dcmj2pnm");
  for (const char* f : {"SC_rgb_rle.dcm", "SC_ybr_full_422_uncompressed.dcm", "ExplVR_BigEnd.dcm"}) {
    const std::string p = fv::test::testdata(std::string("public/pydicom/") + f);
    EXPECT_LE(maxDifference(ours(p, 0), dcmtk(p, 0, "")), 2) << f;
  }
}

TEST(Display, ShuttersArePaintedWithThePresentationValue) {
  const std::string rf = fv::test::testdata("public/dbdicom/RF_dbdicom_0015_GE_shutters.dcm");
  const Image8 shuttered = ours(rf, 0);
  DisplayOptions off;
  off.applyShutters = false;
  const Image8 open = ours(rf, 0, off);
  EXPECT_EQ(shuttered.pixels[0], 0);                          // corner: outside the circle
  EXPECT_EQ(shuttered.pixels[479 * 1024 + 1000], 0);          // right of the rectangle
  EXPECT_EQ(shuttered.pixels[479 * 1024 + 479], open.pixels[479 * 1024 + 479]);  // inside: untouched
  EXPECT_GT(open.pixels[479 * 1024 + 1000] + open.pixels[1020], 0);
}

TEST(Display, PaletteColourMapsThroughTheLuts) {
  InstanceInfo info;
  info.pixels.rows = 1;
  info.pixels.columns = 2;
  info.pixels.bitsAllocated = info.pixels.bitsStored = 8;
  info.pixels.highBit = 7;
  info.pixels.photometric = Photometric::PaletteColor;
  for (Lut* l : {&info.palette.red, &info.palette.green, &info.palette.blue}) {
    l->bits = 16;
    l->data.assign(256, 0);
  }
  info.palette.red.data[1] = 65535;
  info.palette.blue.data[2] = 32768;
  static const uint8_t samples[] = {1, 2};
  Frame f(info.pixels, SampleType::U8, samples, nullptr);
  auto img = renderFrame(info, f, 0);
  ASSERT_TRUE(img);
  EXPECT_EQ(img->channels, 3);
  EXPECT_EQ((std::vector<int>(img->pixels.begin(), img->pixels.end())), (std::vector<int>{255, 0, 0, 0, 0, 128}));
}

TEST(Display, OverlaysAreBurnedInWhite) {
  InstanceInfo info;
  info.pixels.rows = 2;
  info.pixels.columns = 8;
  info.pixels.bitsAllocated = info.pixels.bitsStored = 8;
  info.pixels.highBit = 7;
  OverlayPlane p;
  p.rows = 2;
  p.columns = 8;
  p.data = {0x00, 0x80};  // second row, last column
  info.overlays.push_back(p);
  static const uint8_t samples[16] = {};
  Frame f(info.pixels, SampleType::U8, samples, nullptr);
  DisplayOptions o;
  o.window = Window{128, 256};
  auto img = renderFrame(info, f, 0, o);
  ASSERT_TRUE(img);
  EXPECT_EQ(img->pixels[15], 255);
  EXPECT_EQ(img->pixels[14], 0);
}
