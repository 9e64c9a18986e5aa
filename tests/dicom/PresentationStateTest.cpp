#include <gtest/gtest.h>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "derived/GraphicEncoding.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;

namespace {

void expectSamePoints(const std::vector<ImagePoint>& a, const std::vector<ImagePoint>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].x, b[i].x) << "point " << i;  // exact: no tolerance
    EXPECT_EQ(a[i].y, b[i].y) << "point " << i;
  }
}

// The writer groups annotations by layer (one Graphic Annotation item each, PS3.3 C.10.5), in
// order of first use: this is the order a reader gets them back in.
std::vector<GraphicShape> groupedByLayer(const std::vector<GraphicShape>& shapes) {
  std::vector<std::string> layers;
  for (const auto& s : shapes)
    if (std::find(layers.begin(), layers.end(), s.layer) == layers.end()) layers.push_back(s.layer);
  std::vector<GraphicShape> out;
  for (const auto& l : layers)
    for (const auto& s : shapes)
      if (s.layer == l) out.push_back(s);
  return out;
}

}  // namespace

TEST(PresentationState, OfDemoFrame17IsValidForDciodvfy) {
  FV_REQUIRE_TOOL("dciodvfy");
  const auto save = fv::test::saveAll(fv::test::demoFrame17(), fv::test::tempDir("ps-valid"));
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(save.ps.path, &output).empty()) << output;
  EXPECT_NE(output.find("GrayscaleSoftcopyPresentationState"), std::string::npos) << output;
}

TEST(PresentationState, PassesDcmtksPresentationStateCheck) {
  FV_REQUIRE_TOOL("dcmpschk");
  const auto save = fv::test::saveAll(fv::test::demoFrame17(), fv::test::tempDir("ps-dcmpschk"));
  std::string output;
  EXPECT_EQ(fv::test::run("dcmpschk " + fv::test::q(save.ps.path), &output), 0) << output;
  EXPECT_NE(output.find("Test passed"), std::string::npos) << output;
}

TEST(PresentationState, StaysInTheSourcesStudyAsAPresentationSeries) {
  const SourceFrame source = fv::test::demoFrame17();
  const auto save = fv::test::saveAll(source, fv::test::tempDir("ps-study"));
  auto ps = readInstanceHeader(save.ps.path);
  ASSERT_TRUE(ps) << ps.error().toString();
  EXPECT_EQ(ps->sopClassUid, kGrayscalePresentationStateUid);
  EXPECT_EQ(ps->patient.id, source.instance.patient.id);
  EXPECT_EQ(ps->patient.name, source.instance.patient.name);
  EXPECT_EQ(ps->study.instanceUid, source.instance.study.instanceUid);
  EXPECT_EQ(ps->series.instanceUid, save.psSeries.seriesInstanceUid);
  EXPECT_EQ(ps->series.modality, "PR");
  EXPECT_FALSE(ps->hasPixelData);
}

TEST(PresentationState, RoundTripIsExact) {
  const SourceFrame source = fv::test::demoFrame17();
  const auto save = fv::test::saveAll(source, fv::test::tempDir("ps-roundtrip"));
  auto info = readPresentationState(save.ps.path);
  ASSERT_TRUE(info) << info.error().toString();
  const PresentationContent written = fv::test::sampleContent();
  EXPECT_EQ(info->path, save.ps.path);
  EXPECT_EQ(info->sopInstanceUid, save.ps.sopInstanceUid);
  EXPECT_EQ(info->referencedSopInstanceUid, source.instance.sopInstanceUid);
  EXPECT_EQ(info->referencedFrames, std::vector<uint32_t>{17});
  const PresentationContent& read = info->content;
  EXPECT_EQ(read.label, written.label);
  EXPECT_EQ(read.description, written.description);
  EXPECT_EQ(read.creator, written.creator);
  ASSERT_TRUE(read.window);
  EXPECT_EQ(read.window->center, written.window->center);
  EXPECT_EQ(read.window->width, written.window->width);
  EXPECT_EQ(read.window->function, written.window->function);
  const auto expected = groupedByLayer(written.shapes);
  ASSERT_EQ(read.shapes.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("shape " + std::to_string(i));
    EXPECT_EQ(read.shapes[i].type, expected[i].type);
    EXPECT_EQ(read.shapes[i].layer, expected[i].layer);
    expectSamePoints(read.shapes[i].points, expected[i].points);
  }
  // Graphic Filled exists only for closed graphics (PS3.3 C.10.5.1, Type 1C): the filled ellipse
  // and the closed interpolated path keep their flag.
  EXPECT_TRUE(read.shapes[4].filled);   // ellipse, TARGET layer
  EXPECT_FALSE(read.shapes[2].filled);  // closed path, not filled
  ASSERT_EQ(read.texts.size(), written.texts.size());
  for (size_t i = 0; i < written.texts.size(); ++i) {
    EXPECT_EQ(read.texts[i].text, written.texts[i].text);
    EXPECT_EQ(read.texts[i].anchor.x, written.texts[i].anchor.x);
    EXPECT_EQ(read.texts[i].anchor.y, written.texts[i].anchor.y);
    EXPECT_EQ(read.texts[i].anchorVisible, written.texts[i].anchorVisible);
    EXPECT_EQ(read.texts[i].layer, written.texts[i].layer);
  }
}

TEST(PresentationState, StoresPixelCentresHalfAPixelFromTheTopLeftCorner) {
  // PS3.3 C.10.5.1.2: the top-left pixel spans 0.0..1.0 in PIXEL units; our (0,0) is its centre.
  EXPECT_EQ(derived::toDicomPixel(0.0), 0.5f);
  EXPECT_EQ(derived::toDicomPixel(511.0), 511.5f);
  EXPECT_EQ(derived::toDicomPixel(-0.5), 0.0f);       // the image's top/left edge
  EXPECT_EQ(derived::fromDicomPixel(512.0f), 511.5);  // bottom/right edge of a 512-pixel image
  for (double v : {0.0, 0.25, 17.125, 300.75, 1023.0, -3.5})
    EXPECT_EQ(derived::fromDicomPixel(derived::toDicomPixel(v)), v);
}

TEST(PresentationState, WritesTheMarkerAtTheDicomPixelCentre) {
  FV_REQUIRE_TOOL("dcmdump");
  const SourceFrame source = fv::test::demoFrame17();
  PresentationContent c;
  GraphicShape p;
  p.type = GraphicShape::Type::Point;
  p.points = {{0, 0}};  // centre of the top-left pixel
  c.shapes = {p};
  c.window = Window{2000, 3400};
  auto ps = writePresentationState(
      {source, c, {newUid(), 901, "x"}, 1, fv::test::tempDir("ps-centre"), "ps.dcm"});
  ASSERT_TRUE(ps) << ps.error().toString();
  EXPECT_EQ(fv::test::dumpValue(ps->path, "GraphicData"), "0.5\\0.5");
  EXPECT_EQ(fv::test::dumpValue(ps->path, "GraphicAnnotationUnits"), "PIXEL");
  EXPECT_EQ(fv::test::dumpValue(ps->path, "DisplayedAreaBottomRightHandCorner"), "512\\512");
  EXPECT_EQ(fv::test::dumpValue(ps->path, "PresentationLUTShape"), "IDENTITY");
}

TEST(PresentationState, WithoutAWindowUsesTheSourcesFirstWindow) {
  // No Softcopy VOI LUT would mean "no VOI transformation" (PS3.4 N.2.1), not the image default.
  const SourceFrame source = fv::test::demoFrame17();
  PresentationContent c;
  c.texts = {{"note", {10, 10}, false, "ANNOTATIONS"}};
  auto ps = writePresentationState(
      {source, c, {newUid(), 901, "x"}, 1, fv::test::tempDir("ps-window"), "ps.dcm"});
  ASSERT_TRUE(ps) << ps.error().toString();
  auto info = readPresentationState(ps->path);
  ASSERT_TRUE(info);
  ASSERT_TRUE(info->content.window);
  EXPECT_EQ(info->content.window->center, 2000);
  EXPECT_EQ(info->content.window->width, 3400);
  EXPECT_TRUE(info->content.shapes.empty());
  ASSERT_EQ(info->content.texts.size(), 1u);
}

TEST(PresentationState, OfACtSliceCarriesTheRescaleAndIsValid) {
  auto ct = readInstanceHeader(fv::test::testdata("public/pydicom/CT_small.dcm"));
  ASSERT_TRUE(ct);
  ASSERT_FALSE(ct->rescale.identity());
  PresentationContent c = fv::test::sampleContent();
  c.window = Window{40, 400};
  auto ps = writePresentationState(
      {{*ct, 0}, c, {newUid(), 901, "x"}, 1, fv::test::tempDir("ps-ct"), "ps.dcm"});
  ASSERT_TRUE(ps) << ps.error().toString();
  if (fv::test::haveTool("dcmdump")) {
    EXPECT_EQ(fv::test::dumpValue(ps->path, "RescaleIntercept"),
              fv::test::dumpValue(ct->path, "RescaleIntercept"));
    EXPECT_EQ(fv::test::dumpValue(ps->path, "ReferencedFrameNumber"), "");  // single frame
  }
  if (fv::test::haveTool("dciodvfy")) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(ps->path, &output).empty()) << output;
  }
  auto info = readPresentationState(ps->path);
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->referencedFrames.empty());  // the whole (single-frame) image
}

TEST(PresentationState, CarriesTheSourcesShutters) {
  FV_REQUIRE_TOOL("dcmdump");
  // A presentation state replaces the image's shutters (PS3.4 N.2): the collimation must come
  // along.
  auto rf =
      readInstanceHeader(fv::test::testdata("public/dbdicom/RF_dbdicom_0015_GE_shutters.dcm"));
  ASSERT_TRUE(rf);
  ASSERT_TRUE(rf->shutter.any());
  auto ps = writePresentationState({{*rf, 0},
                                    fv::test::sampleContent(),
                                    {newUid(), 901, "x"},
                                    1,
                                    fv::test::tempDir("ps-shutters"),
                                    "ps.dcm"});
  ASSERT_TRUE(ps) << ps.error().toString();
  auto header = readInstanceHeader(ps->path);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->shutter.rectangular, rf->shutter.rectangular);
  EXPECT_EQ(header->shutter.circular, rf->shutter.circular);
  EXPECT_EQ(header->shutter.radius, rf->shutter.radius);
  EXPECT_TRUE(header->shutter.presentationValue.has_value());
}

TEST(PresentationState, RejectsMalformedContent) {
  const SourceFrame source = fv::test::demoFrame17();
  const std::string dir = fv::test::tempDir("ps-reject");
  auto attempt = [&](PresentationContent c) {
    return writePresentationState({source, std::move(c), {newUid(), 901, "x"}, 1, dir, "ps.dcm"});
  };
  PresentationContent badLayer;
  GraphicShape line;
  line.points = {{1, 1}, {2, 2}};
  line.layer = "needle layer";  // CS: upper case only
  badLayer.shapes = {line};
  EXPECT_EQ(attempt(badLayer).error().code, ErrorCode::InvalidArgument);
  PresentationContent badCircle;
  GraphicShape circle;
  circle.type = GraphicShape::Type::Circle;
  circle.points = {{1, 1}};
  badCircle.shapes = {circle};
  auto r = attempt(badCircle);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("needs 2 points"), std::string::npos) << r.error().toString();
  PresentationContent badWindow;
  badWindow.window = Window{100, 0};
  EXPECT_FALSE(attempt(badWindow));
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}

TEST(PresentationState, ReaderRefusesAnImage) {
  auto r = readPresentationState(fv::test::demoXa());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}
