// The machinery behind the time limits (white box: viewer/src/plugins): worker threads with a
// timeout, viewer calls carried out on the waiting thread, and the GUI-thread watchdog.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include "CallWatch.h"
#include "PluginWorker.h"

using fv::viewer::CallWatch;
using fv::viewer::runOnWaitingThread;
using fv::viewer::runOnWorker;
using fv::viewer::WorkerOutcome;
using namespace std::chrono_literals;

namespace {

/// A gate a worker waits at until the test opens it.
struct Gate {
  std::mutex mutex;
  std::condition_variable opened;
  bool open = false;
  void wait() {
    std::unique_lock lock(mutex);
    opened.wait(lock, [&] { return open; });
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    opened.notify_all();
  }
};

void waitForNoWorkers() {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (fv::viewer::runningWorkers() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(2ms);
}

}  // namespace

TEST(PluginWorker, RunsTheTaskElsewhereAndItsRequestsOnTheWaitingThread) {
  QThread* worker = nullptr;
  QThread* request = nullptr;
  bool onWorker = false;
  const WorkerOutcome outcome = runOnWorker(
      [&] {
        worker = QThread::currentThread();
        onWorker = fv::viewer::onWorkerThread();
        EXPECT_TRUE(runOnWaitingThread([&] { request = QThread::currentThread(); }));
      },
      2000ms);
  EXPECT_EQ(outcome, WorkerOutcome::Finished);
  EXPECT_TRUE(onWorker);
  EXPECT_NE(worker, QThread::currentThread());
  EXPECT_EQ(request, QThread::currentThread());
  EXPECT_FALSE(fv::viewer::onWorkerThread());
  EXPECT_EQ(fv::viewer::runningWorkers(), 0);
}

TEST(PluginWorker, AbandonsATaskOverItsLimitAndDropsItsLaterRequests) {
  auto gate = std::make_shared<Gate>();
  auto ranRequest = std::make_shared<std::atomic<bool>>(false);
  auto requestAnswered = std::make_shared<std::atomic<int>>(-1);
  const auto start = std::chrono::steady_clock::now();
  const WorkerOutcome outcome = runOnWorker(
      [gate, ranRequest, requestAnswered] {
        gate->wait();
        *requestAnswered = runOnWaitingThread([&] { *ranRequest = true; }) ? 1 : 0;
      },
      100ms);
  EXPECT_EQ(outcome, WorkerOutcome::TimedOut);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms);
  EXPECT_EQ(fv::viewer::runningWorkers(), 1);
  gate->release();
  waitForNoWorkers();
  EXPECT_EQ(fv::viewer::runningWorkers(), 0);
  EXPECT_EQ(*requestAnswered, 0);
  EXPECT_FALSE(*ranRequest);
}

TEST(CallWatch, CountsTheLongestStretchTheEventLoopCouldNotTurn) {
  CallWatch watch;
  std::this_thread::sleep_for(120ms);
  EXPECT_GE(watch.longestBlock(), 120ms);
}

TEST(CallWatch, ANestedEventLoopWaitingForInputIsNotBlocking) {
  CallWatch watch;
  QEventLoop loop;
  QTimer::singleShot(300, &loop, &QEventLoop::quit);
  loop.exec();
  EXPECT_LT(watch.longestBlock(), 100ms);
}

TEST(CallWatch, TimeInANestedCallCountsForThatCallOnly) {
  CallWatch outer;
  {
    CallWatch inner;
    std::this_thread::sleep_for(120ms);
    EXPECT_GE(inner.longestBlock(), 120ms);
  }
  EXPECT_LT(outer.longestBlock(), 100ms);
}
