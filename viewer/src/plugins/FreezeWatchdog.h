// Notices a GUI-thread plugin call that has frozen the viewer for long, while it is frozen, and
// records the plugin (FreezeRecord), so that a viewer ended while frozen starts next time
// without that plugin. Nothing in-process can end the call itself (docs/reliability.md).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include <QString>

namespace fv::viewer {

/// Which plugin call is watched, and where and after how long to record it.
struct FreezeTarget {
  QString pluginId;
  QString subject;          ///< "plugin", "command 'x.y'", ...
  const char* method = "";  ///< "registerContributions", "run", ... (a string literal)
  QString recordPath;       ///< FreezeRecord file ("" = do not record)
  std::chrono::milliseconds after{30000};  ///< frozen this long: recorded
};

/// One process-wide watchdog thread over the GUI thread's innermost plugin call. The GUI thread
/// tells it when a call starts and ends and when the event loop turns or waits inside it
/// (CallWatch does); the watchdog records a call frozen for `after` and the GUI thread removes
/// the record when the call returns after all (the call is then disabled as slow, as usual).
class FreezeWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  /// What a nested call saves of the call it interrupts.
  struct Watched {
    FreezeTarget target;
    Clock::time_point since;  ///< start of the current stretch without an event-loop turn
    bool frozen = true;       ///< false while the event loop waits for input
    bool recorded = false;    ///< the watchdog wrote the record
  };

  /// The watchdog (its thread starts with the first call it watches).
  static FreezeWatchdog& instance();
  ~FreezeWatchdog();
  FreezeWatchdog(const FreezeWatchdog&) = delete;
  FreezeWatchdog& operator=(const FreezeWatchdog&) = delete;

  /// GUI thread: call `target` starts at `now`; returns the call it interrupts (if any).
  std::optional<Watched> enter(const FreezeTarget& target, Clock::time_point now);
  /// GUI thread: the current call returned; `outer` (from enter()) is watched again. Removes the
  /// record if the watchdog had written one for the returning call.
  void leave(std::optional<Watched> outer);
  /// GUI thread: the event loop turned (frozen = true: a new stretch starts at `now`) or is
  /// about to wait for input (frozen = false).
  void stretch(bool frozen, Clock::time_point now);

 private:
  FreezeWatchdog() = default;
  void run();

  std::mutex m_fileMutex;  ///< held while the record file is written (taken before m_mutex)
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::optional<Watched> m_current;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace fv::viewer
