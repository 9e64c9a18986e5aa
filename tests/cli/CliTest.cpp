// fluoroview-cli as users and scripts see it: the documented contract in docs/cli.md.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>

#include "DerivedTestSupport.h"
#include "TestData.h"

namespace fs = std::filesystem;
using fv::test::q;

namespace {

int cli(const std::string& args, std::string* out = nullptr) {
  return fv::test::run(q(FV_CLI) + " " + args, out);
}

QJsonObject json(const std::string& args, int expectedExit = 0) {
  std::string out;
  const int rc = fv::test::run(q(FV_CLI) + " " + args + " 2>/dev/null", &out);
  EXPECT_EQ(rc, expectedExit) << out;
  QJsonParseError err{};
  const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(out), &err);
  EXPECT_EQ(err.error, QJsonParseError::NoError) << out;
  return doc.object();
}

QJsonObject seriesWithModality(const QJsonObject& index, const QString& modality) {
  for (const auto v : index["series"].toArray())
    if (v.toObject()["modality"].toString() == modality) return v.toObject();
  ADD_FAILURE() << "no " << modality.toStdString() << " series";
  return {};
}

}  // namespace

TEST(CliInfo, JsonListsEverySeriesWithTheContractFields) {
  const QJsonObject index = json("info --json " + q(fv::test::testdata("demo")));
  EXPECT_EQ(index["series"].toArray().size(), 2);
  EXPECT_EQ(index["errors"].toArray().size(), 0);
  EXPECT_EQ(index["skipped"].toInt(), 1);
  const QJsonObject xa = seriesWithModality(index, "XA");
  for (const char* key : {"patientId", "patientName", "studyInstanceUid", "seriesInstanceUid", "modality", "sopClassUid",
                          "transferSyntaxUid", "rows", "columns", "instances", "frames", "stacks", "frameTimeMs",
                          "calibration", "positioner"})
    EXPECT_TRUE(xa.contains(key)) << key;
  EXPECT_EQ(xa["patientId"].toString(), "PID0047113");
  EXPECT_EQ(xa["frames"].toInt(), 24);
  EXPECT_EQ(xa["instances"].toInt(), 1);
  EXPECT_NEAR(xa["frameTimeMs"].toDouble(), 66.67, 1e-9);
  EXPECT_EQ(xa["positioner"].toString(), "AP");
  const QJsonObject cal = xa["calibration"].toObject();
  EXPECT_EQ(cal["source"].toString(), "magnification-corrected");
  EXPECT_NEAR(cal["rowMm"].toDouble(), 0.585938 / 1.466667, 1e-6);
  const QJsonArray stacks = xa["stacks"].toArray();
  ASSERT_EQ(stacks.size(), 1);
  EXPECT_EQ(stacks[0].toObject()["frames"].toInt(), 24);
  EXPECT_EQ(stacks[0].toObject()["kind"].toString(), "cine");

  const QJsonObject mr = seriesWithModality(index, "MR");
  EXPECT_EQ(mr["studyInstanceUid"], xa["studyInstanceUid"]);  // same patient, same study
  EXPECT_EQ(mr["frames"].toInt(), 32);
  EXPECT_TRUE(mr["frameTimeMs"].isNull());
  EXPECT_TRUE(mr["positioner"].isNull());
  EXPECT_EQ(mr["calibration"].toObject()["source"].toString(), "pixel-spacing");
  EXPECT_EQ(mr["stacks"].toArray()[0].toObject()["orientation"].toString(), "coronal");
}

TEST(CliInfo, UnreadableInputIsListedAndExitsTwo) {
  const std::string dir = fv::test::tempDir("cli-bad");
  fs::copy_file(fv::test::testdata("public/pydicom/MR_small.dcm"), dir + "/good.dcm");
  std::ofstream(dir + "/bad.dcm", std::ios::binary) << std::string(128, '\0') << "DICM" << std::string(30, '\xff');
  std::ofstream(dir + "/readme.txt") << "hello\n";
  const QJsonObject index = json("info --json " + q(dir), 2);
  EXPECT_EQ(index["series"].toArray().size(), 1);  // everything readable is still reported
  ASSERT_EQ(index["errors"].toArray().size(), 1);
  const QJsonObject e = index["errors"].toArray()[0].toObject();
  EXPECT_EQ(e["path"].toString().toStdString(), dir + "/bad.dcm");
  EXPECT_FALSE(e["message"].toString().isEmpty());
  EXPECT_EQ(index["skipped"].toInt(), 1);
}

TEST(CliInfo, UsageErrorsExitOne) {
  EXPECT_EQ(cli(""), 1);
  EXPECT_EQ(cli("info"), 1);
  EXPECT_EQ(cli("frobnicate x"), 1);
  EXPECT_EQ(cli("render " + q(fv::test::demoXa())), 1);  // no --out
  EXPECT_EQ(cli("render " + q(fv::test::demoXa()) + " --out /tmp/x.png --window 40"), 1);
  EXPECT_EQ(cli("decode --frame 0 " + q(fv::test::demoXa())), 1);
}

TEST(CliRender, AgreesWithDcmj2pnmWithinOneGreyLevel) {
  FV_REQUIRE_TOOL("dcmj2pnm");
  const std::string dir = fv::test::tempDir("cli-render");
  ASSERT_EQ(cli("render " + q(fv::test::demoXa()) + " --frame 20 --out " + q(dir + "/ours.png")), 0);
  ASSERT_EQ(fv::test::run("dcmj2pnm +F 20 +Wi 1 " + q(fv::test::demoXa()) + " " + q(dir + "/ref.pgm")), 0);
  std::string out;
  ASSERT_EQ(fv::test::run("/usr/bin/python3 " + q(fv::test::testdata("../scripts/imgdiff.py")) + " " +
                          q(dir + "/ours.png") + " " + q(dir + "/ref.pgm"), &out), 0) << out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("max (\\d+)"))) << out;
  EXPECT_LE(std::stoi(m[1]), 1) << out;
}

TEST(CliRender, Htj2kAndJpeg2000FramesRenderAsTheUncompressedSource) {
  // DCMTK 3.6.7 knows no HTJ2K UID: such a file must still index, decode and show.
  const std::string dir = fv::test::tempDir("cli-render-j2k");
  ASSERT_EQ(cli("render " + q(fv::test::demoXa()) + " --frame 20 --out " + q(dir + "/rle.png")), 0);
  for (const auto& [name, args] : {std::pair{"xa-j2k", ""}, std::pair{"xa-htj2k", "--codec htj2k"}}) {
    const std::string encoded = fv::test::reencodedJ2k(fv::test::demoXa(), name, args);
    ASSERT_EQ(cli("render " + q(encoded) + " --frame 20 --out " + q(dir + "/" + name + ".png")), 0) << name;
    std::string out;
    ASSERT_EQ(fv::test::run("/usr/bin/python3 " + q(fv::test::testdata("../scripts/imgdiff.py")) + " " +
                            q(dir + "/rle.png") + " " + q(dir + "/" + name + ".png"), &out), 0) << out;
    EXPECT_NE(out.find("max 0"), std::string::npos) << name << ": " << out;
  }
}

TEST(CliRender, ExplicitWindowAndSliceNumberingFollowStackOrder) {
  FV_REQUIRE_TOOL("dcmj2pnm");
  const std::string dir = fv::test::tempDir("cli-render-mr");
  ASSERT_EQ(cli("render " + q(fv::test::demoMr()) + " --frame 5 --window 600/1200 --out " + q(dir + "/ours.png")), 0);
  // Slice 5 in stack order: find the file at that position via info's order (sorted by position).
  const QJsonObject index = json("info --json " + q(fv::test::demoMr()));
  (void)index;
  // The stack is ordered along the normal; make-dicom-series numbers files from anterior to
  // posterior too, so stack slice 5 is the fifth file by name — but we check by content.
  bool matched = false;
  for (const auto& e : fs::directory_iterator(fv::test::demoMr())) {
    const std::string ref = dir + "/" + e.path().stem().string() + ".pgm";
    ASSERT_EQ(fv::test::run("dcmj2pnm +Ww 600 1200 " + q(e.path().string()) + " " + q(ref)), 0);
    std::string out;
    fv::test::run("/usr/bin/python3 " + q(fv::test::testdata("../scripts/imgdiff.py")) + " " + q(dir + "/ours.png") +
                  " " + q(ref), &out);
    if (out.find("max 0") != std::string::npos || out.find("max 1 ") != std::string::npos) matched = true;
  }
  EXPECT_TRUE(matched);
}

TEST(CliRender, MissingOutputFolderIsAnInputErrorAndWritesNothing) {
  EXPECT_EQ(cli("render " + q(fv::test::demoXa()) + " --out /nonexistent/folder/x.png"), 2);
}

TEST(CliDecode, ChecksumsAgreeAcrossLosslessEncodings) {
  std::string reference;
  for (const char* enc : {"explicit", "rle", "jpeg-ls", "jpeg-lossless", "deflated", "bigendian", "implicit"}) {
    const QJsonObject r = json("decode --json " + q(fv::test::demoXaAs(enc)));
    const QJsonArray series = r["series"].toArray();
    ASSERT_EQ(series.size(), 1) << enc;
    const QJsonObject s = series[0].toObject();
    EXPECT_EQ(s["frames"].toInt(), 24) << enc;
    EXPECT_EQ(s["bytes"].toInteger(), 24ll * 512 * 512 * 2) << enc;
    const std::string checksum = std::to_string(s["checksum"].toInteger());
    if (reference.empty()) reference = checksum;
    EXPECT_EQ(checksum, reference) << enc;
  }
}

TEST(CliDecode, SingleFrameAndVolumeModes) {
  const QJsonObject one = json("decode --json --frame 3 " + q(fv::test::demoXa()));
  EXPECT_EQ(one["series"].toArray()[0].toObject()["frames"].toInt(), 1);
  const QJsonObject vol = json("decode --json --volume " + q(fv::test::demoMr()));
  const QJsonObject stacks = json("decode --json " + q(fv::test::demoMr()));
  EXPECT_EQ(vol["series"].toArray()[0].toObject()["checksum"], stacks["series"].toArray()[0].toObject()["checksum"]);
  EXPECT_EQ(vol["series"].toArray()[0].toObject()["frames"].toInt(), 32);
}

TEST(CliDecode, Jpeg2000DecodesToTheSameChecksumAsTheUncompressedFile) {
  const std::string dir = fv::test::testdata("public/pydicom/");
  const QJsonObject j2k = json("decode --json " + q(dir + "MR_small_jp2klossless.dcm"));
  const QJsonObject plain = json("decode --json " + q(dir + "MR_small.dcm"));
  EXPECT_TRUE(j2k["errors"].toArray().isEmpty());
  EXPECT_EQ(j2k["series"].toArray()[0].toObject()["checksum"], plain["series"].toArray()[0].toObject()["checksum"]);
  EXPECT_EQ(j2k["series"].toArray()[0].toObject()["transferSyntaxUid"].toString(), "1.2.840.10008.1.2.4.90");
}

TEST(CliDecode, DamagedJpeg2000IsReportedAndExitsTwo) {
  const std::string dir = fv::test::tempDir("cli-damaged-j2k");
  const std::string copy = dir + "/mr.dcm";
  std::filesystem::copy_file(fv::test::testdata("public/pydicom/MR_small_jp2klossless.dcm"), copy);
  std::filesystem::resize_file(copy, std::filesystem::file_size(copy) - 200);  // cut inside the codestream
  const QJsonObject r = json("decode --json " + q(copy), 2);
  QStringList messages;
  for (const auto& e : r["errors"].toArray()) messages << e.toObject()["message"].toString();
  EXPECT_TRUE(messages.filter("frame 1: ").size() == 1) << messages.join("\n").toStdString();
}

namespace {

QJsonObject readJsonFile(const std::string& path) {
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

std::string rc(const QJsonArray& a) { return std::to_string(a[0].toDouble()) + "," + std::to_string(a[1].toDouble()); }

}  // namespace

TEST(CliConfirm, WritesEveryOutputAndPrintsTheContract) {
  const std::string out = fv::test::tempDir("cli-confirm");
  const QJsonObject r = json("confirm " + q(fv::test::demoXa()) +
                             " --frame 17 --tip 218,219 --target 219.48,219.71 --entry 52,115 --label 'R hip' "
                             "--operator 'Berg^Lena' --out " +
                             q(out) + " --json");
  const QJsonArray written = r["written"].toArray();
  ASSERT_EQ(written.size(), 5);
  EXPECT_EQ(r["generation"].toInt(), 1);
  EXPECT_TRUE(fs::exists(r["record"].toObject()["pdf"].toString().toStdString()));
  EXPECT_EQ(fv::test::dumpValue(written[1].toObject()["path"].toString().toStdString(), "ContentCreatorName"),
            "Berg^Lena");
  const QStringList classes = {"1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.11.1",
                               "1.2.840.10008.5.1.4.1.1.88.33", "1.2.840.10008.5.1.4.1.1.104.1",
                               "1.2.840.10008.5.1.4.1.1.88.59"};
  for (int i = 0; i < 5; ++i) {
    const QJsonObject o = written[i].toObject();
    EXPECT_EQ(o["sopClassUid"].toString(), classes[i]);
    EXPECT_TRUE(o["sopInstanceUid"].toString().startsWith("2.25."));
    EXPECT_TRUE(fs::exists(o["path"].toString().toStdString()));
  }
  EXPECT_TRUE(fs::exists(r["record"].toObject()["json"].toString().toStdString()));
  EXPECT_TRUE(fs::exists(r["record"].toObject()["html"].toString().toStdString()));
  const QJsonObject m = r["measurements"].toObject();
  EXPECT_EQ(m["calibrationSource"].toString(), "magnification-corrected");
  EXPECT_NEAR(m["tipToTargetMm"].toDouble(), std::hypot(1.48, 0.71) * 0.585938 / 1.466667, 1e-6);
  EXPECT_NEAR(m["trajectoryAngleDeg"].toDouble(), std::atan2(104.0, 166.0) * 180 / M_PI, 1e-6);
  // Saved into the same folder again: new names, the first save untouched.
  const QJsonObject again = json("confirm " + q(fv::test::demoXa()) + " --frame 17 --tip 218,219 --out " + q(out) +
                                 " --json");
  EXPECT_TRUE(again["written"].toArray()[0].toObject()["path"].toString().endsWith("SC_frame017-2.dcm"));
  EXPECT_TRUE(again["measurements"].toObject()["tipToTargetMm"].isNull());
  EXPECT_EQ(again["generation"].toInt(), 2) << "the same frame again: an amendment";
  ASSERT_EQ(again["amends"].toArray().size(), 1);
  EXPECT_TRUE(again["amends"].toArray()[0].toString().endsWith("/SR.dcm"));
  // Retracting the first save files a rejection note beside it.
  const QJsonObject note = json("retract " + q(out + "/KO.dcm") + " --reason 'wrong frame' --json");
  EXPECT_TRUE(note["written"].toObject()["path"].toString().endsWith("KO_rejected.dcm"));
  std::string err;
  EXPECT_EQ(fv::test::run(q(FV_CLI) + " retract " + q(out + "/KO.dcm"), &err), 1) << err;
}

// make-dicom-series ground truth: the distance from the needle tip of a frame to the target, in
// mm at the patient (Imager Pixel Spacing / magnification, the calibration the header gives).
TEST(CliConfirm, TipToTargetMatchesGeneratorTruthWithinOnePercent) {
  const std::string truthPath = std::string(FV_BINARY_DIR) + "/test-data/rf_confirm.truth.json";
  const std::string rf = fv::test::generated("rf_confirm.dcm", "rf --rows 384 --cols 384 --frames 12 --truth-json " +
                                                                   q(truthPath));
  ASSERT_FALSE(rf.empty());
  const QJsonObject truth = readJsonFile(truthPath);
  const double mmPerPixel =
      truth["imager_pixel_spacing_mm"].toArray()[0].toDouble() / truth["magnification"].toDouble();
  const QJsonArray target = truth["needle_target_rc"].toArray();
  for (int frame : {2, 5}) {
    const QJsonObject tip = truth["tips"].toArray()[frame - 1].toObject();
    const double row = tip["tip_row"].toDouble(), col = tip["tip_col"].toDouble();
    const std::string out = fv::test::tempDir("cli-confirm-truth-" + std::to_string(frame));
    const QJsonObject r = json("confirm " + q(rf) + " --frame " + std::to_string(frame) + " --tip " +
                               std::to_string(row) + "," + std::to_string(col) + " --target " + rc(target) +
                               " --entry " + rc(truth["needle_entry_rc"].toArray()) + " --out " + q(out) + " --json");
    const QJsonObject m = r["measurements"].toObject();
    const double expected =
        std::hypot(row - target[0].toDouble(), col - target[1].toDouble()) * mmPerPixel;
    EXPECT_EQ(m["calibrationSource"].toString(), "magnification-corrected");
    EXPECT_GT(expected, 5.0);
    EXPECT_NEAR(m["tipToTargetMm"].toDouble(), expected, expected * 0.01) << "frame " << frame;
  }
}

TEST(CliConfirm, BadCoordinatesAreUsageErrors) {
  const std::string out = fv::test::tempDir("cli-confirm-bad");
  std::string text;
  EXPECT_EQ(cli("confirm " + q(fv::test::demoXa()) + " --frame 17 --tip 600,10 --out " + q(out) + " 2>&1", &text), 1);
  EXPECT_NE(text.find("outside"), std::string::npos) << text;
  EXPECT_EQ(cli("confirm " + q(fv::test::demoXa()) + " --frame 17 --out " + q(out) + " 2>/dev/null"), 1);
  EXPECT_EQ(cli("confirm " + q(fv::test::demoXa()) + " --frame 0 --tip 1,1 --out " + q(out) + " 2>/dev/null"), 1);
  EXPECT_EQ(cli("confirm " + q(fv::test::demoXa()) + " --frame 99 --tip 1,1 --out " + q(out) + " 2>/dev/null"), 1);
  EXPECT_TRUE(fs::is_empty(out));
}

TEST(CliConfirm, MissingOutputFolderIsExitTwoWithTheReason) {
  std::string text;
  EXPECT_EQ(cli("confirm " + q(fv::test::demoXa()) + " --frame 17 --tip 218,219 --out /nonexistent/out 2>&1", &text),
            2);
  EXPECT_NE(text.find("/nonexistent/out"), std::string::npos) << text;
  EXPECT_NE(text.find("does not exist"), std::string::npos) << text;
}
