// The "slow plugin" watchdog for calls that must run on the GUI thread.
#pragma once

#include <chrono>
#include <optional>

#include "FreezeWatchdog.h"

namespace fv::viewer {

/// Created just before a call into a plugin, asked right after it: the longest stretch during
/// the call in which the calling thread's event loop did not turn, i.e. the viewer was frozen.
/// A plugin that runs a nested event loop (a modal dialog) or calls processEvents() keeps the
/// viewer responsive: the loop's turns end a stretch, and its waits for input are not counted.
/// Watches nest (a plugin call made from inside another): only the innermost one runs, so time
/// spent in a nested plugin call is counted for that call only.
class CallWatch {
 public:
  /// Starts watching (and hooks the current thread's event dispatcher, once). On the GUI thread
  /// a `freeze` target also puts the call under the FreezeWatchdog.
  explicit CallWatch(const std::optional<FreezeTarget>& freeze = std::nullopt);
  ~CallWatch();
  CallWatch(const CallWatch&) = delete;
  CallWatch& operator=(const CallWatch&) = delete;

  /// The longest stretch since construction without an event-loop turn.
  std::chrono::milliseconds longestBlock() const;

 private:
  using Clock = std::chrono::steady_clock;

  /// The event loop turned (QAbstractEventDispatcher::awake): a new stretch starts.
  static void onAwake();
  /// The event loop is about to wait for input: not blocking until it wakes.
  static void onAboutToBlock();
  void pause(Clock::time_point now);
  void restart(Clock::time_point now);

  CallWatch* const m_outer;
  bool m_watchdog = false;  ///< reported to the FreezeWatchdog
  std::optional<FreezeWatchdog::Watched> m_interrupted;  ///< the watchdog's call before this one  ///< the watch of the call this one is nested in (this thread)
  Clock::time_point m_stretchStart;
  Clock::duration m_longest{};
  bool m_running = true;  ///< false while the event loop waits or a nested call runs
};

}  // namespace fv::viewer
