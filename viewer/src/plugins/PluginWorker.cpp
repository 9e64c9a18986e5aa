#include "PluginWorker.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace fv::viewer {
namespace {

/// A function a worker asks the waiting thread to run.
struct Request {
  const std::function<void()>* f = nullptr;
  bool done = false;     ///< ran on the waiting thread
  bool dropped = false;  ///< will never run: the worker was abandoned
};

/// What a worker and the thread waiting for it share.
struct Call {
  std::mutex mutex;
  std::condition_variable changed;
  bool finished = false;   ///< the task returned
  bool abandoned = false;  ///< the waiting thread gave up on the task
  std::deque<Request*> requests;
};

std::atomic<int> g_running{0};
thread_local Call* t_call = nullptr;  ///< on a worker: its call

/// Serves requests until the task finishes (true) or `limit` passes (false: abandoned).
bool wait(Call& call, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::unique_lock lock(call.mutex);
  for (;;) {
    if (call.finished) return true;
    if (!call.requests.empty()) {
      Request* request = call.requests.front();
      call.requests.pop_front();
      lock.unlock();
      try {
        (*request->f)();
      } catch (...) {
        // A viewer call that throws is a host bug; the worker must not hang on it.
      }
      lock.lock();
      request->done = true;
      call.changed.notify_all();
      continue;
    }
    if (call.changed.wait_until(lock, deadline,
                                [&] { return call.finished || !call.requests.empty(); }))
      continue;
    call.abandoned = true;
    for (Request* request : call.requests) request->dropped = true;
    call.requests.clear();
    call.changed.notify_all();
    return false;
  }
}

}  // namespace

WorkerOutcome runOnWorker(std::function<void()> task, std::chrono::milliseconds limit) noexcept {
  std::shared_ptr<Call> call;
  std::thread thread;
  try {
    call = std::make_shared<Call>();
    g_running.fetch_add(1);
    try {
      thread = std::thread([call, task = std::move(task)]() mutable {
        t_call = call.get();
        try {
          task();
        } catch (...) {
        }
        task = nullptr;  // what the task owns is released here, on the worker
        {
          std::lock_guard lock(call->mutex);
          call->finished = true;
        }
        call->changed.notify_all();
        t_call = nullptr;
        call.reset();
        g_running.fetch_sub(1);
      });
    } catch (...) {
      g_running.fetch_sub(1);
      throw;
    }
  } catch (...) {
    return WorkerOutcome::NotStarted;
  }
  if (wait(*call, limit)) {
    thread.join();
    return WorkerOutcome::Finished;
  }
  thread.detach();
  return WorkerOutcome::TimedOut;
}

bool onWorkerThread() {
  return t_call != nullptr;
}

bool runOnWaitingThread(const std::function<void()>& f) {
  Call* call = t_call;
  if (!call) {
    f();
    return true;
  }
  Request request;
  request.f = &f;
  std::unique_lock lock(call->mutex);
  if (call->abandoned) return false;
  call->requests.push_back(&request);
  call->changed.notify_all();
  call->changed.wait(lock, [&] { return request.done || request.dropped; });
  return request.done;
}

int runningWorkers() {
  return g_running.load();
}

}  // namespace fv::viewer
