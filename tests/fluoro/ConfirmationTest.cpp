// "Save confirmation": the four outputs, valid, linked to the exact source frame, never
// overwriting, and all-or-nothing on failure.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <csignal>
#include <filesystem>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/MeasurementReport.h"
#include "fv/fluoro/Confirmation.h"
#include "fv/fluoro/LinkedOutputs.h"
#include "fv/fluoro/PresentationMapping.h"
#include "fv/fluoro/Style.h"

namespace fs = std::filesystem;
using namespace fv::fluoro;
using fv::dicom::InstanceInfo;

namespace {

InstanceInfo demo() {
  auto info = fv::dicom::readInstanceHeader(fv::test::demoXa());
  EXPECT_TRUE(info) << info.error().toString();
  return *info;
}

Annotation make(AnnotationKind kind, std::vector<Point> points, std::string text = {}) {
  Annotation a;
  a.kind = kind;
  a.points = std::move(points);
  a.text = std::move(text);
  return a;
}

// Frame 17 (1-based) of the demo, where the generator's needle reaches the target.
ConfirmedFrame frame17() {
  ConfirmedFrame f;
  f.source = demo();
  f.frame = 16;
  f.annotations = {make(AnnotationKind::NeedleTip, {{219.0, 218.0}}),
                   make(AnnotationKind::Target, {{219.714, 219.482}}),
                   make(AnnotationKind::Trajectory, {{115.0, 52.0}, {219.0, 218.0}}),
                   make(AnnotationKind::Label, {{240, 200}}, "R hip"),
                   make(AnnotationKind::Outline, {{200, 200}, {260, 210}, {250, 260}})};
  f.window = fv::dicom::Window{128, 200};
  return f;
}

ConfirmationRequest request(std::vector<ConfirmedFrame> frames, const std::string& folder) {
  ConfirmationRequest r;
  r.frames = std::move(frames);
  r.folder = folder;
  return r;
}

QJsonObject readJson(const std::string& path) {
  QFile f(QString::fromStdString(path));
  EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path;
  return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

TEST(Confirmation, WritesScGspsSrPdfKosAndRecordNamedByFrame) {
  const std::string dir = fv::test::tempDir("confirm-basic");
  auto saved = saveConfirmation(request({frame17()}, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  for (const char* name : {"SC_frame017.dcm", "PR_frame017.dcm", "SR.dcm", "DOC.dcm", "KO.dcm",
                           "procedure.pdf", "procedure.json", "procedure.html"})
    EXPECT_TRUE(fs::exists(fs::path(dir) / name)) << name;
  EXPECT_EQ(fv::test::filesIn(dir), 8u);
  const auto written = saved->written();
  ASSERT_EQ(written.size(), 5u);
  EXPECT_EQ(written[0].sopClassUid, fv::dicom::kSecondaryCaptureUid);
  EXPECT_EQ(written[1].sopClassUid, fv::dicom::kGrayscalePresentationStateUid);
  EXPECT_EQ(written[2].sopClassUid, fv::dicom::kComprehensiveSrUid);
  EXPECT_EQ(written[3].sopClassUid, fv::dicom::kEncapsulatedPdfUid);
  EXPECT_EQ(written[4].sopClassUid, fv::dicom::kKeyObjectSelectionUid);
}

TEST(Confirmation, EveryDicomOutputPassesDciodvfy) {
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string dir = fv::test::tempDir("confirm-dciodvfy");
  auto saved = saveConfirmation(request({frame17()}, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  for (const auto& o : saved->written()) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(o.path, &output).empty()) << o.path << "\n" << output;
  }
}

TEST(Confirmation, OutputsBelongToTheSourcePatientAndStudy) {
  const std::string dir = fv::test::tempDir("confirm-identity");
  const InstanceInfo source = demo();
  auto saved = saveConfirmation(request({frame17()}, dir));
  ASSERT_TRUE(saved);
  std::set<std::string> series;
  for (const auto& o : saved->written()) {
    auto back = fv::dicom::readInstanceHeader(o.path);  // DCMTK reads it back
    ASSERT_TRUE(back) << back.error().toString();
    EXPECT_EQ(back->patient.id, source.patient.id) << o.path;
    EXPECT_EQ(back->patient.name, source.patient.name) << o.path;
    EXPECT_EQ(back->study.instanceUid, source.study.instanceUid) << o.path;
    EXPECT_NE(back->series.instanceUid, source.series.instanceUid) << o.path;
    EXPECT_EQ(back->sopInstanceUid, o.sopInstanceUid);
    series.insert(back->series.instanceUid);
  }
  EXPECT_EQ(series.size(),
            5u);  // SC, PR, SR, DOC and KO each in their own new series (one modality per series)
}

TEST(Confirmation, SecondaryCaptureReferencesTheExactSourceFrame) {
  FV_REQUIRE_TOOL("dcmdump");
  const std::string dir = fv::test::tempDir("confirm-frame");
  auto saved = saveConfirmation(request({frame17()}, dir));
  ASSERT_TRUE(saved);
  const std::string sc = saved->frames[0].secondaryCapture.path;
  EXPECT_EQ(fv::test::dumpValue(sc, "ReferencedFrameNumber"), "17");
  EXPECT_EQ(fv::test::dumpValue(sc, "ReferencedSOPInstanceUID"), demo().sopInstanceUid);
  EXPECT_EQ(fv::test::dumpValue(sc, "BurnedInAnnotation"), "YES");
  EXPECT_EQ(fv::test::dumpValue(sc, "ConversionType"), "WSD");
}

TEST(Confirmation, BurnedInTipSitsAtTheAnnotatedPixel) {
  const std::string dir = fv::test::tempDir("confirm-pixels");
  ConfirmedFrame f = frame17();
  f.annotations = {make(AnnotationKind::NeedleTip, {{301, 77}})};
  auto saved = saveConfirmation(request({f}, dir));
  ASSERT_TRUE(saved);
  auto info = fv::dicom::readInstanceHeader(saved->frames[0].secondaryCapture.path);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->pixels.rows, f.source.pixels.rows);
  EXPECT_EQ(info->pixels.columns, f.source.pixels.columns);
  EXPECT_EQ(info->pixels.samplesPerPixel, 3);
  auto decoder = fv::dicom::InstanceDecoder::open(*info);
  ASSERT_TRUE(decoder);
  auto frame = (*decoder)->decode(0);
  ASSERT_TRUE(frame);
  const auto* rgb = frame->as<uint8_t>();
  auto pixel = [&](int x, int y) {
    const uint8_t* p = rgb + (size_t(y) * info->pixels.columns + x) * 3;
    return Rgb{p[0], p[1], p[2]};
  };
  const Rgb yellow = colourOf(AnnotationKind::NeedleTip);
  EXPECT_EQ(pixel(301, 77), yellow);
  double sx = 0, sy = 0, n = 0;
  for (int y = 60; y < 95; ++y)
    for (int x = 284; x < 319; ++x)
      if (pixel(x, y) == yellow) {
        sx += x;
        sy += y;
        ++n;
      }
  EXPECT_NEAR(sx / n, 301, 0.01);
  EXPECT_NEAR(sy / n, 77, 0.01);
  // Far from annotations and text the SC holds the source frame at the displayed window (grey).
  const Rgb sample = pixel(400, 300);
  EXPECT_EQ(sample.r, sample.g);
  EXPECT_EQ(sample.g, sample.b);
}

TEST(Confirmation, PresentationStateReopensAsTheSameAnnotations) {
  const std::string dir = fv::test::tempDir("confirm-gsps");
  const ConfirmedFrame f = frame17();
  auto saved = saveConfirmation(request({f}, dir));
  ASSERT_TRUE(saved);
  auto state = fv::dicom::readPresentationState(saved->frames[0].presentationState.path);
  ASSERT_TRUE(state) << state.error().toString();
  EXPECT_EQ(state->referencedSopInstanceUid, f.source.sopInstanceUid);
  EXPECT_EQ(state->referencedFrames, std::vector<uint32_t>{17});
  ASSERT_TRUE(state->content.window);
  EXPECT_DOUBLE_EQ(state->content.window->center, 128);
  EXPECT_DOUBLE_EQ(state->content.window->width, 200);
  // Same annotations (shapes first, then texts: order by kind to compare).
  auto back = fromPresentation(state->content);
  auto sent = f.annotations;
  for (auto* v : {&back, &sent})
    std::stable_sort(v->begin(), v->end(),
                     [](const Annotation& a, const Annotation& b) { return a.kind < b.kind; });
  std::string kinds;
  for (const auto& a : back) kinds += std::string(toString(a.kind)) + " ";
  ASSERT_EQ(back.size(), sent.size()) << kinds;
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].kind, sent[i].kind) << i;
    ASSERT_EQ(back[i].points.size(), sent[i].points.size()) << i;
    for (size_t k = 0; k < back[i].points.size(); ++k) {
      EXPECT_NEAR(back[i].points[k].x, sent[i].points[k].x, 1e-3) << i;
      EXPECT_NEAR(back[i].points[k].y, sent[i].points[k].y, 1e-3) << i;
    }
    EXPECT_EQ(back[i].text, sent[i].text);
  }
}

TEST(Confirmation, NonAsciiLabelsSurviveThePresentationStateAsUtf8) {
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string dir = fv::test::tempDir("confirm-utf8-label");
  ConfirmedFrame f = frame17();
  f.annotations.push_back(make(AnnotationKind::Label, {{300, 120}}, "Aiguille à l'épine, 30°"));
  auto saved = saveConfirmation(request({f}, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  const std::string pr = saved->frames[0].presentationState.path;
  auto state = fv::dicom::readPresentationState(pr);
  ASSERT_TRUE(state) << state.error().toString();
  bool found = false;
  for (const auto& a : fromPresentation(state->content)) found |= a.text == "Aiguille à l'épine, 30°";
  EXPECT_TRUE(found);
  // The presentation state says it is UTF-8 (PS3.3 C.12.1.1.2) and stays valid.
  std::string dump;
  ASSERT_EQ(fv::test::run("dcmdump +P 0008,0005 " + fv::test::q(pr), &dump), 0);
  EXPECT_NE(dump.find("ISO_IR 192"), std::string::npos) << dump;
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(pr, &output).empty()) << output;
}

TEST(Confirmation, KeyObjectSelectionFlagsTheConfirmedFrames) {
  const std::string dir = fv::test::tempDir("confirm-kos");
  ConfirmedFrame a = frame17(), b = frame17();
  b.frame = 20;
  auto saved = saveConfirmation(request({a, b}, dir));
  ASSERT_TRUE(saved);
  auto refs = fv::dicom::readKeyObjectSelection(saved->keyObjectSelection.path);
  ASSERT_TRUE(refs) << refs.error().toString();
  std::set<uint32_t> frames;
  for (const auto& r : *refs)
    if (r.sopInstanceUid == a.source.sopInstanceUid) frames.insert(r.frame);
  EXPECT_EQ(frames, (std::set<uint32_t>{17, 21}));
}

TEST(Confirmation, ProcedureRecordHasFramesTimesMeasurementsAndCalibration) {
  const std::string dir = fv::test::tempDir("confirm-record");
  auto saved = saveConfirmation(request({frame17()}, dir));
  ASSERT_TRUE(saved);
  const QJsonObject record = readJson(saved->recordJsonPath);
  EXPECT_EQ(record["format"].toString(), "fluoroview-procedure-record/1");
  EXPECT_EQ(record["patient"].toObject()["id"].toString().toStdString(), demo().patient.id);
  const auto c = record["confirmations"].toArray()[0].toObject();
  EXPECT_EQ(c["frame"].toInt(), 17);
  EXPECT_NEAR(c["timeS"].toDouble(), 16 * 0.06667, 0.01);
  const auto m = c["measurements"].toObject();
  EXPECT_EQ(m["calibrationSource"].toString(), "magnification-corrected");
  EXPECT_GT(m["tipToTargetMm"].toDouble(), 0.0);
  EXPECT_LT(m["tipToTargetMm"].toDouble(), 2.0);  // the tip is at the target on frame 17
  EXPECT_EQ(c["annotations"].toArray().size(), 5);
  EXPECT_EQ(c["secondaryCapture"].toObject()["file"].toString(), "SC_frame017.dcm");
  const auto src = record["sources"].toArray()[0].toObject();
  EXPECT_TRUE(src["exposure"].toObject().contains("kvp"));
  const std::string html = fv::test::slurp(saved->recordHtmlPath);
  EXPECT_NE(html.find("Frame 17"), std::string::npos);
  EXPECT_NE(html.find("data:image/jpeg;base64,"), std::string::npos);
  EXPECT_NE(html.find("magnification-corrected"), std::string::npos);
}

TEST(Confirmation, ASecondSaveNeverOverwritesTheFirst) {
  const std::string dir = fv::test::tempDir("confirm-twice");
  auto first = saveConfirmation(request({frame17()}, dir));
  ASSERT_TRUE(first);
  const std::string before = fv::test::slurp(first->frames[0].secondaryCapture.path);
  auto second = saveConfirmation(request({frame17()}, dir));
  ASSERT_TRUE(second) << second.error().toString();
  EXPECT_EQ(fs::path(second->frames[0].secondaryCapture.path).filename(), "SC_frame017-2.dcm");
  EXPECT_EQ(fs::path(second->recordJsonPath).filename(), "procedure-2.json");
  EXPECT_EQ(fv::test::slurp(first->frames[0].secondaryCapture.path), before);
  EXPECT_EQ(fv::test::filesIn(dir), 16u);
}

TEST(Confirmation, SourceFileIsNeverModified) {
  const std::string dir = fv::test::tempDir("confirm-source");
  const std::string before = fv::test::slurp(fv::test::demoXa());
  const auto mtime = fs::last_write_time(fv::test::demoXa());
  ASSERT_TRUE(saveConfirmation(request({frame17()}, dir)));
  EXPECT_EQ(fv::test::slurp(fv::test::demoXa()), before);
  EXPECT_EQ(fs::last_write_time(fv::test::demoXa()), mtime);
}

TEST(Confirmation, MissingFolderIsAClearErrorAndWritesNothing) {
  auto saved = saveConfirmation(request({frame17()}, "/nonexistent/fluoroview-out"));
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().path, "/nonexistent/fluoroview-out");
  EXPECT_NE(saved.error().message.find("does not exist"), std::string::npos);
}

TEST(Confirmation, ReadOnlyFolderIsAClearErrorAndWritesNothing) {
  const std::string dir = fv::test::tempDir("confirm-readonly");
  const bool root = ::geteuid() == 0;
  if (root && fv::test::run("chattr +i " + fv::test::q(dir)) != 0)
    GTEST_SKIP() << "cannot make a folder read-only for root here (chattr +i failed)";
  if (!root) ::chmod(dir.c_str(), 0555);
  auto saved = saveConfirmation(request({frame17()}, dir));
  if (root)
    fv::test::run("chattr -i " + fv::test::q(dir));
  else
    ::chmod(dir.c_str(), 0755);
  ASSERT_FALSE(saved);
  EXPECT_NE(saved.error().message.find("read-only"), std::string::npos) << saved.error().toString();
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}

TEST(Confirmation, FullDiskIsAClearErrorAndLeavesNoFile) {
  // RLIMIT_FSIZE makes write() fail part-way exactly like a full disk (no mount privileges needed).
  const std::string dir = fv::test::tempDir("confirm-full");
  struct rlimit old {};
  ::getrlimit(RLIMIT_FSIZE, &old);
  struct rlimit small = {200 * 1024, old.rlim_max};  // the 768 KB SC cannot be written
  std::signal(SIGXFSZ, SIG_IGN);
  ::setrlimit(RLIMIT_FSIZE, &small);
  auto saved = saveConfirmation(request({frame17()}, dir));
  ::setrlimit(RLIMIT_FSIZE, &old);
  ASSERT_FALSE(saved);
  EXPECT_NE(saved.error().path.find("SC_frame017.dcm"), std::string::npos)
      << saved.error().toString();
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}

TEST(Confirmation, AFailureHalfwayRemovesWhatThisSaveWrote) {
  // The second frame's source vanishes between marking and saving: its decode fails after the
  // first frame's SC and GSPS are written; they are removed again.
  const std::string dir = fv::test::tempDir("confirm-rollback");
  const std::string copy = fv::test::tempDir("confirm-rollback-src") + "/xa.dcm";
  fs::copy_file(fv::test::demoXa(), copy);
  auto info = fv::dicom::readInstanceHeader(copy);
  ASSERT_TRUE(info);
  ConfirmedFrame a = frame17(), b = frame17();
  b.source = *info;
  b.frame = 3;
  fs::remove(copy);
  auto saved = saveConfirmation(request({a, b}, dir));
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().path, copy);
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}

TEST(Confirmation, RefusesBadRequestsBeforeWriting) {
  const std::string dir = fv::test::tempDir("confirm-bad");
  EXPECT_FALSE(saveConfirmation(request({}, dir)));
  ConfirmedFrame f = frame17();
  f.frame = 24;  // the cine has 24 frames: 0..23
  EXPECT_FALSE(saveConfirmation(request({f}, dir)));
  EXPECT_FALSE(saveConfirmation(request({frame17(), frame17()}, dir)));  // same frame twice
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}

TEST(LinkedOutputs, ReopeningTheFolderFindsKeyFramesAndAnnotations) {
  const std::string dir = fv::test::tempDir("confirm-reopen");
  fs::copy_file(fv::test::demoXa(), fs::path(dir) / "source.dcm");
  const ConfirmedFrame f = frame17();
  ASSERT_TRUE(saveConfirmation(request({f}, dir)));
  const auto index = fv::dicom::indexPaths({dir});
  ASSERT_TRUE(index.errors.empty());
  const auto linked = findLinkedOutputs(index, {f.source.sopInstanceUid});
  EXPECT_TRUE(linked.problems.empty());
  const FrameKey key{f.source.sopInstanceUid, 16};
  EXPECT_EQ(linked.keyFrames, std::set<FrameKey>{key});
  ASSERT_EQ(linked.annotations.count(key), 1u);
  EXPECT_EQ(linked.annotations.at(key).size(), f.annotations.size());
  EXPECT_TRUE(findLinkedOutputs(index, {"1.2.3.4"}).keyFrames.empty());
}

namespace {

// Frame 5 (0-based 4) of the generated colour cine with a tip, a target and a label.
ConfirmedFrame colourFrame(const std::string& encoding) {
  auto info = fv::dicom::readInstanceHeader(fv::test::colourCine(encoding));
  EXPECT_TRUE(info) << (info ? "" : info.error().toString());
  ConfirmedFrame f;
  f.source = info ? *info : InstanceInfo{};
  f.frame = 4;
  f.annotations = {make(AnnotationKind::NeedleTip, {{60.0, 50.0}}),
                   make(AnnotationKind::Target, {{70.5, 58.25}}),
                   make(AnnotationKind::Label, {{20, 100}}, "US guided")};
  return f;
}

}  // namespace

TEST(Confirmation, AColourFrameGivesAColourCaptureAColorStateAndTheKeyObjects) {
  FV_REQUIRE_TOOL("dciodvfy");
  FV_REQUIRE_TOOL("dcmcjpeg");
  for (const char* encoding : {"rgb", "ybr422-jpeg"}) {
    const std::string dir = fv::test::tempDir(std::string("confirm-colour-") + encoding);
    const ConfirmedFrame f = colourFrame(encoding);
    auto saved = saveConfirmation(request({f}, dir));
    ASSERT_TRUE(saved) << saved.error().toString();
    const auto written = saved->written();
    ASSERT_EQ(written.size(), 5u);
    EXPECT_EQ(written[0].sopClassUid, fv::dicom::kSecondaryCaptureUid);
    EXPECT_EQ(written[1].sopClassUid, fv::dicom::kColorPresentationStateUid);
    EXPECT_EQ(written[2].sopClassUid, fv::dicom::kComprehensiveSrUid);
    EXPECT_EQ(written[4].sopClassUid, fv::dicom::kKeyObjectSelectionUid);
    for (const auto& o : written) {
      std::string output;
      EXPECT_TRUE(fv::test::dciodvfyErrors(o.path, &output).empty()) << o.path << "\n" << output;
      if (o.sopClassUid != fv::dicom::kEncapsulatedPdfUid) {  // a document references no frame
        EXPECT_EQ(fv::test::dumpValue(o.path, "ReferencedFrameNumber"), "5") << o.path;
      }
    }
    // The capture holds the colour frame as displayed: far from the annotations it equals the
    // rendering of the source frame, colour included.
    auto decoder = fv::dicom::InstanceDecoder::open(f.source);
    ASSERT_TRUE(decoder);
    auto frame = (*decoder)->decode(4);
    ASSERT_TRUE(frame);
    auto shown = fv::dicom::renderFrame(f.source, *frame, 4);
    ASSERT_TRUE(shown);
    auto sc = fv::dicom::readInstanceHeader(written[0].path);
    ASSERT_TRUE(sc);
    auto scDecoder = fv::dicom::InstanceDecoder::open(*sc);
    ASSERT_TRUE(scDecoder);
    auto scFrame = (*scDecoder)->decode(0);
    ASSERT_TRUE(scFrame);
    const uint8_t* stored = scFrame->as<uint8_t>();
    bool colour = false;
    for (uint32_t y = 48; y < 64; ++y)  // right of the target, above the measurement text
      for (uint32_t x = 96; x < 112; ++x)
        for (int c = 0; c < 3; ++c) {
          const size_t i = (size_t(y) * sc->pixels.columns + x) * 3 + c;
          EXPECT_EQ(stored[i], shown->pixels[i]) << encoding << " at " << x << "," << y;
        }
    for (size_t i = 0; i + 2 < shown->pixels.size(); i += 3)
      colour = colour || shown->pixels[i] != shown->pixels[i + 2];
    EXPECT_TRUE(colour) << "the source frame should have coloured pixels";
  }
}

TEST(Confirmation, AColourFrameSavedTwiceGivesTwoLinkedGenerationsOfCleanReports) {
  const std::string dir = fv::test::tempDir("confirm-colour-twice");
  ConfirmationRequest rq = request({colourFrame("rgb")}, dir);
  rq.operatorName = "Berg^Lena";
  auto first = saveConfirmation(rq);
  ASSERT_TRUE(first) << first.error().toString();
  const std::string firstSr = fv::test::slurp(first->measurementReport.path);
  auto second = saveConfirmation(rq);
  ASSERT_TRUE(second) << second.error().toString();
  EXPECT_EQ(second->generation, 2);
  EXPECT_EQ(fv::test::slurp(first->measurementReport.path), firstSr);
  auto sr = fv::dicom::readMeasurementReport(second->measurementReport.path);
  ASSERT_TRUE(sr) << sr.error().toString();
  EXPECT_EQ(sr->predecessorSopInstanceUids,
            std::vector<std::string>{first->measurementReport.sopInstanceUid});
  for (const auto& o : {second->measurementReport, second->encapsulatedPdf}) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(o.path, &output).empty()) << o.path << "\n" << output;
  }
}

TEST(LinkedOutputs, ReopeningAColourConfirmationFindsItsFrameAndAnnotations) {
  FV_REQUIRE_TOOL("dcmcjpeg");
  const std::string dir = fv::test::tempDir("confirm-colour-reopen");
  const ConfirmedFrame generated = colourFrame("ybr422-jpeg");
  fs::copy_file(generated.source.path, fs::path(dir) / "source.dcm");
  auto copied = fv::dicom::readInstanceHeader((fs::path(dir) / "source.dcm").string());
  ASSERT_TRUE(copied);
  ConfirmedFrame f = generated;
  f.source = *copied;
  ASSERT_TRUE(saveConfirmation(request({f}, dir)));
  const auto index = fv::dicom::indexPaths({dir});
  ASSERT_TRUE(index.errors.empty());
  const auto linked = findLinkedOutputs(index, {f.source.sopInstanceUid});
  EXPECT_TRUE(linked.problems.empty());
  const FrameKey key{f.source.sopInstanceUid, 4};
  EXPECT_EQ(linked.keyFrames, std::set<FrameKey>{key});
  ASSERT_EQ(linked.presentationStates.size(), 1u);
  ASSERT_EQ(linked.annotations.count(key), 1u);
  const auto& back = linked.annotations.at(key);
  ASSERT_EQ(back.size(), f.annotations.size());
  for (const auto& sent : f.annotations) {
    auto it = std::find_if(back.begin(), back.end(),
                           [&](const Annotation& a) { return a.kind == sent.kind; });
    ASSERT_NE(it, back.end()) << toString(sent.kind);
    ASSERT_EQ(it->points.size(), sent.points.size());
    EXPECT_NEAR(it->points[0].x, sent.points[0].x, 1e-3);
    EXPECT_NEAR(it->points[0].y, sent.points[0].y, 1e-3);
    EXPECT_EQ(it->text, sent.text);
  }
}

TEST(Confirmation, ProcedureRecordNotesWhatTheOutputsCouldNotCopy) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string path = fv::test::modifiedCopy(fv::test::demoXa(), "record-notes",
                                                  "-m PatientSex=? -m StudyDate=2024.01.17");
  auto info = fv::dicom::readInstanceHeader(path);
  ASSERT_TRUE(info);
  ConfirmedFrame f = frame17();
  f.source = *info;
  const std::string dir = fv::test::tempDir("confirm-notes");
  auto saved = saveConfirmation(request({f}, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  const QJsonArray notes = readJson(saved->recordJsonPath)["outputNotes"].toArray();
  ASSERT_EQ(notes.size(), 2);
  std::set<std::string> attributes;
  for (const auto& n : notes) {
    const QJsonObject note = n.toObject();
    attributes.insert(note["attribute"].toString().toStdString());
    EXPECT_EQ(note["action"].toString(), "written empty");
    EXPECT_FALSE(note["reason"].toString().isEmpty());
    const QJsonArray files = note["files"].toArray();
    ASSERT_EQ(files.size(), 5);  // the SC, the presentation state, SR, PDF and the KOS
    EXPECT_EQ(files[0].toString(), "SC_frame017.dcm");
    EXPECT_EQ(files[4].toString(), "KO.dcm");
  }
  EXPECT_EQ(attributes, (std::set<std::string>{"PatientSex (0010,0040)", "StudyDate (0008,0020)"}));
  const std::string html = fv::test::slurp(saved->recordHtmlPath);
  EXPECT_NE(html.find("Notes on the DICOM objects"), std::string::npos);
  EXPECT_NE(html.find("PatientSex (0010,0040) written empty"), std::string::npos);
  // A clean source gives an empty list.
  auto clean = saveConfirmation(request({frame17()}, fv::test::tempDir("confirm-no-notes")));
  ASSERT_TRUE(clean);
  EXPECT_TRUE(readJson(clean->recordJsonPath)["outputNotes"].toArray().isEmpty());
}

TEST(Confirmation, ASourceWithAnInvalidType1UidIsRefusedAndNothingIsLeft) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string path = fv::test::modifiedCopy(fv::test::demoXa(), "refused",
                                                  "-m StudyInstanceUID=999.999.2.19960619");
  auto info = fv::dicom::readInstanceHeader(path);
  ASSERT_TRUE(info);
  ConfirmedFrame f = frame17();
  f.source = *info;
  const std::string dir = fv::test::tempDir("confirm-refused");
  auto saved = saveConfirmation(request({f}, dir));
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().path, path);
  EXPECT_NE(saved.error().message.find("StudyInstanceUID (0020,000d)"), std::string::npos)
      << saved.error().toString();
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}
