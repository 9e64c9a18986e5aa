// What the export refuses and what it leaves behind: an existing non-empty folder, a source with
// burned-in text that is not cleaned, a cancel — each leaves nothing; --dicom-only; public files.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "DeidentifyTestSupport.h"
#include "DerivedTestSupport.h"
#include "TeachingSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/StagingFolder.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Confirmation.h"

using namespace fv;
namespace fs = std::filesystem;
using test::teaching::ofKind;

namespace {

// Nothing under `parent` but what was there before: no bundle, no hidden staging folder.
std::vector<std::string> entriesOf(const std::string& parent) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(parent)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST(TeachingExport, AnExistingNonEmptyFolderIsRefusedAndLeftAsItWas) {
  auto rq = test::teaching::request(test::teaching::phiCase().sources, "occupied");
  fs::create_directories(rq.out);
  { std::ofstream(rq.out + "/notes.txt") << "mine"; }
  auto r = teaching::exportTeachingFile(rq);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not empty"), std::string::npos) << r.error().toString();
  EXPECT_EQ(entriesOf(rq.out), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(test::slurp(rq.out + "/notes.txt"), "mine");
  EXPECT_EQ(entriesOf(fs::path(rq.out).parent_path().string()),
            std::vector<std::string>{"occupied"});
}

TEST(TeachingExport, AnEmptyFolderIsFilledInPlace) {
  auto rq = test::teaching::request(test::teaching::phiCase().sources, "empty");
  fs::create_directories(rq.out);
  rq.dicomOnly = true;
  const auto r = test::teaching::exportOrFail(rq);
  EXPECT_EQ(ofKind(r, "dicomdir").size(), 1u);
  EXPECT_TRUE(fs::exists(rq.out + "/DICOMDIR"));
}

TEST(TeachingExport, ASourceWithBurnedInTextThatIsNotCleanedFailsTheExportAndLeavesNothing) {
  const std::string marked = test::modifiedCopy(test::teaching::phiCase().sources.front(),
                                                "burned.dcm", "-i BurnedInAnnotation=YES");
  auto rq = test::teaching::request({test::teaching::phiCase().sources.back(), marked}, "burned");
  const std::string parent = fs::path(rq.out).parent_path().string();
  auto r = teaching::exportTeachingFile(rq);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, marked) << "the error names the file";
  EXPECT_NE(r.error().message.find("Burned In Annotation"), std::string::npos);
  EXPECT_TRUE(entriesOf(parent).empty()) << "no bundle and no staging folder";

  // With the text's region blanked, the same selection exports and says NO.
  rq.deidentify.cleanPixelData = true;
  rq.deidentify.redactions = {{-1, 0, 0, 64, 8}};
  const auto ok = test::teaching::exportOrFail(rq);
  EXPECT_EQ(ok.redactedFrames, 4 + 1) << "every frame: the 4-frame cine and the MR slice";
  bool sawNo = false;
  for (const auto& path : ofKind(ok, "image"))
    if (test::dumpValue(path, "BurnedInAnnotation") == "NO") sawNo = true;
  EXPECT_TRUE(sawNo);
}

TEST(TeachingExport, ACancelledExportLeavesNothing) {
  auto rq = test::teaching::request(test::teaching::phiCase().inputs(), "cancelled");
  std::atomic<bool> cancel{false};
  rq.cancel = &cancel;
  rq.threads = 1;
  size_t calls = 0;
  rq.progress = [&](size_t done, size_t total) {
    ++calls;
    EXPECT_LE(done, total);
    if (done == 2) cancel = true;
  };
  auto r = teaching::exportTeachingFile(rq);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, dicom::ErrorCode::Cancelled);
  EXPECT_GE(calls, 2u);
  EXPECT_TRUE(entriesOf(fs::path(rq.out).parent_path().string()).empty());
}

TEST(TeachingExport, DicomOnlyWritesTheDeidentifiedFilesAndTheDicomdirAndNothingElse) {
  auto rq = test::teaching::request(test::teaching::phiCase().inputs(), "dicom-only");
  rq.dicomOnly = true;
  const auto r = test::teaching::exportOrFail(rq);
  for (const auto& f : r.written)
    EXPECT_TRUE(f.kind == "image" || f.kind == "presentation-state" || f.kind == "key-object" ||
                f.kind == "structured-report" || f.kind == "dicomdir")
        << f.kind << " " << f.path;
  EXPECT_EQ(test::deid::filesUnder(rq.out).size(), r.written.size());
}

TEST(TeachingExport, TheStagingFolderIsHiddenBesideTheTargetAndRemovedWhenNotPublished) {
  const std::string parent = test::tempDir("teaching-staging");
  std::string staged;
  {
    auto s = dicom::StagingFolder::create(parent + "/case");
    ASSERT_TRUE(s) << s.error().toString();
    staged = (*s)->path();
    EXPECT_TRUE(dicom::isStagingFolderName(fs::path(staged).filename().string())) << staged;
    ASSERT_TRUE((*s)->writeFile("a/b.txt", "x", 1));
    EXPECT_FALSE((*s)->writeFile("a/b.txt", "y", 1)) << "never overwrites";
    EXPECT_TRUE(fs::exists(staged + "/a/b.txt"));
  }
  EXPECT_FALSE(fs::exists(staged));
  EXPECT_TRUE(entriesOf(parent).empty());
}

TEST(TeachingExport, PublicMrAndCtSeriesExportAndReopenWithTheSameFrames) {
  FV_REQUIRE_SHARED_SAMPLES();
  // A GE MR series (with 2.5 MB of trailing zero bytes in one file) and a CT series.
  const std::vector<std::string> inputs{test::sharedSamples() + "/mr-series-ge-pd",
                                        test::sharedSamples() + "/ct-series-pelvis"};
  const dicom::DicomIndex source = dicom::indexPaths(inputs);
  auto rq = test::teaching::request(inputs, "public");
  const auto r = test::teaching::exportOrFail(rq);
  const dicom::DicomIndex back = dicom::indexPaths({rq.out + "/DICOMDIR"});
  EXPECT_TRUE(back.errors.empty());
  size_t frames = 0, framesBack = 0;
  for (const auto* s : source.allSeries()) frames += s->frameCount();
  for (const auto* s : back.allSeries()) framesBack += s->frameCount();
  EXPECT_EQ(framesBack, frames);
  EXPECT_GE(ofKind(r, "key-frame").size(), 1u);
}

TEST(TeachingExport, OcrFindsTheBurnedInTextOfAnotherVendorsImageAndBlanksItSoItExports) {
  // A confirmation SC of the 512x512 demo cine with the patient's name burned in, presented as
  // another vendor's image with Burned In Annotation YES: without OCR it is refused; with OCR its
  // text lines are found (the patient line among them) and blanked on the exported frame.
  auto xa = dicom::readInstanceHeader(test::demoXa());
  ASSERT_TRUE(xa) << xa.error().toString();
  fluoro::ConfirmedFrame frame;
  frame.source = *xa;
  frame.frame = 16;
  fluoro::Annotation tip;
  tip.kind = fluoro::AnnotationKind::NeedleTip;
  tip.points = {{219.0, 218.0}};
  frame.annotations = {tip};
  fluoro::ConfirmationRequest confirm;
  confirm.frames = {frame};
  confirm.folder = test::tempDir("ocr-confirmation");
  confirm.burnPatientDetails = true;
  auto saved = fluoro::saveConfirmation(confirm);
  ASSERT_TRUE(saved) << saved.error().toString();
  const std::string foreign =
      test::modifiedCopy(saved->frames.front().secondaryCapture.path, "foreign-sc.dcm",
                         "-m Manufacturer=OTHERVENDOR -m BurnedInAnnotation=YES");
  auto rq = test::teaching::request({foreign}, "ocr-refused");
  auto refused = teaching::exportTeachingFile(rq);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("Burned In Annotation"), std::string::npos);

  rq = test::teaching::request({foreign}, "ocr");
  rq.ocr = true;
  const auto r = test::teaching::exportOrFail(rq);
  ASSERT_GE(r.textRegions.size(), 3u) << "three header lines and the measurement";
  const dicom::Redaction band = fluoro::headerLineBand(512, 512, fluoro::kPatientDetailsHeaderLine);
  bool patientLine = false;
  for (const auto& t : r.textRegions) {
    EXPECT_EQ(t.series, "DICOM/ST000001/SE000001");
    patientLine |= t.box.y < band.y + band.height && t.box.y + t.box.height > band.y;
  }
  EXPECT_TRUE(patientLine) << "a box on the patient's name line";
  EXPECT_EQ(r.redactedFrames, 1);
  EXPECT_EQ(r.profile.at(1), "Clean Pixel Data Option");
  const auto images = ofKind(r, "image");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(test::dumpValue(images[0], "BurnedInAnnotation"), "NO");
}

TEST(TeachingExport, TheCineIsEncodedAtTheWindowItWasDisplayedWith) {
  FV_REQUIRE_TOOL("ffmpeg");
  const std::string xa = test::teaching::phiCase().sources.front();
  auto info = dicom::readInstanceHeader(xa);
  ASSERT_TRUE(info) << info.error().toString();
  // Mean grey of the first MP4 frame, as ffmpeg decodes it.
  auto firstFrameMean = [](const std::string& mp4) {
    std::string raw;
    EXPECT_EQ(test::run("ffmpeg -v error -i " + test::q(mp4) +
                            " -frames:v 1 -f rawvideo -pix_fmt gray - 2>/dev/null",
                        &raw),
              0);
    double sum = 0;
    for (unsigned char c : raw) sum += c;
    return raw.empty() ? -1.0 : sum / double(raw.size());
  };
  auto rq = test::teaching::request({xa}, "window-default");
  rq.gif = false;
  const auto plain = test::teaching::exportOrFail(rq);
  rq = test::teaching::request({xa}, "window-displayed");
  rq.gif = false;
  rq.displayedWindows[info->series.instanceUid] = dicom::Window{1e6, 10};  // far above the data
  const auto dark = test::teaching::exportOrFail(rq);
  ASSERT_EQ(ofKind(plain, "video-mp4").size(), 1u);
  ASSERT_EQ(ofKind(dark, "video-mp4").size(), 1u);
  const double a = firstFrameMean(ofKind(plain, "video-mp4")[0]);
  const double b = firstFrameMean(ofKind(dark, "video-mp4")[0]);
  EXPECT_GT(a, 20.0) << "the file's own window shows the anatomy";
  EXPECT_LT(b, 20.0) << "a window centred far above every pixel shows black";
}
