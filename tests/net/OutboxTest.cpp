// The persistent outbox against a real Orthanc: nothing lost, nothing sent twice.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "NetPeers.h"
#include "PacsTestSupport.h"
#include "TestData.h"
#include "fv/net/Outbox.h"

namespace fs = std::filesystem;
using namespace fv::net;
using fv::test::OrthancOptions;
using fv::test::OrthancServer;

namespace {
std::vector<fs::path> mrFiles() {
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(fv::test::pacsMr())) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  return files;
}
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
Node nodeAt(uint16_t port) {
  auto n = parseNode("dicom://ORTHANC@127.0.0.1:" + std::to_string(port));
  EXPECT_TRUE(n.ok());
  n->name = "Test PACS";
  n->timeoutSeconds = 5;
  return *n;
}
}  // namespace

TEST(OutboxBackoff, RetriesSlowDownThenSettleAtTenMinutes) {
  EXPECT_EQ(outboxBackoffSeconds(1), 10);
  EXPECT_EQ(outboxBackoffSeconds(2), 30);
  EXPECT_EQ(outboxBackoffSeconds(3), 60);
  EXPECT_EQ(outboxBackoffSeconds(4), 120);
  EXPECT_EQ(outboxBackoffSeconds(5), 300);
  EXPECT_EQ(outboxBackoffSeconds(6), 600);
  EXPECT_EQ(outboxBackoffSeconds(40), 600);
}

TEST(Outbox, ASendToAPacsThatIsDownIsKeptAcrossARestartAndSentWhenItIsBack) {
  const auto files = mrFiles();
  std::vector<std::string> before;
  for (const auto& f : files) before.push_back(slurp(f));
  uint16_t port = 0;
  { port = fv::test::ClosedPort().port(); }  // a port nobody listens on (yet)
  const std::string folder = fv::test::tempDir("outbox-down");
  const time_t t0 = 1'000'000;
  {
    Outbox outbox(folder);
    auto id = outbox.enqueue(nodeAt(port), files);
    ASSERT_TRUE(id.ok()) << id.error().toString();
    EXPECT_EQ(outbox.processDue(t0), 0);
    auto snap = outbox.snapshot();
    ASSERT_EQ(snap.size(), 1u);
    EXPECT_EQ(snap[0].state, OutboxState::Retrying);
    EXPECT_EQ(snap[0].sent, 0);
    EXPECT_EQ(snap[0].nextAttempt, t0 + 10);
    EXPECT_NE(snap[0].lastError.find("127.0.0.1"), std::string::npos) << snap[0].lastError;
    EXPECT_EQ(outbox.processDue(t0 + 5), 0);  // not due yet
    EXPECT_EQ(outbox.snapshot()[0].attempts, 1);
  }
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  o.dicomPort = port;
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  Outbox restarted(folder);  // a new process on the same folder
  ASSERT_EQ(restarted.snapshot().size(), 1u);
  EXPECT_EQ(restarted.processDue(t0 + 11), 12);
  auto snap = restarted.snapshot();
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(snap[0].state, OutboxState::Done);
  EXPECT_EQ(snap[0].sent, 12);
  EXPECT_EQ(server.instanceCount(), 12);
  EXPECT_EQ(restarted.processDue(t0 + 1000), 0);  // nothing left, nothing sent again
  for (size_t i = 0; i < files.size(); ++i) EXPECT_EQ(slurp(files[i]), before[i]);  // sources untouched
  EXPECT_TRUE(fv::test::filesUnder(folder + "/jobs").empty());
}

TEST(Outbox, AFileThePacsCannotTakeFailsAloneAndTheRestIsSent) {
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  const std::string dir = fv::test::tempDir("outbox-junk-src");
  const fs::path junk = fs::path(dir) / "notes.txt";
  std::ofstream(junk) << "not DICOM";
  auto files = mrFiles();
  files.push_back(junk);
  Outbox outbox(fv::test::tempDir("outbox-junk"));
  ASSERT_TRUE(outbox.enqueue(nodeAt(server.dicomPort()), files).ok());
  EXPECT_EQ(outbox.processDue(), 12);
  auto snap = outbox.snapshot();
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(snap[0].state, OutboxState::Failed);
  EXPECT_EQ(snap[0].sent, 12);
  EXPECT_EQ(snap[0].failed, 1);
  EXPECT_NE(snap[0].lastError.find("notes.txt"), std::string::npos) << snap[0].lastError;
  EXPECT_EQ(server.instanceCount(), 12);
}

TEST(Outbox, ASourceDeletedAfterEnqueueIsStillSent) {
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  const std::string dir = fv::test::tempDir("outbox-deleted-src");
  const fs::path copy = fs::path(dir) / "one.dcm";
  fs::copy_file(mrFiles().front(), copy);
  Outbox outbox(fv::test::tempDir("outbox-deleted"));
  ASSERT_TRUE(outbox.enqueue(nodeAt(server.dicomPort()), {copy}).ok());
  fs::remove(copy);
  EXPECT_EQ(outbox.processDue(), 1);
  EXPECT_EQ(server.instanceCount(), 1);
}

TEST(Outbox, AProcessKilledMidSendNeverSendsAnAcknowledgedFileAgain) {
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  const std::string folder = fv::test::tempDir("outbox-kill");
  {
    Outbox outbox(folder);
    ASSERT_TRUE(outbox.enqueue(nodeAt(server.dicomPort()), mrFiles()).ok());
  }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // the "viewer": killed (no clean-up at all) after the 5th acknowledgement
    Outbox outbox(folder);
    int acknowledged = 0;
    outbox.setOnChange([&] {
      for (const auto& e : outbox.snapshot())
        if (e.sent >= 5 && ++acknowledged) ::raise(SIGKILL);
    });
    outbox.processDue();
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  Outbox restarted(folder);
  auto snap = restarted.snapshot();
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(snap[0].sent, 5);
  EXPECT_EQ(restarted.processDue(), 7);  // only the seven not acknowledged
  snap = restarted.snapshot();
  EXPECT_EQ(snap[0].state, OutboxState::Done);
  EXPECT_EQ(snap[0].sent, 12);
  EXPECT_EQ(server.instanceCount(), 12);
}

TEST(Outbox, RemoveAndRetryNowAreHonoured) {
  const uint16_t port = fv::test::ClosedPort().port();
  Outbox outbox(fv::test::tempDir("outbox-remove"));
  auto a = outbox.enqueue(nodeAt(port), {mrFiles().front()});
  auto b = outbox.enqueue(nodeAt(port), {mrFiles().back()});
  ASSERT_TRUE(a.ok() && b.ok());
  outbox.processDue(2'000'000);
  EXPECT_TRUE(outbox.retryNow(*a).ok());
  EXPECT_TRUE(outbox.remove(*b).ok());
  auto snap = outbox.snapshot();
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(snap[0].id, *a);
  EXPECT_EQ(snap[0].nextAttempt, 0);
  EXPECT_FALSE(outbox.remove("../etc").ok());
}

TEST(OutboxWorker, SendsWhatIsEnqueuedWithoutBeingAsked) {
  OrthancServer server;
  OrthancOptions o;
  o.dicomWeb = false;
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  Outbox outbox(fv::test::tempDir("outbox-worker"));
  OutboxWorker worker(outbox);
  ASSERT_TRUE(outbox.enqueue(nodeAt(server.dicomPort()), mrFiles()).ok());
  worker.wake();
  for (int i = 0; i < 200 && server.instanceCount() < 12; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(server.instanceCount(), 12);
}
