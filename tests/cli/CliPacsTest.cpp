// `fluoroview-cli pacs`: the contract of docs/cli.md against a real Orthanc on loopback.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>

#include "NetPeers.h"
#include "OrthancServer.h"
#include "TestData.h"

namespace fs = std::filesystem;
using fv::test::OrthancOptions;
using fv::test::OrthancServer;
using fv::test::q;

namespace {
QJsonObject runJson(const std::string& args, int expectedExit) {
  std::string out;  // run() merges stderr into the output: keep only stdout
  const int rc = fv::test::run("(" + q(FV_CLI) + " " + args + " 2>/dev/null)", &out);
  EXPECT_EQ(rc, expectedExit) << args << "\n" << out;
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(out), &pe);
  EXPECT_EQ(pe.error, QJsonParseError::NoError) << out;
  return doc.object();
}

class CliPacs : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!OrthancServer::available()) GTEST_SKIP() << "Orthanc is not installed";
    mr = fv::test::generated("pacs_mr", "mr --slices 12");
    OrthancOptions o;
    o.dicomWeb = false;
    scpPort = OrthancServer::freePort();
    o.modalities = {{"FLUOROVIEW", scpPort}};
    const std::string why = server.start(o);
    ASSERT_TRUE(why.empty()) << why;
    node = server.dicomNode();
  }
  OrthancServer server;
  std::string mr, node;
  uint16_t scpPort = 0;
};
}  // namespace

TEST_F(CliPacs, EchoSucceedsAndAClosedPortExitsTwoNamingTheNode) {
  std::string out;
  EXPECT_EQ(fv::test::run(q(FV_CLI) + " pacs echo " + node, &out), 0);
  EXPECT_NE(out.find("C-ECHO ok"), std::string::npos) << out;
  const fv::test::ClosedPort closedPort;
  const std::string closed = "dicom://NOBODY@127.0.0.1:" + std::to_string(closedPort.port());
  EXPECT_EQ(fv::test::run(q(FV_CLI) + " pacs echo " + closed + " --timeout 3 2>&1", &out), 2);
  EXPECT_NE(out.find("NOBODY@127.0.0.1"), std::string::npos) << out;
}

TEST_F(CliPacs, StoreFindAndGetKeepTheirJsonContract) {
  QJsonObject stored = runJson("pacs store " + node + " " + q(mr) + " --json", 0);
  EXPECT_EQ(stored["files"].toInt(), 12);
  EXPECT_GT(stored["bytes"].toDouble(), 0);
  EXPECT_TRUE(stored["seconds"].isDouble());
  EXPECT_TRUE(stored["failed"].toArray().isEmpty());

  QJsonObject found = runJson("pacs find " + node + " --patient-name 'Doe*' --modality MR --json", 0);
  ASSERT_EQ(found["results"].toArray().size(), 1);
  EXPECT_TRUE(found["errors"].toArray().isEmpty());
  const QJsonObject study = found["results"].toArray()[0].toObject();
  for (const char* key : {"level", "studyInstanceUid", "seriesInstanceUid", "sopInstanceUid",
                          "patientId", "patientName", "studyDate", "modality", "studyDescription",
                          "seriesDescription", "numberOfInstances"})
    EXPECT_TRUE(study.contains(key)) << key;
  EXPECT_EQ(study["level"].toString(), "study");
  EXPECT_TRUE(study["seriesInstanceUid"].isNull());
  EXPECT_EQ(study["numberOfInstances"].toInt(), 12);
  const std::string uid = study["studyInstanceUid"].toString().toStdString();

  QJsonObject series = runJson("pacs find " + node + " --level series --study-uid " + uid + " --json", 0);
  ASSERT_EQ(series["results"].toArray().size(), 1);
  EXPECT_EQ(series["results"].toArray()[0].toObject()["modality"].toString(), "MR");

  const std::string out = fv::test::tempDir("cli-pacs-get");
  QJsonObject got = runJson("pacs get " + node + " --study-uid " + uid + " --out " + q(out) + " --json", 0);
  EXPECT_EQ(got["files"].toInt(), 12);
  EXPECT_TRUE(got["failed"].toArray().isEmpty());
  const std::string moved = fv::test::tempDir("cli-pacs-move");
  QJsonObject mv = runJson("pacs get " + node + " --study-uid " + uid + " --out " + q(moved) +
                               " --move --listen-port " + std::to_string(scpPort) + " --json", 0);
  EXPECT_EQ(mv["files"].toInt(), 12);
}

TEST_F(CliPacs, FailuresAreJsonWithExitTwo) {
  const std::string junk = fv::test::tempDir("cli-pacs-junk") + "/junk.txt";
  fv::test::run("echo hello > " + q(junk));
  QJsonObject stored = runJson("pacs store " + node + " " + q(junk) + " --json", 2);
  ASSERT_EQ(stored["failed"].toArray().size(), 1);
  EXPECT_EQ(stored["failed"].toArray()[0].toObject()["path"].toString().toStdString(), junk);
  const fv::test::ClosedPort closedPort;
  const std::string closed = "dicom://NOBODY@127.0.0.1:" + std::to_string(closedPort.port());
  QJsonObject found = runJson("pacs find " + closed + " --json", 2);
  EXPECT_TRUE(found["results"].toArray().isEmpty());
  ASSERT_EQ(found["errors"].toArray().size(), 1);
  EXPECT_NE(found["errors"].toArray()[0].toString().indexOf("NOBODY@127.0.0.1"), -1);
  QJsonObject got = runJson("pacs get " + closed + " --study-uid 1.2.3 --out " +
                                q(fv::test::tempDir("cli-pacs-get-fail")) + " --json", 2);
  EXPECT_EQ(got["files"].toInt(), 0);
  EXPECT_EQ(got["failed"].toArray().size(), 1);
}

TEST(CliPacsUsage, MalformedNodesAndMissingOptionsExitOne) {
  EXPECT_EQ(fv::test::run(q(FV_CLI) + " pacs echo ORTHANC@host:1 2>/dev/null"), 1);
  EXPECT_EQ(fv::test::run(q(FV_CLI) + " pacs get dicom://A@127.0.0.1:1 --out /tmp 2>/dev/null"), 1);
  EXPECT_EQ(fv::test::run(q(FV_CLI) + " pacs frobnicate dicom://A@127.0.0.1:1 2>/dev/null"), 1);
  EXPECT_EQ(fv::test::run(q(FV_CLI) + " pacs get dicom://A@127.0.0.1:1 --study-uid 1 --out /tmp --move 2>/dev/null"), 1);
}
