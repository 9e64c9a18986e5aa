// One plugin's guard: every host → plugin call runs through it; a fault disables the plugin.
#pragma once

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <utility>

#include <QObject>
#include <QString>

#include "CallLimits.h"
#include "CallWatch.h"

namespace fv::viewer {

/// Runs calls into one plugin inside try/catch and a watchdog, and remembers whether the plugin
/// is still enabled. Faults that disable it: an exception, a GUI-thread call that blocked the
/// event loop longer than its limit, a worker call that did not return in time, an invalid
/// result. Once disabled, no further call reaches the plugin. enabled()/message() are
/// thread-safe; disabled() is emitted from the thread that reports the fault (the host reports
/// from the calling thread, normally the GUI thread).
class PluginGuard : public QObject {
  Q_OBJECT

 public:
  /// A guard for plugin `pluginId` (the prefix of every message) with the given time limits; a
  /// GUI-thread call frozen for limits.frozen is written to the FreezeRecord at `freezeRecord`
  /// ("" = not recorded) while it is frozen.
  explicit PluginGuard(QString pluginId, CallLimits limits = callLimits(),
                       QString freezeRecord = {});

  /// The guarded plugin's id.
  const QString& pluginId() const { return m_pluginId; }
  /// The time limits of this plugin's calls.
  const CallLimits& limits() const { return m_limits; }
  /// False once the plugin was disabled.
  bool enabled() const { return m_enabled.load(std::memory_order_acquire); }
  /// Why the plugin was disabled ("" while enabled).
  QString message() const;

  /// Calls `f` on this thread and returns its result; returns `fallback` when disabled, when `f`
  /// throws ("<plugin>: <subject> threw in <method>: <what>") or when it kept the event loop
  /// from turning for longer than `limit` ("... blocked the viewer for N ms ..."): both disable.
  template <class R, class F>
  R callWithin(std::chrono::milliseconds limit, const QString& subject, const char* method,
               R fallback, F&& f) noexcept;
  /// callWithin() with the interactive limit (tool events, paint, panels, info()).
  template <class R, class F>
  R call(const QString& subject, const char* method, R fallback, F&& f) noexcept {
    return callWithin(m_limits.interactive, subject, method, std::move(fallback),
                      std::forward<F>(f));
  }
  /// Like callWithin() for functions returning nothing; true when `f` ran and returned normally
  /// within the limit.
  template <class F>
  bool runWithin(std::chrono::milliseconds limit, const QString& subject, const char* method,
                 F&& f) noexcept {
    return callWithin(limit, subject, method, false, [&] {
      std::forward<F>(f)();
      return true;
    });
  }
  /// runWithin() with the interactive limit.
  template <class F>
  bool run(const QString& subject, const char* method, F&& f) noexcept {
    return runWithin(m_limits.interactive, subject, method, std::forward<F>(f));
  }

  /// Disables: `error` was thrown by `subject`'s `method` (e.g. caught on a worker thread).
  void reportException(const QString& subject, const char* method,
                       std::exception_ptr error) noexcept;
  /// Disables: `method` kept the viewer's event loop from turning for `blocked` (over `limit`).
  void reportSlow(const QString& subject, const char* method, std::chrono::milliseconds blocked,
                  std::chrono::milliseconds limit) noexcept;
  /// Disables: `method` did not return within `limit` (its worker thread is abandoned).
  void reportTimeout(const QString& subject, const char* method,
                     std::chrono::milliseconds limit) noexcept;
  /// Disables: `method` returned something invalid (or left the painter broken); `problem` names
  /// the bad value ("<plugin>: <subject> broke the plugin contract in <method>: <problem>").
  void reportInvalid(const QString& subject, const char* method, const QString& problem) noexcept;

  /// Disables the plugin; the first message wins. Emits disabled() once.
  void disable(const QString& message);

 signals:
  /// The plugin was disabled; `message` says why (also in message()).
  void disabled(const QString& message);

 private:
  /// disable() that cannot throw (reporting itself may fail when memory is short).
  void disableQuietly(const QString& message) noexcept;

  const QString m_pluginId;
  const CallLimits m_limits;
  const QString m_freezeRecord;
  std::atomic<bool> m_enabled{true};
  mutable std::mutex m_mutex;
  QString m_message;
};

template <class R, class F>
R PluginGuard::callWithin(std::chrono::milliseconds limit, const QString& subject,
                          const char* method, R fallback, F&& f) noexcept {
  if (!enabled()) return fallback;
  try {
    std::optional<FreezeTarget> freeze;
    if (!m_freezeRecord.isEmpty())
      freeze = FreezeTarget{m_pluginId, subject, method, m_freezeRecord, m_limits.frozen};
    CallWatch watch(freeze);
    R result = std::forward<F>(f)();
    if (const auto blocked = watch.longestBlock(); blocked > limit) {
      reportSlow(subject, method, blocked, limit);
      return fallback;
    }
    return result;
  } catch (...) {
    reportException(subject, method, std::current_exception());
  }
  return fallback;
}

}  // namespace fv::viewer
