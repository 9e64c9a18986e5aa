#include <gtest/gtest.h>

#include <cstring>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv::dicom;

TEST(SecondaryCapture, OfDemoFrame17IsValidForDciodvfy) {
  FV_REQUIRE_TOOL("dciodvfy");
  const auto save = fv::test::saveAll(fv::test::demoFrame17(), fv::test::tempDir("sc-valid"));
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(save.sc.path, &output).empty()) << output;
  EXPECT_NE(output.find("SCImage"), std::string::npos) << output;  // validated as an SC image
}

TEST(SecondaryCapture, StaysInTheSourcesPatientAndStudyInItsOwnSeries) {
  const SourceFrame source = fv::test::demoFrame17();
  const auto save = fv::test::saveAll(source, fv::test::tempDir("sc-study"));
  auto sc = readInstanceHeader(save.sc.path);
  ASSERT_TRUE(sc) << sc.error().toString();
  EXPECT_EQ(sc->sopClassUid, kSecondaryCaptureUid);
  EXPECT_EQ(sc->sopInstanceUid, save.sc.sopInstanceUid);
  EXPECT_EQ(sc->patient.id, source.instance.patient.id);
  EXPECT_EQ(sc->patient.name, source.instance.patient.name);
  EXPECT_EQ(sc->patient.birthDate, source.instance.patient.birthDate);
  EXPECT_EQ(sc->study.instanceUid, source.instance.study.instanceUid);
  EXPECT_EQ(sc->study.accessionNumber, source.instance.study.accessionNumber);
  EXPECT_EQ(sc->series.instanceUid, save.scSeries.seriesInstanceUid);
  EXPECT_NE(sc->series.instanceUid, source.instance.series.instanceUid);
  EXPECT_EQ(sc->series.number, 900);
  EXPECT_EQ(sc->series.description, "Needle confirmation");
  EXPECT_EQ(sc->series.bodyPart, "HIP");
  EXPECT_EQ(sc->series.laterality, "R");
  EXPECT_EQ(sc->instanceNumber, 1);
}

TEST(SecondaryCapture, SaysItIsDerivedWithBurnedInAnnotationsAndNamesTheSourceFrame) {
  FV_REQUIRE_TOOL("dcmdump");
  const SourceFrame source = fv::test::demoFrame17();
  const auto save = fv::test::saveAll(source, fv::test::tempDir("sc-derived"));
  auto sc = readInstanceHeader(save.sc.path);
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->imageType, (std::vector<std::string>{"DERIVED", "SECONDARY"}));
  const std::string& p = save.sc.path;
  EXPECT_EQ(fv::test::dumpValue(p, "BurnedInAnnotation"), "YES");
  EXPECT_EQ(fv::test::dumpValue(p, "ConversionType"), "WSD");
  EXPECT_EQ(fv::test::dumpValue(p, "DerivationDescription"),
            "Needle position confirmation, frame 17, annotations burned in");
  // Source Image Sequence: the source SOP Instance and its 1-based frame 17 (0-based 16).
  EXPECT_EQ(fv::test::dumpValue(p, "ReferencedSOPInstanceUID"), source.instance.sopInstanceUid);
  EXPECT_EQ(fv::test::dumpValue(p, "ReferencedSOPClassUID"), source.instance.sopClassUid);
  EXPECT_EQ(fv::test::dumpValue(p, "ReferencedFrameNumber"), "17");
  EXPECT_EQ(fv::test::dumpValue(p, "CodeValue"), "121320");  // purpose: Uncompressed predecessor
  EXPECT_EQ(fv::test::dumpValue(p, "PatientOrientation"), "L\\F");
  EXPECT_EQ(fv::test::dumpValue(p, "Modality"), "OT");
}

TEST(SecondaryCapture, PixelsAreTheRequestedRgbImage) {
  const SourceFrame source = fv::test::demoFrame17();
  const auto save = fv::test::saveAll(source, fv::test::tempDir("sc-pixels"));
  auto sc = readInstanceHeader(save.sc.path);
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->pixels.rows, 512u);
  EXPECT_EQ(sc->pixels.columns, 512u);
  EXPECT_EQ(sc->pixels.samplesPerPixel, 3);
  EXPECT_EQ(sc->pixels.bitsAllocated, 8);
  EXPECT_EQ(sc->pixels.photometric, Photometric::Rgb);
  EXPECT_EQ(sc->pixels.planarConfiguration, 0);
  auto decoder = InstanceDecoder::open(*sc);
  ASSERT_TRUE(decoder) << decoder.error().toString();
  auto frame = (*decoder)->decode(0);
  ASSERT_TRUE(frame) << frame.error().toString();
  const Image8 expected = fv::test::rgbFor(source.instance);
  ASSERT_EQ(frame->byteSize(), expected.pixels.size());
  EXPECT_EQ(std::memcmp(frame->data(), expected.pixels.data(), expected.pixels.size()), 0);
}

TEST(SecondaryCapture, OfASingleFrameImageHasNoFrameNumber) {
  FV_REQUIRE_TOOL("dcmdump");
  auto mr = readInstanceHeader(fv::test::testdata("public/pydicom/MR_small.dcm"));
  ASSERT_TRUE(mr);
  const std::string dir = fv::test::tempDir("sc-single");
  SecondaryCaptureRequest rq{
      {*mr, 0}, fv::test::rgbFor(*mr), {newUid(), 900, "Capture"}, 1, "test", dir, "sc.dcm"};
  auto sc = writeSecondaryCapture(rq);
  ASSERT_TRUE(sc) << sc.error().toString();
  EXPECT_EQ(fv::test::dumpValue(sc->path, "ReferencedSOPInstanceUID"), mr->sopInstanceUid);
  EXPECT_EQ(fv::test::dumpValue(sc->path, "ReferencedFrameNumber"),
            "");  // PS3.3 10.3: multi-frame only
  if (fv::test::haveTool("dciodvfy")) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(sc->path, &output).empty()) << output;
  }
}

TEST(SecondaryCapture, RejectsAnImageThatIsNotAtTheSourcePixelGrid) {
  const SourceFrame source = fv::test::demoFrame17();
  Image8 small = fv::test::rgbFor(source.instance);
  small.rows = 256;
  small.pixels.resize(size_t(256) * 512 * 3);
  const std::string dir = fv::test::tempDir("sc-grid");
  auto sc = writeSecondaryCapture({source, small, {newUid(), 900, "x"}, 1, "", dir, "sc.dcm"});
  ASSERT_FALSE(sc);
  EXPECT_EQ(sc.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(sc.error().message.find("pixel grid"), std::string::npos) << sc.error().toString();
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}

TEST(SecondaryCapture, RejectsAFrameTheSourceDoesNotHave) {
  SourceFrame source = fv::test::demoFrame17();
  source.frame = 24;  // the cine has 24 frames: 0..23
  auto sc = writeSecondaryCapture({source,
                                   fv::test::rgbFor(source.instance),
                                   {newUid(), 900, "x"},
                                   1,
                                   "",
                                   fv::test::tempDir("sc-frame"),
                                   "sc.dcm"});
  ASSERT_FALSE(sc);
  EXPECT_EQ(sc.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(sc.error().message.find("24 frame"), std::string::npos) << sc.error().toString();
}

TEST(SecondaryCapture, KeepsTheSourcesCalibrationAsPixelSpacing) {
  // The demo cine is calibrated by Imager Pixel Spacing ÷ magnification factor; the SC IOD has no
  // Imager Pixel Spacing, so the isocentre spacing becomes Pixel Spacing, type GEOMETRY.
  const SourceFrame source = fv::test::demoFrame17();
  ASSERT_EQ(source.instance.calibration.source, CalibrationSource::MagnificationCorrected);
  const auto save = fv::test::saveAll(source, fv::test::tempDir("sc-calibration"));
  auto sc = readInstanceHeader(save.sc.path);
  ASSERT_TRUE(sc);
  ASSERT_TRUE(sc->calibration.calibrated());
  EXPECT_EQ(sc->calibration.source, CalibrationSource::PixelSpacing);
  EXPECT_NEAR(*sc->calibration.rowMm, *source.instance.calibration.rowMm, 1e-12);
  EXPECT_NEAR(*sc->calibration.columnMm, *source.instance.calibration.columnMm, 1e-12);
  if (fv::test::haveTool("dcmdump")) {
    EXPECT_EQ(fv::test::dumpValue(save.sc.path, "PixelSpacingCalibrationType"), "GEOMETRY");
  }
}
