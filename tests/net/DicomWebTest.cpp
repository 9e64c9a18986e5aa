// DICOMweb against a real Orthanc with its DICOMweb plugin: QIDO-RS, WADO-RS, STOW-RS, auth,
// and misbehaving HTTP peers.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "NetPeers.h"
#include "PacsTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/net/PacsClient.h"

namespace fs = std::filesystem;
using namespace fv::net;
using fv::dicom::ErrorCode;
using fv::test::OrthancOptions;
using fv::test::OrthancServer;
using fv::test::findAll;
using fv::test::secondsSince;
using fv::test::webNode;

namespace {

class DicomWebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    xa = fv::test::pacsXa();
    mr = fv::test::pacsMr();
    std::vector<std::string> files{xa};
    for (const auto& f : fs::directory_iterator(mr)) files.push_back(f.path().string());
    FV_START_ORTHANC(server, OrthancOptions{}, files);
    client = makeClient(webNode(server.dicomWebUrl()));
  }
  OrthancServer server;
  std::string xa, mr;
  std::unique_ptr<PacsClient> client;
};
}  // namespace

TEST_F(DicomWebTest, EchoAndQueriesAtEachLevelWithTheFilters) {
  ASSERT_TRUE(client->echo().ok());
  Query q;
  auto all = findAll(*client, q);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].patientName.value_or(""), "Doe^Jane^Marie^^");
  q.patientName = "Doe*";
  EXPECT_EQ(findAll(*client, q).size(), 2u);
  q.patientName = "Nobody*";
  EXPECT_TRUE(findAll(*client, q).empty());
  q = {};
  q.modality = "MR";
  auto mrs = findAll(*client, q);
  ASSERT_EQ(mrs.size(), 1u);
  EXPECT_EQ(mrs[0].studyInstanceUid.value_or(""), fv::test::studyUidOf(mr));
  EXPECT_EQ(mrs[0].numberOfInstances.value_or(0), 12);
  q = {};
  q.patientId = *all[0].patientId;
  EXPECT_EQ(findAll(*client, q).size(), 2u);
  q = {};
  q.studyDate = *all[0].studyDate + "-" + *all[0].studyDate;
  EXPECT_EQ(findAll(*client, q).size(), 2u);
  q.studyDate = "19000101-19001231";
  EXPECT_TRUE(findAll(*client, q).empty());
  Query s;
  s.level = QueryLevel::Series;
  s.studyUid = fv::test::studyUidOf(mr);
  auto series = findAll(*client, s);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].modality.value_or(""), "MR");
  Query i;
  i.level = QueryLevel::Instance;
  i.studyUid = s.studyUid;
  i.seriesUid = *series[0].seriesInstanceUid;
  EXPECT_EQ(findAll(*client, i).size(), 12u);
}

TEST_F(DicomWebTest, WadoRetrieveGivesTheSamePixelsAndResumes) {
  const std::string cache = fv::test::tempDir("wado");
  for (const auto& original : {xa, mr}) {
    RetrieveRequest r;
    r.studyUid = fv::test::studyUidOf(original);
    r.cacheDir = cache;
    auto rep = client->retrieve(r);
    ASSERT_TRUE(rep.ok()) << rep.error().toString();
    EXPECT_TRUE(rep->failed.empty());
    EXPECT_EQ(fv::test::decodedChecksum((fs::path(cache) / r.studyUid).string()),
              fv::test::decodedChecksum(original));
  }
  EXPECT_TRUE(fv::test::temporariesUnder(cache).empty());
  const fs::path mrFolder = fs::path(cache) / fv::test::studyUidOf(mr);
  auto files = fv::test::filesUnder(mrFolder.string());
  ASSERT_EQ(files.size(), 12u);
  for (int k = 0; k < 5; ++k) fs::remove(files[k]);
  RetrieveRequest r;
  r.studyUid = fv::test::studyUidOf(mr);
  r.cacheDir = cache;
  auto again = client->retrieve(r);
  ASSERT_TRUE(again.ok()) << again.error().toString();
  EXPECT_EQ(again->files, 5);
  EXPECT_EQ(again->skipped, 7);
  EXPECT_EQ(fv::test::decodedChecksum(mrFolder.string()), fv::test::decodedChecksum(mr));
}

TEST_F(DicomWebTest, OnASlowLinkTheFirstFrameOfACineArrivesAsAPreviewLongBeforeTheInstance) {
  // 3 MB/s per connection: the 10 MB cine takes 3.5 s, its 0.5 MB first frame a sixth of a second.
  fv::test::StallingProxy link(server.httpPort(), UINT64_MAX, 3'000'000);
  auto slow = makeClient(webNode("http://127.0.0.1:" + std::to_string(link.port()) + "/dicom-web"));
  const auto t0 = std::chrono::steady_clock::now();
  double previewAt = -1, fileAt = -1;
  const std::string cache = fv::test::tempDir("wado-preview");
  const std::string kept = fv::test::tempDir("wado-preview-kept") + "/preview.dcm";
  RetrieveRequest r;
  r.studyUid = fv::test::studyUidOf(xa);
  r.cacheDir = cache;
  TransferObserver observer;
  int previews = 0, filesBeforePreview = 0, files = 0;
  std::string previewSop;
  observer.onFile = [&](const ReceivedFile&) {
    ++files;
    fileAt = secondsSince(t0);
  };
  observer.onPreview = [&](const ReceivedFile& p) {
    ++previews;
    previewAt = secondsSince(t0);
    filesBeforePreview = files;
    previewSop = p.sopInstanceUid;
    EXPECT_EQ(p.studyUid, r.studyUid);
    EXPECT_FALSE(fs::path(p.path).string().starts_with((fs::path(cache) / r.studyUid).string()))
        << "a preview is never inside the study's folder of complete instances";
    fs::copy_file(p.path, kept);
  };
  auto rep = slow->retrieve(r, observer);
  ASSERT_TRUE(rep.ok()) << rep.error().toString();
  EXPECT_EQ(files, 1);
  ASSERT_EQ(previews, 1);
  EXPECT_EQ(filesBeforePreview, 0);
  EXPECT_LT(previewAt, fileAt / 2) << "preview at " << previewAt << " s, instance at " << fileAt << " s";
  EXPECT_EQ(previewSop, fv::test::sopUidOf(xa));
  EXPECT_EQ(fv::test::decodedChecksum(kept), fv::test::decodedChecksum(xa, 1))
      << "the preview holds frame 1's pixels exactly";
  const auto index = fv::dicom::indexPaths({kept});
  ASSERT_EQ(index.patients.size(), 1u);
  ASSERT_EQ(index.patients[0].studies.size(), 1u);
  EXPECT_EQ(index.patients[0].studies[0].key.instanceUid, r.studyUid);
  EXPECT_FALSE(fs::exists(fs::path(cache) / ".preview") && !fs::is_empty(fs::path(cache) / ".preview"))
      << "the preview is removed when the retrieve returns";
  EXPECT_EQ(fv::test::decodedChecksum((fs::path(cache) / r.studyUid).string()), fv::test::decodedChecksum(xa));
}

TEST_F(DicomWebTest, APreviewNeverFollowsTheInstanceAndAStudyWithoutCinesGetsNone) {
  for (const auto& original : {xa, mr}) {  // on loopback the whole XA may win the race
    RetrieveRequest r;
    r.studyUid = fv::test::studyUidOf(original);
    r.cacheDir = fv::test::tempDir("wado-race");
    TransferObserver observer;
    int files = 0, previewsAfterFiles = 0, previews = 0;
    observer.onFile = [&](const ReceivedFile&) { ++files; };
    observer.onPreview = [&](const ReceivedFile&) { ++previews; previewsAfterFiles += files > 0; };
    auto rep = client->retrieve(r, observer);
    ASSERT_TRUE(rep.ok()) << rep.error().toString();
    EXPECT_EQ(previewsAfterFiles, 0);
    EXPECT_LE(previews, original == mr ? 0 : 1);
  }
}

TEST(DicomWebStow, StoredFilesAreFoundAndComeBackIdentical) {
  OrthancServer server;
  FV_START_ORTHANC(server, OrthancOptions{}, std::vector<std::string>{});
  auto client = makeClient(webNode(server.dicomWebUrl()));
  const std::string mr = fv::test::pacsMr();
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(mr)) files.push_back(f.path());
  const std::string junk = fv::test::tempDir("stow-junk") + "/junk.txt";
  fv::test::run("echo hi > " + fv::test::q(junk));
  files.push_back(junk);
  auto sent = client->store(files);
  ASSERT_TRUE(sent.ok()) << sent.error().toString();
  EXPECT_EQ(sent->files, 12);
  ASSERT_EQ(sent->failed.size(), 1u);
  EXPECT_EQ(sent->failed[0].path, junk);
  EXPECT_EQ(server.instanceCount(), 12);
  Query q;
  q.studyUid = fv::test::studyUidOf(mr);
  EXPECT_EQ(findAll(*client, q).size(), 1u);
  RetrieveRequest r;
  r.studyUid = q.studyUid;
  r.cacheDir = fv::test::tempDir("stow-back");
  ASSERT_TRUE(client->retrieve(r).ok());
  EXPECT_EQ(fv::test::decodedChecksum((fs::path(r.cacheDir) / r.studyUid).string()),
            fv::test::decodedChecksum(mr));
}

TEST(DicomWebAuth, BasicAuthenticationWorksAndAWrongPasswordIsRefusedWithoutEchoingIt) {
  OrthancServer server;
  OrthancOptions o;
  o.users = {{"alice", "correct-horse"}};
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  Node n = webNode(server.dicomWebUrl());
  n.credentials = {AuthKind::Basic, "alice", "correct-horse"};
  EXPECT_TRUE(makeClient(n)->echo().ok());
  n.credentials.secret = "wrong-battery";
  auto s = makeClient(n)->echo();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::Refused);
  EXPECT_NE(s.error().message.find("401"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().toString().find("wrong-battery"), std::string::npos);
  n.credentials = {};
  EXPECT_FALSE(makeClient(n)->echo().ok());
}

TEST(DicomWebAuth, ABearerTokenIsSentAsAnAuthorizationHeader) {
  fv::test::CannedHttpPeer peer("HTTP/1.1 200 OK\r\nContent-Type: application/dicom+json\r\n"
                                "Content-Length: 2\r\nConnection: close\r\n\r\n[]");
  Node n = webNode("http://127.0.0.1:" + std::to_string(peer.port()) + "/dicom-web", 5);
  n.credentials = {AuthKind::Bearer, "", "tok-123.abc"};
  auto s = makeClient(n)->echo();
  EXPECT_TRUE(s.ok()) << s.error().toString();
  EXPECT_NE(peer.lastRequest().find("Authorization: Bearer tok-123.abc"), std::string::npos)
      << peer.lastRequest();
}

TEST(DicomWebBadNetwork, ServerErrorsClosedPortsAndSilentPeersAreClearAndBounded) {
  fv::test::CannedHttpPeer failing("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n"
                                   "Connection: close\r\n\r\noops");
  Node n = webNode("http://127.0.0.1:" + std::to_string(failing.port()) + "/dicom-web", 3);
  auto s = makeClient(n)->echo();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("HTTP 500"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(n.label()), std::string::npos);
  RetrieveRequest r;
  r.studyUid = "1.2.3";
  r.cacheDir = fv::test::tempDir("web-500");
  auto got = makeClient(n)->retrieve(r);
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(fv::test::filesUnder(r.cacheDir).empty());

  const fv::test::ClosedPort closedPort;
  Node closed = webNode("http://127.0.0.1:" + std::to_string(closedPort.port()) + "/dicom-web", 3);
  auto c = makeClient(closed)->echo();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::Network);

  fv::test::SilentPeer silent;
  Node quiet = webNode("http://127.0.0.1:" + std::to_string(silent.port()) + "/dicom-web", 2);
  const auto t0 = std::chrono::steady_clock::now();
  auto t = makeClient(quiet)->echo();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::Timeout) << t.error().toString();
  EXPECT_LT(secondsSince(t0), 8);
}

TEST_F(DicomWebTest, AServerThatStallsMidRetrieveTimesOutAndLeavesNothingHalfWritten) {
  fv::test::StallingProxy proxy(server.httpPort(), 1'000'000);
  Node n = webNode("http://127.0.0.1:" + std::to_string(proxy.port()) + "/dicom-web", 2);
  RetrieveRequest r;
  r.studyUid = fv::test::studyUidOf(xa);
  r.cacheDir = fv::test::tempDir("web-stall");
  const auto t0 = std::chrono::steady_clock::now();
  auto got = makeClient(n)->retrieve(r);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::Timeout) << got.error().toString();
  EXPECT_LT(secondsSince(t0), 15);  // 2 s without a byte, plus Orthanc reading the file
  EXPECT_TRUE(fv::test::filesUnder(r.cacheDir).empty());
}
