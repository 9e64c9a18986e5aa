// The teaching-file bundle as a receiver sees it: no byte of the sources' PHI anywhere, every
// DICOM output valid, a DICOMDIR that DCMTK reads, reopenable with annotations still linked,
// key frames and an IHE TCE manifest.
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "fv/dicom/MeasurementReport.h"

#include "DeidentifyTestSupport.h"
#include "DerivedTestSupport.h"
#include "TeachingSupport.h"
#include "TestData.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Confirmation.h"

using namespace fv;
namespace fs = std::filesystem;
using test::teaching::ofKind;

namespace {

// One full export of the PHI case (sources + confirmation), made once for the tests below.
const teaching::TeachingResult& bundle() {
  static const teaching::TeachingResult r = [] {
    return test::teaching::exportOrFail(
        test::teaching::request(test::teaching::phiCase().inputs(), "bundle"));
  }();
  return r;
}

std::string bundleRoot() {
  const auto dirs = ofKind(bundle(), "dicomdir");
  return dirs.empty() ? "" : fs::path(dirs.front()).parent_path().string();
}

}  // namespace

TEST(TeachingBundle, HoldsDeidentifiedDicomADicomdirKeyFramesAManifestAndACasePage) {
  const auto& c = test::teaching::phiCase();
  ASSERT_FALSE(bundle().written.empty());
  // 1 XA + 4 MR + SC + GSPS + SR + KOS of the confirmation; procedure.json/.html/.pdf are not
  // DICOM and the Encapsulated PDF is left out (its text cannot be de-identified).
  size_t dicom = 0;
  for (const auto& f : bundle().written)
    if (f.kind == "image" || f.kind == "presentation-state" || f.kind == "key-object" ||
        f.kind == "structured-report")
      ++dicom;
  EXPECT_EQ(dicom, c.sources.size() + 4);
  EXPECT_EQ(ofKind(bundle(), "dicomdir").size(), 1u);
  EXPECT_EQ(ofKind(bundle(), "key-frame").size(), 1u) << "the one confirmed frame";
  EXPECT_EQ(ofKind(bundle(), "tce-manifest").size(), 1u);
  EXPECT_EQ(ofKind(bundle(), "case-page").size(), 1u);
  for (const auto& f : bundle().written) EXPECT_TRUE(fs::is_regular_file(f.path)) << f.path;
  EXPECT_GE(bundle().redactedFrames, 1) << "the confirmation SC's patient line is blanked";
  EXPECT_EQ(bundle().profile.front(), "Basic Application Confidentiality Profile");
}

TEST(TeachingBundle, TheMeasurementReportIsDeidentifiedAndTheEncapsulatedPdfIsLeftOutWithAWarning) {
  const auto reports = ofKind(bundle(), "structured-report");
  ASSERT_EQ(reports.size(), 1u);
  auto sr = dicom::readMeasurementReport(reports.front());
  ASSERT_TRUE(sr) << sr.error().toString();
  EXPECT_EQ(sr->measurements.size(), 2u) << "distance and angle survive de-identification";
  EXPECT_EQ(sr->observer.find("Operatorova"), std::string::npos) << sr->observer;
  EXPECT_TRUE(std::any_of(bundle().warnings.begin(), bundle().warnings.end(),
                          [](const std::string& w) {
                            return w.find("left out DOC.dcm") != std::string::npos;
                          }));
  for (const auto& f : bundle().written) EXPECT_NE(fs::path(f.path).extension(), ".pdf") << f.path;
}

TEST(TeachingBundle, NoFileNameOrByteOfAnyFileHoldsTheSourcesPhiAsAsciiUtf8OrUtf16) {
  const auto& c = test::teaching::phiCase();
  std::vector<std::string> all = c.sources;
  for (const auto& f : test::deid::filesUnder(c.confirmation))
    if (fs::path(f).extension() == ".dcm") all.push_back(f);
  const std::set<std::string> phi = test::deid::phiOf(all);
  ASSERT_GT(phi.size(), 15u);
  const auto files = test::deid::filesUnder(bundleRoot());
  ASSERT_GT(files.size(), c.sources.size());
  for (const std::string& file : files) {
    const std::string bytes = test::slurp(file);
    const std::string name = fs::relative(file, bundleRoot()).string();
    for (const std::string& value : phi) {
      EXPECT_EQ(test::deid::hits(bytes, value), 0u) << "'" << value << "' in " << name;
      EXPECT_EQ(name.find(value), std::string::npos) << "'" << value << "' in the name " << name;
    }
  }
}

TEST(TeachingBundle, EveryDicomOutputAndTheDicomdirAreDciodvfyClean) {
  FV_REQUIRE_TOOL("dciodvfy");
  std::vector<std::string> files = ofKind(bundle(), "dicomdir");
  for (const char* kind : {"image", "presentation-state", "key-object", "tce-manifest"})
    for (const auto& f : ofKind(bundle(), kind)) files.push_back(f);
  ASSERT_GT(files.size(), 5u);
  for (const std::string& f : files) {
    std::string output;
    EXPECT_TRUE(test::dciodvfyErrors(f, &output).empty()) << f << "\n" << output;
    EXPECT_EQ(test::readBackProblems(f), "") << f;
  }
}

TEST(TeachingBundle, TheDicomdirListsEveryDicomFileByItsBundlePath) {
  const std::string dicomdir = ofKind(bundle(), "dicomdir").at(0);
  std::string dump;
  ASSERT_EQ(test::run("dcmdump -q " + test::q(dicomdir), &dump), 0) << dump;
  size_t listed = 0;
  for (const auto& f : bundle().written) {
    if (f.kind == "dicomdir" || f.kind == "key-frame" || f.kind == "case-page" ||
        f.kind.rfind("video", 0) == 0)
      continue;
    std::string id = fs::relative(f.path, bundleRoot()).string();
    for (char& ch : id)
      if (ch == '/') ch = '\\';
    EXPECT_NE(dump.find("[" + id + "]"), std::string::npos) << id;
    ++listed;
  }
  EXPECT_GT(listed, 5u);
  EXPECT_NE(dump.find("TEACHING_FILE"), std::string::npos) << "File-set ID";
  EXPECT_NE(dump.find("Teaching^Case"), std::string::npos) << "the PATIENT record's new name";
}

TEST(TeachingBundle, ReopensThroughItsDicomdirWithTheAnnotationsLinkedToTheNewImages) {
  const dicom::DicomIndex index = dicom::indexPaths({ofKind(bundle(), "dicomdir").at(0)});
  EXPECT_TRUE(index.errors.empty());
  std::set<std::string> sops;
  std::vector<const dicom::InstanceInfo*> states;
  for (const dicom::Series* s : index.allSeries())
    for (const auto& info : s->instances) {
      sops.insert(info.sopInstanceUid);
      if (dicom::isAnnotationPresentationState(info.sopClassUid)) states.push_back(&info);
    }
  EXPECT_EQ(index.files,
            ofKind(bundle(), "image").size() + ofKind(bundle(), "presentation-state").size() +
                ofKind(bundle(), "key-object").size() + ofKind(bundle(), "structured-report").size() +
                ofKind(bundle(), "tce-manifest").size());
  ASSERT_EQ(states.size(), 1u);
  auto ps = dicom::readPresentationState(states.front()->path);
  ASSERT_TRUE(ps) << ps.error().toString();
  EXPECT_TRUE(sops.count(ps->referencedSopInstanceUid)) << "the GSPS points into the bundle";
  EXPECT_FALSE(ps->content.shapes.empty()) << "the needle graphics are kept";
  for (const auto& path : ofKind(bundle(), "key-object")) {
    auto refs = dicom::readKeyObjectSelection(path);
    ASSERT_TRUE(refs) << refs.error().toString();
    for (const auto& r : *refs) EXPECT_TRUE(sops.count(r.sopInstanceUid)) << r.sopInstanceUid;
  }
}

TEST(TeachingBundle, TheTceManifestIsTitledForTeachingFileExportAndCarriesTheAuthorsNotes) {
  const std::string manifest = ofKind(bundle(), "tce-manifest").at(0);
  // The root's Concept Name Code Sequence (0040,A043) is the first one in the file (-s).
  std::string title;
  ASSERT_EQ(test::run("dcmdump -q -s +P 0040,a043 " + test::q(manifest), &title), 0) << title;
  EXPECT_NE(title.find("[TCE001]"), std::string::npos) << title;
  EXPECT_NE(title.find("[IHERADTF]"), std::string::npos) << title;
  EXPECT_NE(title.find("[For Teaching File Export]"), std::string::npos) << title;
  EXPECT_EQ(test::dumpValue(manifest, "PatientIdentityRemoved"), "YES");
  const std::string bytes = test::slurp(manifest);
  EXPECT_NE(bytes.find("Aim for the head-neck junction"), std::string::npos);
  auto refs = dicom::readKeyObjectSelection(manifest);
  ASSERT_TRUE(refs) << refs.error().toString();
  EXPECT_EQ(refs->size(), 1u) << "the confirmed frame";
  EXPECT_EQ(refs->front().frame, 2u) << "frame 2 of the cine (1-based)";
}

TEST(TeachingBundle, TheKeyFrameIsAPngWithTheNeedleBurnedInAndTheCasePageShowsIt) {
  const std::string png = ofKind(bundle(), "key-frame").at(0);
  const std::string bytes = test::slurp(png);
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  for (const char* chunk : {"tEXt", "zTXt", "iTXt", "eXIf"})
    EXPECT_EQ(bytes.find(chunk), std::string::npos) << "no text or metadata chunk: " << chunk;
  const std::string page = test::slurp(ofKind(bundle(), "case-page").at(0));
  EXPECT_NE(page.find("<img src=\"images/key-01.png\""), std::string::npos);
  EXPECT_NE(page.find("Right hip injection, anterior approach"), std::string::npos);
  EXPECT_NE(page.find("Tip to target"), std::string::npos) << "the measurement under the frame";
}

TEST(TeachingBundle, TheConfirmationImagesPatientLineIsBlackAndItsBurnedInAnnotationSaysNo) {
  const dicom::DicomIndex index = dicom::indexPaths({bundleRoot() + "/DICOM"});
  const dicom::InstanceInfo* sc = nullptr;
  for (const dicom::Series* s : index.allSeries())
    for (const auto& info : s->instances)
      if (info.sopClassUid == dicom::kSecondaryCaptureUid) sc = &info;
  ASSERT_NE(sc, nullptr);
  EXPECT_EQ(sc->burnedInAnnotation, "NO");
  auto decoder = dicom::InstanceDecoder::open(*sc);
  ASSERT_TRUE(decoder) << decoder.error().toString();
  auto frame = (*decoder)->decode(0);
  ASSERT_TRUE(frame) << frame.error().toString();
  const dicom::Redaction band = fluoro::headerLineBand(sc->pixels.rows, sc->pixels.columns,
                                                       fluoro::kPatientDetailsHeaderLine);
  ASSERT_GT(band.height, 0);
  double sum = 0;
  for (int y = band.y; y < band.y + band.height; ++y)
    for (int x = 0; x < band.width; ++x)
      for (int c = 0; c < 3; ++c)
        sum += frame->sample((size_t(y) * sc->pixels.columns + x) * 3 + c);
  EXPECT_EQ(sum, 0.0) << "rows " << band.y << ".." << band.y + band.height - 1;
  // The header lines above it (no patient data) are kept.
  double above = 0;
  for (int y = 0; y < band.y; ++y)
    for (int x = 0; x < band.width; ++x)
      above += frame->sample((size_t(y) * sc->pixels.columns + x) * 3);
  EXPECT_GT(above, 0.0);
}

TEST(TeachingBundle, EachCineIsAnH264Mp4AndAGifAtItsFrameRateThatFfprobeReads) {
  FV_REQUIRE_TOOL("ffprobe");
  const auto mp4 = ofKind(bundle(), "video-mp4"), gif = ofKind(bundle(), "video-gif");
  ASSERT_EQ(mp4.size(), 1u) << "the XA cine (the MR is a volume, the SC one frame)";
  ASSERT_EQ(gif.size(), 1u);
  auto probe = [](const std::string& file) {
    std::string out;
    EXPECT_EQ(test::run("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                        "stream=codec_name,width,height,nb_read_frames,avg_frame_rate -of "
                        "default=noprint_wrappers=1 " +
                            test::q(file),
                        &out),
              0)
        << out;
    return out;
  };
  const std::string m = probe(mp4[0]);
  EXPECT_NE(m.find("codec_name=h264"), std::string::npos) << m;
  EXPECT_NE(m.find("width=64"), std::string::npos) << m;
  EXPECT_NE(m.find("nb_read_frames=4"), std::string::npos) << m;
  EXPECT_NE(m.find("avg_frame_rate=15/1"), std::string::npos) << m;
  const std::string g = probe(gif[0]);
  EXPECT_NE(g.find("codec_name=gif"), std::string::npos) << g;
  EXPECT_NE(g.find("nb_read_frames=4"), std::string::npos) << g;
  const std::string page = test::slurp(ofKind(bundle(), "case-page").at(0));
  EXPECT_NE(page.find("src=\"videos/cine-01.mp4\""), std::string::npos);
}
