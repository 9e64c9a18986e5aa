// Colour sources (issue 10): a frame of an RGB or YBR source gets a colour Secondary Capture, a
// Color Softcopy Presentation State (PS3.3 A.33.2) with the same annotations a Grayscale one
// would carry and an sRGB ICC profile (ICC Profile Module, Type 1), and a Key Object Selection
// that nests it — all dciodvfy-clean and read back by DCMTK and GDCM.
#include <gtest/gtest.h>

#include <cstring>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv::dicom;
using fv::test::dumpValue;

namespace {

uint32_t bigEndian32(const unsigned char* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

// The ICC Profile (0028,2000) value of an Explicit VR Little Endian file, found by its tag and
// VR in the bytes: "(0028,2000) OB" + 2 reserved bytes + 32-bit length.
std::string iccProfileOf(const std::string& path) {
  const std::string bytes = fv::test::slurp(path);
  const std::string key("\x28\x00\x00\x20OB\0\0", 8);
  const size_t at = bytes.find(key);
  if (at == std::string::npos || at + 12 > bytes.size()) return "";
  const auto* len = reinterpret_cast<const unsigned char*>(bytes.data() + at + 8);
  const uint32_t n =
      uint32_t(len[0]) | uint32_t(len[1]) << 8 | uint32_t(len[2]) << 16 | uint32_t(len[3]) << 24;
  return at + 12 + n <= bytes.size() ? bytes.substr(at + 12, n) : "";
}

SourceFrame colourFrame(const std::string& encoding, uint32_t frame) {
  auto info = readInstanceHeader(fv::test::colourCine(encoding));
  EXPECT_TRUE(info) << (info ? "" : info.error().toString());
  return {info ? *info : InstanceInfo{}, frame};
}

}  // namespace

TEST(ColourSource, RgbImageGetsAColorSoftcopyPresentationStateWithAnSrgbProfile) {
  FV_REQUIRE_TOOL("dciodvfy");
  auto rgb = readInstanceHeader(fv::test::testdata("public/pydicom/SC_rgb_small_odd.dcm"));
  ASSERT_TRUE(rgb);
  ASSERT_EQ(rgb->pixels.photometric, Photometric::Rgb);
  const std::string dir = fv::test::tempDir("colour-ps");
  auto ps = writePresentationState(
      {{*rgb, 0}, fv::test::sampleContent(), {newUid(), 901, "x"}, 1, dir, "ps.dcm"});
  ASSERT_TRUE(ps) << ps.error().toString();
  EXPECT_EQ(ps->sopClassUid, kColorPresentationStateUid);
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(ps->path, &output).empty()) << output;
  EXPECT_NE(output.find("ColorSoftcopyPresentationState"), std::string::npos) << output;
  if (fv::test::haveTool("gdcmdump")) {
    EXPECT_EQ(fv::test::readBackProblems(ps->path), "");
  }
  // The grayscale pipeline is not there: no VOI, Modality or Presentation LUT for colour.
  EXPECT_EQ(dumpValue(ps->path, "SoftcopyVOILUTSequence"), "");
  EXPECT_EQ(dumpValue(ps->path, "PresentationLUTShape"), "");
  EXPECT_EQ(dumpValue(ps->path, "ColorSpace"), "SRGB");
  // The ICC profile is a whole ICC.1 display profile in RGB (header fields, ISO 15076-1 7.2).
  const std::string icc = iccProfileOf(ps->path);
  ASSERT_GE(icc.size(), 132u);
  const auto* h = reinterpret_cast<const unsigned char*>(icc.data());
  const uint32_t size = bigEndian32(h);
  EXPECT_TRUE(size == icc.size() || size + 1 == icc.size()) << size;  // OB pads to even length
  EXPECT_EQ(icc.substr(36, 4), "acsp");
  EXPECT_EQ(icc.substr(12, 4), "mntr");
  EXPECT_EQ(icc.substr(16, 4), "RGB ");
}

TEST(ColourSource, ColorStateReadsBackAsTheSameAnnotationsWithoutAWindow) {
  auto rgb = readInstanceHeader(fv::test::testdata("public/pydicom/SC_rgb_small_odd.dcm"));
  ASSERT_TRUE(rgb);
  const PresentationContent content = fv::test::sampleContent();  // carries a window
  auto ps = writePresentationState(
      {{*rgb, 0}, content, {newUid(), 901, "x"}, 1, fv::test::tempDir("colour-read"), "ps.dcm"});
  ASSERT_TRUE(ps) << ps.error().toString();
  auto back = readPresentationState(ps->path);
  ASSERT_TRUE(back) << back.error().toString();
  EXPECT_EQ(back->referencedSopInstanceUid, rgb->sopInstanceUid);
  EXPECT_FALSE(back->content.window);  // colour images have no VOI (PS3.4 N.2)
  ASSERT_EQ(back->content.shapes.size(), content.shapes.size());
  ASSERT_EQ(back->content.texts.size(), content.texts.size());
  // The same graphics as in a Grayscale state (one writer for both): compare with one.
  auto grey = readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(grey);
  auto gsps = writePresentationState(
      {{*grey, 16}, content, {newUid(), 901, "x"}, 1, fv::test::tempDir("grey-read"), "ps.dcm"});
  ASSERT_TRUE(gsps);
  auto greyBack = readPresentationState(gsps->path);
  ASSERT_TRUE(greyBack);
  for (size_t i = 0; i < content.shapes.size(); ++i) {
    EXPECT_EQ(back->content.shapes[i].type, greyBack->content.shapes[i].type);
    EXPECT_EQ(back->content.shapes[i].layer, greyBack->content.shapes[i].layer);
    ASSERT_EQ(back->content.shapes[i].points.size(), content.shapes[i].points.size());
    for (size_t k = 0; k < content.shapes[i].points.size(); ++k) {
      EXPECT_EQ(back->content.shapes[i].points[k].x, content.shapes[i].points[k].x);
      EXPECT_EQ(back->content.shapes[i].points[k].y, content.shapes[i].points[k].y);
    }
  }
  for (size_t i = 0; i < content.texts.size(); ++i)
    EXPECT_EQ(back->content.texts[i].text, content.texts[i].text);
}

class ColourCine : public ::testing::TestWithParam<const char*> {};

TEST_P(ColourCine, FrameGivesColourCaptureColorStateAndKeyObjectsNamingTheFrame) {
  FV_REQUIRE_TOOL("dciodvfy");
  FV_REQUIRE_TOOL("dcmcjpeg");
  FV_REQUIRE_TOOL("dcmquant");
  const SourceFrame source = colourFrame(GetParam(), 4);
  ASSERT_TRUE(source.instance.isMultiFrame());
  ASSERT_FALSE(source.instance.pixels.monochrome());
  auto save = fv::test::trySaveAll(source, fv::test::tempDir("colour-cine"));
  ASSERT_TRUE(save) << save.error().toString();
  for (const WrittenObject* o : {&save->sc, &save->ps, &save->ko}) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(o->path, &output).empty()) << o->path << "\n" << output;
    if (fv::test::haveTool("gdcmdump")) {
      EXPECT_EQ(fv::test::readBackProblems(o->path), "");
    }
    EXPECT_EQ(dumpValue(o->path, "ReferencedFrameNumber"), "5") << o->path;  // 1-based
    EXPECT_TRUE(o->notes.empty()) << o->notes.front().text();
  }
  EXPECT_EQ(save->ps.sopClassUid, kColorPresentationStateUid);
  EXPECT_EQ(dumpValue(save->sc.path, "PhotometricInterpretation"), "RGB");
  if (fv::test::haveTool("dcmpschk")) {  // DCMTK's presentation state checker
    std::string output;
    EXPECT_EQ(fv::test::run("dcmpschk " + fv::test::q(save->ps.path), &output), 0) << output;
    EXPECT_NE(output.find("Test passed"), std::string::npos) << output;
  }
  // The KOS opens the flagged frame with its Color state (Referenced SOP Sequence nested in
  // the IMAGE item, PS3.3 C.18.4), and its references are indexed.
  auto ko = readInstanceHeader(save->ko.path);
  ASSERT_TRUE(ko);
  EXPECT_NE(fv::test::slurp(save->ko.path).find(kColorPresentationStateUid), std::string::npos);
  auto ps = readInstanceHeader(save->ps.path);
  ASSERT_TRUE(ps);
  ASSERT_EQ(ps->references.size(), 1u);
  EXPECT_EQ(ps->references[0].sopInstanceUid, source.instance.sopInstanceUid);
  EXPECT_EQ(ps->references[0].frame, 5u);
  auto frames = readKeyObjectSelection(save->ko.path);
  ASSERT_TRUE(frames);
  EXPECT_NE(
      std::find(frames->begin(), frames->end(), FrameReference{source.instance.sopInstanceUid, 5}),
      frames->end());
}

INSTANTIATE_TEST_SUITE_P(Encodings, ColourCine,
                         ::testing::Values("rgb", "ybr422-jpeg", "ybr-full-jpeg", "palette"));

TEST(ColourSource, UnknownPhotometricInterpretationIsRefusedClearly) {
  auto rgb = readInstanceHeader(fv::test::testdata("public/pydicom/SC_rgb_small_odd.dcm"));
  ASSERT_TRUE(rgb);
  rgb->pixels.photometric = Photometric::Unknown;
  const std::string dir = fv::test::tempDir("colour-unknown");
  auto ps = writePresentationState(
      {{*rgb, 0}, fv::test::sampleContent(), {newUid(), 901, "x"}, 1, dir, "ps.dcm"});
  ASSERT_FALSE(ps);
  EXPECT_EQ(ps.error().code, ErrorCode::Unsupported);
  EXPECT_EQ(ps.error().path, rgb->path);
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}
