// DIMSE against a real Orthanc on loopback: echo, find, get, move, resume, bad networks.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

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

namespace {

class DimseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    xa = fv::test::pacsXa();
    mr = fv::test::pacsMr();
    ASSERT_FALSE(xa.empty());
    ASSERT_FALSE(mr.empty());
    std::vector<std::string> files{xa};
    for (const auto& f : fs::directory_iterator(mr)) files.push_back(f.path().string());
    OrthancOptions o;
    o.dicomWeb = false;
    scpPort = OrthancServer::freePort();
    o.modalities = {{"FLUOROVIEW", scpPort}};
    FV_START_ORTHANC(server, o, files);
    xaStudy = fv::test::studyUidOf(xa);
    mrStudy = fv::test::studyUidOf(mr);
  }
  OrthancServer server;
  std::string xa, mr, xaStudy, mrStudy;
  uint16_t scpPort = 0;
};
}  // namespace

TEST_F(DimseTest, EchoAnswersFromARealOrthanc) {
  auto c = makeClient(fv::test::dimseNode(server));
  auto s = c->echo();
  EXPECT_TRUE(s.ok()) << s.error().toString();
}

TEST(DimseBadNetwork, EchoToAClosedPortFailsAtOnceNamingTheNode) {
  const fv::test::ClosedPort closedPort;
  auto n = parseNode("dicom://NOBODY@127.0.0.1:" + std::to_string(closedPort.port()));
  ASSERT_TRUE(n.ok());
  const auto t0 = std::chrono::steady_clock::now();
  auto s = makeClient(*n)->echo();
  ASSERT_FALSE(s.ok());
  EXPECT_LT(secondsSince(t0), 5);
  EXPECT_EQ(s.error().code, ErrorCode::Network);
  EXPECT_NE(s.error().message.find(n->label()), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("connection refused"), std::string::npos) << s.error().message;
}

TEST(DimseBadNetwork, APeerThatNeverAnswersTimesOutWithinTheTimeout) {
  fv::test::SilentPeer silent;
  auto n = parseNode("dicom://SILENT@127.0.0.1:" + std::to_string(silent.port()));
  ASSERT_TRUE(n.ok());
  n->timeoutSeconds = 2;
  const auto t0 = std::chrono::steady_clock::now();
  auto s = makeClient(*n)->echo();
  const double took = secondsSince(t0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::Timeout) << s.error().toString();
  EXPECT_GE(took, 1.5);
  EXPECT_LT(took, 8);
  EXPECT_NE(s.error().message.find("SILENT@127.0.0.1"), std::string::npos);
}

TEST_F(DimseTest, FindStudiesMatchesEachFilter) {
  auto c = makeClient(fv::test::dimseNode(server));
  Query q;
  EXPECT_EQ(findAll(*c, q).size(), 2u);
  q.patientName = "Doe*";
  auto both = findAll(*c, q);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].patientName.value_or(""), "Doe^Jane^Marie^^");
  EXPECT_TRUE(both[0].patientId.has_value());
  EXPECT_TRUE(both[0].numberOfInstances.has_value());
  q.patientName = "Nobody*";
  EXPECT_TRUE(findAll(*c, q).empty());
  q = {};
  q.patientId = *both[0].patientId;
  EXPECT_EQ(findAll(*c, q).size(), 2u);
  q.patientId = "NO-SUCH-ID";
  EXPECT_TRUE(findAll(*c, q).empty());
  q = {};
  q.modality = "MR";
  auto mrs = findAll(*c, q);
  ASSERT_EQ(mrs.size(), 1u);
  EXPECT_EQ(mrs[0].studyInstanceUid.value_or(""), mrStudy);
  EXPECT_EQ(mrs[0].numberOfInstances.value_or(0), 12);
  q = {};
  q.studyUid = xaStudy;
  auto xas = findAll(*c, q);
  ASSERT_EQ(xas.size(), 1u);
  EXPECT_EQ(xas[0].modality.value_or(""), "XA");
  const std::string date = xas[0].studyDate.value_or("");
  ASSERT_EQ(date.size(), 8u);
  q = {};
  q.studyDate = date + "-" + date;
  EXPECT_EQ(findAll(*c, q).size(), 2u);
  q.studyDate = "19000101-19001231";
  EXPECT_TRUE(findAll(*c, q).empty());
  q.studyDate = "-" + date;
  EXPECT_EQ(findAll(*c, q).size(), 2u);
  q = {};
  q.accession = "NO-SUCH-ACCESSION";
  EXPECT_TRUE(findAll(*c, q).empty());
}

TEST_F(DimseTest, FindSeriesAndInstancesOfAStudy) {
  auto c = makeClient(fv::test::dimseNode(server));
  Query q;
  q.level = QueryLevel::Series;
  q.studyUid = mrStudy;
  auto series = findAll(*c, q);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].level, QueryLevel::Series);
  EXPECT_EQ(series[0].modality.value_or(""), "MR");
  EXPECT_EQ(series[0].numberOfInstances.value_or(0), 12);
  ASSERT_TRUE(series[0].seriesInstanceUid);
  q.modality = "XA";
  EXPECT_TRUE(findAll(*c, q).empty());
  q.modality.clear();
  q.level = QueryLevel::Instance;
  q.seriesUid = *series[0].seriesInstanceUid;
  auto instances = findAll(*c, q);
  EXPECT_EQ(instances.size(), 12u);
  for (const auto& i : instances) EXPECT_TRUE(i.sopInstanceUid.has_value());
  Query bad;
  bad.level = QueryLevel::Instance;
  auto s = c->find(bad, [](const QueryResult&) {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::InvalidArgument);
}

TEST_F(DimseTest, AQueryCanBeCancelledWhileResultsStreamIn) {
  auto c = makeClient(fv::test::dimseNode(server));
  Query q;
  q.level = QueryLevel::Instance;
  q.studyUid = mrStudy;
  Query sq;
  sq.level = QueryLevel::Series;
  sq.studyUid = mrStudy;
  q.seriesUid = *findAll(*c, sq).at(0).seriesInstanceUid;
  std::stop_source stop;
  int seen = 0;
  auto s = c->find(q, [&](const QueryResult&) {
    ++seen;
    stop.request_stop();
  }, stop.get_token());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::Cancelled);
  EXPECT_GE(seen, 1);
  EXPECT_LT(seen, 12);
  EXPECT_TRUE(c->echo().ok());  // the PACS is still fine
}

TEST_F(DimseTest, GetOfTheXaAndTheMrGivesTheSamePixelsAsTheOriginals) {
  const std::string cache = fv::test::tempDir("dimse-get");
  auto c = makeClient(fv::test::dimseNode(server));
  long files = 0;
  TransferObserver obs;
  obs.onFile = [&](const ReceivedFile& f) {
    ++files;
    EXPECT_TRUE(fs::exists(f.path));
    EXPECT_EQ(f.path.parent_path().parent_path().parent_path(), fs::path(cache));
  };
  for (const auto& [study, original] : {std::pair{xaStudy, xa}, std::pair{mrStudy, mr}}) {
    RetrieveRequest r;
    r.studyUid = study;
    r.cacheDir = cache;
    auto rep = c->retrieve(r, obs);
    ASSERT_TRUE(rep.ok()) << rep.error().toString();
    EXPECT_TRUE(rep->failed.empty());
    EXPECT_GT(rep->bytes, 0u);
    EXPECT_EQ(fv::test::decodedChecksum((fs::path(cache) / study).string()),
              fv::test::decodedChecksum(original));
  }
  EXPECT_EQ(files, 13);
  EXPECT_TRUE(fv::test::temporariesUnder(cache).empty());
}

TEST_F(DimseTest, MoveToOurStorageScpGivesTheSamePixels) {
  const std::string cache = fv::test::tempDir("dimse-move");
  auto c = makeClient(fv::test::dimseNode(server));
  RetrieveRequest r;
  r.studyUid = mrStudy;
  r.cacheDir = cache;
  r.useMove = true;
  r.listenPort = scpPort;
  auto rep = c->retrieve(r);
  ASSERT_TRUE(rep.ok()) << rep.error().toString();
  EXPECT_EQ(rep->files, 12);
  EXPECT_EQ(fv::test::decodedChecksum((fs::path(cache) / mrStudy).string()),
            fv::test::decodedChecksum(mr));
}

TEST_F(DimseTest, MoveToADestinationThePacsDoesNotKnowIsAClearError) {
  auto c = makeClient(fv::test::dimseNode(server));
  RetrieveRequest r;
  r.studyUid = mrStudy;
  r.cacheDir = fv::test::tempDir("dimse-move-unknown");
  r.useMove = true;
  r.listenAet = "UNKNOWNAE";
  r.listenPort = OrthancServer::freePort();
  auto rep = c->retrieve(r);
  ASSERT_FALSE(rep.ok());
  EXPECT_NE(rep.error().message.find("C-MOVE"), std::string::npos) << rep.error().message;
  EXPECT_NE(rep.error().message.find(server.aet()), std::string::npos);
  EXPECT_TRUE(fv::test::filesUnder(r.cacheDir).empty());
}

TEST_F(DimseTest, AnInterruptedRetrieveKeepsCompleteFilesAndResumesWithTheRest) {
  const std::string cache = fv::test::tempDir("dimse-resume");
  auto c = makeClient(fv::test::dimseNode(server));
  RetrieveRequest r;
  r.studyUid = mrStudy;
  r.cacheDir = cache;
  std::stop_source stop;
  TransferObserver obs;
  obs.onFile = [&](const ReceivedFile&) {
    if (fv::test::filesUnder(cache).size() >= 4) stop.request_stop();
  };
  auto first = c->retrieve(r, obs, stop.get_token());
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, ErrorCode::Cancelled);
  const size_t kept = fv::test::filesUnder(cache).size();
  EXPECT_GE(kept, 4u);
  EXPECT_LT(kept, 12u);
  EXPECT_TRUE(fv::test::temporariesUnder(cache).empty());
  auto second = c->retrieve(r);
  ASSERT_TRUE(second.ok()) << second.error().toString();
  EXPECT_EQ(second->skipped, static_cast<long>(kept));
  EXPECT_EQ(second->files, static_cast<long>(12 - kept));
  EXPECT_EQ(fv::test::decodedChecksum((fs::path(cache) / mrStudy).string()),
            fv::test::decodedChecksum(mr));
  auto third = c->retrieve(r);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->files, 0);
  EXPECT_EQ(third->skipped, 12);
}

TEST_F(DimseTest, APacsThatStallsMidTransferTimesOutAndLeavesNothingHalfWritten) {
  fv::test::StallingProxy proxy(server.dicomPort(), 1'000'000);  // the XA is ~10 MB
  auto n = parseNode("dicom://ORTHANC@127.0.0.1:" + std::to_string(proxy.port()));
  ASSERT_TRUE(n.ok());
  n->timeoutSeconds = 2;
  const std::string cache = fv::test::tempDir("dimse-stall");
  RetrieveRequest r;
  r.studyUid = xaStudy;
  r.cacheDir = cache;
  const auto t0 = std::chrono::steady_clock::now();
  auto rep = makeClient(*n)->retrieve(r);
  const double took = secondsSince(t0);
  ASSERT_FALSE(rep.ok());
  EXPECT_TRUE(rep.error().code == ErrorCode::Timeout || rep.error().code == ErrorCode::Network)
      << rep.error().toString();
  EXPECT_NE(rep.error().message.find(n->label()), std::string::npos);
  EXPECT_LT(took, 12);
  EXPECT_GE(proxy.forwarded(), 1'000'000u);
  EXPECT_TRUE(fv::test::filesUnder(cache).empty()) << fv::test::filesUnder(cache).front();
}

TEST(DimseParallel, ManyInstancesComeOverSeveralAssociationsCompleteAndCancellable) {
  const std::string mr = fv::test::generated("pacs_mr40", "mr --slices 40");
  ASSERT_FALSE(mr.empty());
  std::vector<std::string> files;
  for (const auto& f : fs::directory_iterator(mr)) files.push_back(f.path().string());
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  FV_START_ORTHANC(server, o, files);
  auto c = makeClient(fv::test::dimseNode(server));
  const std::string study = fv::test::studyUidOf(mr);
  RetrieveRequest r;
  r.studyUid = study;
  r.cacheDir = fv::test::tempDir("dimse-parallel-cancel");
  std::stop_source stop;
  TransferObserver obs;
  long last = 0, expected = 0;
  obs.onProgress = [&](const Progress& p) {
    expected = p.expected;
    last = p.files;
    if (p.files >= 10) stop.request_stop();
  };
  auto cancelled = c->retrieve(r, obs, stop.get_token());
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().code, ErrorCode::Cancelled) << cancelled.error().toString();
  EXPECT_EQ(expected, 40);
  EXPECT_LT(fv::test::filesUnder(r.cacheDir).size(), 40u);
  EXPECT_TRUE(fv::test::temporariesUnder(r.cacheDir).empty());
  auto rest = c->retrieve(r);
  ASSERT_TRUE(rest.ok()) << rest.error().toString();
  EXPECT_EQ(rest->files + rest->skipped, 40);
  EXPECT_EQ(fv::test::filesUnder(r.cacheDir).size(), 40u);
  EXPECT_EQ(fv::test::decodedChecksum((fs::path(r.cacheDir) / study).string()),
            fv::test::decodedChecksum(mr));
  (void)last;
}
