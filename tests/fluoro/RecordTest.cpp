// What a confirmation files in the patient record: the TID 1500 measurement report, the
// Encapsulated PDF, who confirmed and when, and amendments that never edit what was written.
#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <filesystem>
#include <algorithm>
#include <map>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/MeasurementReport.h"
#include "fv/fluoro/Confirmation.h"
#include "fv/fluoro/LinkedOutputs.h"
#include "fv/fluoro/Retraction.h"

namespace fs = std::filesystem;
using namespace fv::fluoro;

namespace {

Annotation make(AnnotationKind kind, std::vector<Point> points) {
  Annotation a;
  a.kind = kind;
  a.points = std::move(points);
  return a;
}

ConfirmationRequest needleOn(const std::string& sourcePath, uint32_t frame, const std::string& dir,
                             double tipShift = 0) {
  auto info = fv::dicom::readInstanceHeader(sourcePath);
  EXPECT_TRUE(info) << info.error().toString();
  ConfirmedFrame f;
  f.source = *info;
  f.frame = frame;
  const double r = info->pixels.rows, c = info->pixels.columns;
  f.annotations = {make(AnnotationKind::NeedleTip, {{c * 0.43 + tipShift, r * 0.42}}),
                   make(AnnotationKind::Target, {{c * 0.47, r * 0.45}}),
                   make(AnnotationKind::Trajectory, {{c * 0.2, r * 0.1}, {c * 0.43 + tipShift, r * 0.42}})};
  f.markedAt = "2026-12-07T10:15:00Z";
  ConfirmationRequest rq;
  rq.frames = {f};
  rq.folder = dir;
  rq.operatorName = "Nadeau^Claire";
  return rq;
}

QJsonObject readJson(const std::string& path) {
  QFile f(QString::fromStdString(path));
  EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path;
  return QJsonDocument::fromJson(f.readAll()).object();
}

std::string pdfText(const std::string& pdfPath) {
  std::string text;
  EXPECT_EQ(fv::test::run("pdftotext -q " + fv::test::q(pdfPath) + " -", &text), 0) << pdfPath;
  return text;
}

}  // namespace

TEST(MeasurementReport, IsDciodvfyCleanAndDcmtkReadsAndValidatesItsStructure) {
  FV_REQUIRE_TOOL("dsr2xml");
  FV_REQUIRE_TOOL("xmllint");
  const std::string dir = fv::test::tempDir("record-sr");
  auto saved = saveConfirmation(needleOn(fv::test::demoXa(), 16, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  const std::string sr = saved->measurementReport.path;
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(sr, &output).empty()) << output;
  EXPECT_EQ(output.find("Warning"), std::string::npos) << output;
  std::string dump;
  ASSERT_EQ(fv::test::run("dsrdump " + fv::test::q(sr), &dump), 0) << dump;
  EXPECT_NE(dump.find("Imaging Measurement Report"), std::string::npos) << dump;
  EXPECT_NE(dump.find("Person Observer Name\")=\"Nadeau^Claire\""), std::string::npos) << dump;
  EXPECT_NE(dump.find("(mm,UCUM,\"millimeter\")"), std::string::npos) << dump;
  EXPECT_NE(dump.find("(deg,UCUM,\"degree\")"), std::string::npos) << dump;
  EXPECT_NE(dump.find("SCOORD"), std::string::npos) << dump;
  const std::string xml = dir + "/sr.xml";
  ASSERT_EQ(fv::test::run("dsr2xml +Xn +Xs " + fv::test::q(sr) + " > " + fv::test::q(xml)), 0);
  std::string check;
  EXPECT_EQ(fv::test::run("xmllint --noout --schema /usr/share/dcmtk/dsr2xml.xsd " +
                              fv::test::q(xml) + " 2>&1",
                          &check),
            0)
      << check;
  EXPECT_EQ(fv::test::dumpValue(sr, "TemplateIdentifier"), "1500");
}

TEST(MeasurementReport, ValuesEqualTheRecordToThePrintedPrecisionAndReferenceTheExactFrame) {
  const std::string dir = fv::test::tempDir("record-values");
  auto saved = saveConfirmation(needleOn(fv::test::demoXa(), 16, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  auto sr = fv::dicom::readMeasurementReport(saved->measurementReport.path);
  ASSERT_TRUE(sr) << sr.error().toString();
  const QJsonObject m =
      readJson(saved->recordJsonPath)["confirmations"].toArray()[0].toObject()["measurements"].toObject();
  std::map<std::string, fv::dicom::ReportedMeasurement> byName;
  for (const auto& x : sr->measurements) byName[x.name] = x;
  ASSERT_TRUE(byName.count("Distance") && byName.count("Angle"));
  EXPECT_NEAR(byName["Distance"].value, m["tipToTargetMm"].toDouble(), 0.005);
  EXPECT_EQ(byName["Distance"].unit, "mm");
  EXPECT_NEAR(byName["Angle"].value, m["trajectoryAngleDeg"].toDouble(), 0.005);
  EXPECT_EQ(byName["Angle"].unit, "deg");
  auto source = fv::dicom::readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(source);
  for (const auto& x : sr->measurements) {
    EXPECT_EQ(x.image.sopInstanceUid, source->sopInstanceUid) << x.name;
    EXPECT_EQ(x.image.frame, 17u) << x.name;
  }
  EXPECT_EQ(sr->observer, "Nadeau^Claire");
  ASSERT_EQ(sr->calibrationMethods.size(), 1u);
  EXPECT_NE(sr->calibrationMethods[0].find("magnification-corrected"), std::string::npos);
  // The report is filed with the source: same patient and study.
  auto header = fv::dicom::readInstanceHeader(saved->measurementReport.path);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->patient.id, source->patient.id);
  EXPECT_EQ(header->study.instanceUid, source->study.instanceUid);
}

TEST(EncapsulatedPdf, IsDciodvfyCleanAndItsTextNamesPatientFrameDistanceAndOperator) {
  FV_REQUIRE_TOOL("pdftotext");
  const std::string dir = fv::test::tempDir("record-pdf");
  auto saved = saveConfirmation(needleOn(fv::test::demoXa(), 16, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(saved->encapsulatedPdf.path, &output).empty()) << output;
  EXPECT_EQ(output.find("Warning"), std::string::npos) << output;
  auto inside = fv::dicom::readEncapsulatedPdf(saved->encapsulatedPdf.path);
  ASSERT_TRUE(inside) << inside.error().toString();
  EXPECT_EQ(*inside, fv::test::slurp(saved->pdfPath)) << "the DICOM carries procedure.pdf as is";
  const std::string extracted = dir + "/extracted.pdf";
  {
    QFile f(QString::fromStdString(extracted));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(inside->data(), qint64(inside->size()));
  }
  const std::string text = pdfText(extracted);
  auto source = fv::dicom::readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(source);
  EXPECT_NE(text.find(source->patient.id), std::string::npos) << text;
  EXPECT_NE(text.find("Frame 17 of"), std::string::npos) << text;
  char distance[32];
  ASSERT_TRUE(saved->frames[0].measurements.tipToTarget);
  std::snprintf(distance, sizeof distance, "%.1f mm",
                saved->frames[0].measurements.tipToTarget->value);
  EXPECT_NE(text.find(distance), std::string::npos) << distance << "\n" << text;
  EXPECT_NE(text.find("Nadeau, Claire"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-12-07T10:15:00Z"), std::string::npos) << "when it was marked";
}

TEST(Operator, IsNamedInGspsSrKosScAndTheRecords) {
  const std::string dir = fv::test::tempDir("record-operator");
  auto saved = saveConfirmation(needleOn(fv::test::demoXa(), 16, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  const auto& f = saved->frames[0];
  EXPECT_EQ(fv::test::dumpValue(f.presentationState.path, "ContentCreatorName"), "Nadeau^Claire");
  EXPECT_EQ(fv::test::dumpValue(f.presentationState.path, "OperatorsName"), "Nadeau^Claire");
  EXPECT_EQ(fv::test::dumpValue(f.secondaryCapture.path, "OperatorsName"), "Nadeau^Claire");
  EXPECT_EQ(fv::test::dumpValue(saved->keyObjectSelection.path, "PersonName"),
            "Nadeau^Claire");
  EXPECT_EQ(fv::test::dumpValue(saved->measurementReport.path, "PersonName"),
            "Nadeau^Claire");
  const QJsonObject record = readJson(saved->recordJsonPath);
  EXPECT_EQ(record["operator"].toString(), "Nadeau^Claire");
  EXPECT_FALSE(record["savedAt"].toString().isEmpty());
  EXPECT_EQ(record["confirmations"].toArray()[0].toObject()["markedAt"].toString(),
            "2026-12-07T10:15:00Z");
  EXPECT_NE(fv::test::slurp(saved->recordHtmlPath).find("Nadeau, Claire"), std::string::npos);
  // Every DICOM output stays dciodvfy-clean with the operator in it (no "FLUOROVIEW" creator).
  for (const auto& o : saved->written()) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(o.path, &output).empty()) << o.path << "\n" << output;
    EXPECT_EQ(output.find("Warning"), std::string::npos) << o.path << "\n" << output;
  }
}

TEST(Amendment, SavingTheSameFrameAgainLinksGenerationsAndLeavesTheFirstUntouched) {
  const std::string dir = fv::test::tempDir("record-amend");
  auto first = saveConfirmation(needleOn(fv::test::demoXa(), 16, dir));
  ASSERT_TRUE(first) << first.error().toString();
  std::map<std::string, std::string> before;
  for (const auto& e : fs::directory_iterator(dir))
    before[e.path().string()] = fv::test::slurp(e.path().string());
  auto second = saveConfirmation(needleOn(fv::test::demoXa(), 16, dir, 2.0));
  ASSERT_TRUE(second) << second.error().toString();
  auto third = saveConfirmation(needleOn(fv::test::demoXa(), 16, dir, 4.0));
  ASSERT_TRUE(third) << third.error().toString();
  for (const auto& [path, bytes] : before)
    EXPECT_EQ(fv::test::slurp(path), bytes) << path << " changed";
  EXPECT_EQ(first->generation, 1);
  EXPECT_EQ(second->generation, 2);
  EXPECT_EQ(third->generation, 3);
  EXPECT_EQ(fs::path(second->measurementReport.path).filename(), "SR-2.dcm");
  auto sr2 = fv::dicom::readMeasurementReport(second->measurementReport.path);
  auto sr3 = fv::dicom::readMeasurementReport(third->measurementReport.path);
  ASSERT_TRUE(sr2 && sr3);
  EXPECT_EQ(sr2->predecessorSopInstanceUids,
            std::vector<std::string>{first->measurementReport.sopInstanceUid});
  EXPECT_EQ(sr3->predecessorSopInstanceUids,
            std::vector<std::string>{second->measurementReport.sopInstanceUid});
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(third->measurementReport.path, &output).empty()) << output;
  EXPECT_EQ(readJson(third->recordJsonPath)["amends"].toArray()[0].toObject()["file"].toString(),
            "SR-2.dcm");
  // Another frame of the same run is a new confirmation, not an amendment.
  auto other = saveConfirmation(needleOn(fv::test::demoXa(), 10, dir));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->generation, 1);
  EXPECT_TRUE(other->predecessors.empty());
}

// A real GE radiofluoroscopy (not our generator's): the report and PDF are as clean. (Colour
// sources: ConfirmationTest's colour cases check every output, SR and PDF included.)
TEST(MeasurementReport, ARealRadiofluoroscopyGivesACleanReportAndPdf) {
  FV_REQUIRE_SHARED_SAMPLES();
  const std::string rf = fv::test::sharedSamples() + "/rf/RF_dbdicom_0015_GE_shutters.dcm";
  const std::string dir = fv::test::tempDir("record-real");
  auto saved = saveConfirmation(needleOn(rf, 0, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  for (const auto& o : {saved->measurementReport, saved->encapsulatedPdf}) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(o.path, &output).empty()) << o.path << "\n" << output;
  }
  auto sr = fv::dicom::readMeasurementReport(saved->measurementReport.path);
  ASSERT_TRUE(sr) << sr.error().toString();
  EXPECT_EQ(sr->measurements.size(), 2u);
}

TEST(Retraction, FilesARejectionNoteThatUnlinksTheSaveAndChangesNothing) {
  const std::string dir = fv::test::tempDir("record-retract");
  auto saved = saveConfirmation(needleOn(fv::test::demoXa(), 16, dir));
  ASSERT_TRUE(saved) << saved.error().toString();
  auto source = fv::dicom::readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(source);
  const FrameKey key{source->sopInstanceUid, 16};
  {
    const auto index = fv::dicom::indexPaths({fv::test::demoXa(), dir});
    const auto linked = findLinkedOutputs(index, {source->sopInstanceUid});
    ASSERT_TRUE(linked.keyFrames.count(key));
    ASSERT_TRUE(linked.reports.count(key));
    EXPECT_EQ(fs::path(linked.reports.at(key).pdf).filename(), "procedure.pdf");
    EXPECT_EQ(linked.reports.at(key).lines.size(), 2u);
  }
  std::map<std::string, std::string> before;
  for (const auto& e : fs::directory_iterator(dir))
    before[e.path().string()] = fv::test::slurp(e.path().string());
  RetractionRequest rq;
  rq.keyObjectPath = saved->keyObjectSelection.path;
  rq.reason = "tip marked on the wrong frame";
  rq.operatorName = "Nadeau^Claire";
  rq.folder = dir;
  auto note = retractConfirmation(fv::dicom::indexPaths({dir}), rq);
  ASSERT_TRUE(note) << note.error().toString();
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(note->path, &output).empty()) << output;
  for (const auto& [path, bytes] : before) EXPECT_EQ(fv::test::slurp(path), bytes) << path;
  auto evidence = fv::dicom::readKeyObjectEvidence(note->path);
  ASSERT_TRUE(evidence);
  for (const auto& o : saved->written())
    EXPECT_NE(std::find(evidence->begin(), evidence->end(), o.sopInstanceUid), evidence->end())
        << o.path << " is rejected";
  EXPECT_EQ(std::find(evidence->begin(), evidence->end(), source->sopInstanceUid), evidence->end())
      << "the source image is never rejected";
  auto header = fv::dicom::readInstanceHeader(note->path);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->documentTitle, "113001");
  const auto index = fv::dicom::indexPaths({fv::test::demoXa(), dir});
  const auto linked = findLinkedOutputs(index, {source->sopInstanceUid});
  EXPECT_TRUE(linked.keyFrames.empty());
  EXPECT_TRUE(linked.annotations.empty());
  EXPECT_TRUE(linked.reports.empty());
  rq.reason.clear();
  EXPECT_FALSE(retractConfirmation(fv::dicom::indexPaths({dir}), rq)) << "a reason is required";
}
