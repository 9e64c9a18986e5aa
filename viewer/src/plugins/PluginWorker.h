// Plugin calls on a worker thread with a time limit (series handlers, exporters).
#pragma once

#include <chrono>
#include <functional>

namespace fv::viewer {

/// What became of a task given to runOnWorker().
enum class WorkerOutcome {
  Finished,    ///< the task returned within the limit
  TimedOut,    ///< the limit passed: the worker is abandoned (left running, never waited for)
  NotStarted,  ///< no thread could be created; the task never ran
};

/// Runs `task` on a new thread and waits up to `limit` for it. While waiting, the calling thread
/// carries out what the task hands to runOnWaitingThread() (a plugin's ViewerServices calls).
/// On timeout the worker is abandoned: it runs on until the plugin returns (a thread cannot be
/// stopped safely), so `task` must own (shared_ptr, copies) everything it touches. An exception
/// escaping `task` is swallowed: tasks catch and record their own. Never throws.
WorkerOutcome runOnWorker(std::function<void()> task, std::chrono::milliseconds limit) noexcept;

/// True on a thread started by runOnWorker() (abandoned or not).
bool onWorkerThread();

/// From a worker: runs `f` on the thread that waits for the worker and returns true once `f`
/// returned; returns false without running `f` when the worker was abandoned. On any other
/// thread: runs `f` right here and returns true.
bool runOnWaitingThread(const std::function<void()>& f);

/// Worker threads still running, abandoned ones included (tests wait for 0 before exiting).
int runningWorkers();

}  // namespace fv::viewer
