// C-STORE to a real Orthanc, the confirmation round trip, TLS, and our storage SCP's guards.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "PacsTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/fluoro/LinkedOutputs.h"
#include "fv/net/PacsClient.h"
#include "fv/net/StorageScp.h"

namespace fs = std::filesystem;
using namespace fv::net;
using fv::dicom::ErrorCode;
using fv::test::OrthancOptions;
using fv::test::OrthancServer;

namespace {
std::vector<fs::path> dicomFilesIn(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& p : fv::test::filesUnder(dir))
    if (p.extension() == ".dcm") out.push_back(p);
  return out;
}

}  // namespace

TEST(DimseStore, AConfirmationSentToThePacsComesBackLinkedToItsSourceFrame) {
  const std::string xa = fv::test::pacsXa();
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  FV_START_ORTHANC(server, o, std::vector<std::string>{xa});
  const std::string out = fv::test::tempDir("store-confirm");
  ASSERT_EQ(fv::test::run(fv::test::q(FV_CLI) + " confirm " + fv::test::q(xa) +
                          " --frame 7 --tip 220,220 --target 230,230 --label 'R hip' --out " +
                          fv::test::q(out) + " >/dev/null"), 0);
  const auto outputs = dicomFilesIn(out);
  ASSERT_EQ(outputs.size(), 5u);  // SC, GSPS, SR, Encapsulated PDF, KOS
  auto client = makeClient(fv::test::dimseNode(server));
  long acknowledged = 0;
  TransferObserver obs;
  obs.onFile = [&](const ReceivedFile&) { ++acknowledged; };
  auto sent = client->store(outputs, obs);
  ASSERT_TRUE(sent.ok()) << sent.error().toString();
  EXPECT_EQ(sent->files, 5);
  EXPECT_EQ(acknowledged, 5);
  EXPECT_TRUE(sent->failed.empty()) << sent->failed.front().message;
  EXPECT_EQ(server.instanceCount(), 6);

  // Found again in the PACS: one study (the source's), its series now include ours.
  const std::string study = fv::test::studyUidOf(xa);
  Query q;
  q.studyUid = study;
  std::vector<QueryResult> studies;
  ASSERT_TRUE(client->find(q, [&](const QueryResult& r) { studies.push_back(r); }).ok());
  ASSERT_EQ(studies.size(), 1u);
  EXPECT_EQ(studies[0].numberOfInstances.value_or(0), 6);

  // Retrieved into a fresh folder, the viewer's linking finds the annotations and key frame.
  const std::string fresh = fv::test::tempDir("store-confirm-back");
  RetrieveRequest r;
  r.studyUid = study;
  r.cacheDir = fresh;
  auto back = client->retrieve(r);
  ASSERT_TRUE(back.ok()) << back.error().toString();
  EXPECT_EQ(back->files, 6);
  auto index = fv::dicom::indexPaths({fresh});
  const std::string source = fv::test::sopUidOf(xa);
  auto linked = fv::fluoro::findLinkedOutputs(index, {source});
  EXPECT_TRUE(linked.problems.empty());
  EXPECT_EQ(linked.keyFrames.count(fv::fluoro::FrameKey{source, 6}), 1u);
  EXPECT_EQ(linked.annotations.count(fv::fluoro::FrameKey{source, 6}), 1u);
  EXPECT_EQ(linked.presentationStates.size(), 1u);
}

TEST(DimseStore, AFileThePacsWillNotTakeInItsOwnSyntaxIsSentUncompressed) {
  const std::string rle = fv::test::demoXa();  // RLE Lossless
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  o.acceptedTransferSyntaxes = "\"1.2.840.10008.1.2\", \"1.2.840.10008.1.2.1\"";
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  auto client = makeClient(fv::test::dimseNode(server));
  auto sent = client->store({rle});
  ASSERT_TRUE(sent.ok()) << sent.error().toString();
  ASSERT_EQ(sent->files, 1) << (sent->failed.empty() ? "" : sent->failed.front().message);
  const std::string back = fv::test::tempDir("store-fallback");
  RetrieveRequest r;
  r.studyUid = fv::test::studyUidOf(rle);
  r.cacheDir = back;
  ASSERT_TRUE(client->retrieve(r).ok());
  const auto files = dicomFilesIn(back);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(fv::test::decodedChecksum(files[0].string()), fv::test::decodedChecksum(rle));
  std::string ts;
  fv::test::run("dcmdump -Un +P TransferSyntaxUID " + fv::test::q(files[0].string()), &ts);
  EXPECT_NE(ts.find("1.2.840.10008.1.2.1"), std::string::npos) << ts;
}

TEST(DimseStore, FilesThatAreNotDicomFailAloneWithTheirName) {
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  const std::string dir = fv::test::tempDir("store-notdicom");
  const fs::path junk = fs::path(dir) / "notes.txt";
  std::ofstream(junk) << "not an image";
  auto sent = makeClient(fv::test::dimseNode(server))->store({junk, fv::test::demoXa()});
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->files, 1);
  ASSERT_EQ(sent->failed.size(), 1u);
  EXPECT_EQ(sent->failed[0].path, junk.string());
}

namespace {
struct Scp {
  std::unique_ptr<StorageScp> scp;
  std::string cache;
  uint16_t port = 0;
};
Scp startScp(const std::string& name, std::set<std::string> allowed) {
  Scp s;
  s.cache = fv::test::tempDir(name);
  StorageScpConfig cfg;
  cfg.aet = "FLUOROVIEW";
  s.port = OrthancServer::freePort();
  cfg.port = s.port;
  cfg.allowedCallingAets = std::move(allowed);
  cfg.cacheDir = s.cache;
  auto started = StorageScp::start(cfg);
  EXPECT_TRUE(started.ok()) << started.error().toString();
  if (started.ok()) s.scp = std::move(*started);
  return s;
}
Node nodeOf(const Scp& s, const std::string& callingAet) {
  auto n = parseNode("dicom://FLUOROVIEW@127.0.0.1:" + std::to_string(s.port));
  EXPECT_TRUE(n.ok());
  n->callingAet = callingAet;
  n->timeoutSeconds = 5;
  return *n;
}
}  // namespace

TEST(StorageScp, AcceptsOnlyTheConfiguredAeTitles) {
  Scp s = startScp("scp-aet", {"ORTHANC"});
  ASSERT_TRUE(s.scp);
  auto refused = makeClient(nodeOf(s, "INTRUDER"))->store({fv::test::demoXa()});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::Refused) << refused.error().toString();
  EXPECT_EQ(s.scp->associationsRefused(), 1);
  EXPECT_TRUE(fv::test::filesUnder(s.cache).empty());
  auto wrongCalled = nodeOf(s, "ORTHANC");
  wrongCalled.calledAet = "SOMEBODYELSE";
  EXPECT_FALSE(makeClient(wrongCalled)->echo().ok());
  auto accepted = makeClient(nodeOf(s, "ORTHANC"))->store({fv::test::demoXa()});
  ASSERT_TRUE(accepted.ok()) << accepted.error().toString();
  EXPECT_EQ(accepted->files, 1);
  EXPECT_EQ(s.scp->filesReceived(), 1);
  EXPECT_EQ(dicomFilesIn(s.cache).size(), 1u);
}

TEST(StorageScp, RefusesWhatIsNotStorage) {
  Scp s = startScp("scp-nonstorage", {"ORTHANC"});
  ASSERT_TRUE(s.scp);
  Query q;  // C-FIND: no such presentation context is accepted
  auto found = makeClient(nodeOf(s, "ORTHANC"))->find(q, [](const QueryResult&) {});
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::Refused) << found.error().toString();
}

TEST(StorageScp, AHostileSopInstanceUidCannotEscapeTheCache) {
  FV_REQUIRE_TOOL("/usr/bin/python3");
  Scp s = startScp("scp-hostile", {"ORTHANC"});
  ASSERT_TRUE(s.scp);
  const std::string dir = fv::test::tempDir("scp-hostile-src");
  const std::string hostile = dir + "/hostile.dcm";
  const std::string script =
      "import pydicom,sys; d=pydicom.dcmread(sys.argv[1]); u='../../escape';"
      "d.SOPInstanceUID=u; d.file_meta.MediaStorageSOPInstanceUID=u;"
      "d.StudyInstanceUID='../../../study'; d.SeriesInstanceUID='/tmp/series'; d.save_as(sys.argv[2])";
  ASSERT_EQ(fv::test::run("/usr/bin/python3 -c " + fv::test::q(script) + " " +
                          fv::test::q(fv::test::demoXa()) + " " + fv::test::q(hostile)), 0);
  auto sent = makeClient(nodeOf(s, "ORTHANC"))->store({hostile});
  ASSERT_TRUE(sent.ok()) << sent.error().toString();
  const auto inside = fv::test::filesUnder(s.cache);
  ASSERT_EQ(inside.size(), 1u);
  const std::string p = fs::weakly_canonical(inside[0]).string();
  EXPECT_EQ(p.rfind(fs::weakly_canonical(s.cache).string() + "/", 0), 0u) << p;
  EXPECT_FALSE(fs::exists(fs::path(s.cache).parent_path().parent_path() / "escape"));
  EXPECT_FALSE(fs::exists(fs::path(s.cache).parent_path() / "escape.dcm"));
}

namespace {
// A self-signed certificate for 127.0.0.1 made with openssl; "" when openssl is missing.
bool makeCertificate(const std::string& dir, const std::string& name) {
  return fv::test::run("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                       "-addext subjectAltName=IP:127.0.0.1 -keyout " +
                       fv::test::q(dir + "/" + name + ".key") + " -out " +
                       fv::test::q(dir + "/" + name + ".pem") + " >/dev/null 2>&1") == 0;
}
}  // namespace

TEST(DimseTls, EchoAndStoreOverDicomTlsWithTheServerCertificateVerified) {
  FV_REQUIRE_TOOL("openssl");
  const std::string dir = fv::test::tempDir("tls");
  ASSERT_TRUE(makeCertificate(dir, "pacs"));
  ASSERT_TRUE(makeCertificate(dir, "other"));
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  o.dicomTls = true;
  o.tlsCertificate = dir + "/pacs.pem";
  o.tlsKey = dir + "/pacs.key";
  o.tlsTrusted = dir + "/pacs.pem";
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  auto n = parseNode(server.dicomNode());
  ASSERT_TRUE(n.ok());
  ASSERT_TRUE(n->tls);
  n->tlsSettings.caFile = dir + "/pacs.pem";
  auto client = makeClient(*n);
  auto echo = client->echo();
  ASSERT_TRUE(echo.ok()) << echo.error().toString();
  auto sent = client->store({fv::test::demoXa()});
  ASSERT_TRUE(sent.ok()) << sent.error().toString();
  EXPECT_EQ(sent->files, 1);
  EXPECT_EQ(server.instanceCount(), 1);

  n->tlsSettings.caFile = dir + "/other.pem";  // a certificate we do not trust
  auto untrusted = makeClient(*n)->echo();
  ASSERT_FALSE(untrusted.ok());
  EXPECT_NE(untrusted.error().message.find(n->label()), std::string::npos);

  auto plain = *n;  // plain DICOM against a TLS port fails cleanly, within the timeout
  plain.tls = false;
  plain.timeoutSeconds = 3;
  EXPECT_FALSE(makeClient(plain)->echo().ok());
}
