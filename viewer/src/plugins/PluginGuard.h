// One plugin's guard: every host → plugin call runs through it; an exception disables the plugin.
#pragma once

#include <atomic>
#include <exception>
#include <mutex>
#include <utility>

#include <QObject>
#include <QString>

namespace fv::viewer {

/// Runs calls into one plugin inside try/catch and remembers whether the plugin is still enabled.
/// Once disabled, no further call reaches the plugin. Thread-safe (handlers may examine series
/// on a worker thread); disabled() is emitted from the calling thread.
class PluginGuard : public QObject {
  Q_OBJECT

 public:
  /// A guard for plugin `pluginId` (the prefix of every message).
  explicit PluginGuard(QString pluginId);

  /// The guarded plugin's id.
  const QString& pluginId() const { return m_pluginId; }
  /// False once a call threw or disable() was called.
  bool enabled() const { return m_enabled.load(std::memory_order_acquire); }
  /// Why the plugin was disabled ("" while enabled).
  QString message() const;

  /// Calls `f` and returns its result; returns `fallback` when disabled or when `f` throws (which
  /// disables the plugin with "<plugin>: <subject> threw in <method>: <what>").
  template <class R, class F>
  R call(const QString& subject, const char* method, R fallback, F&& f) noexcept;
  /// Like call() for functions returning nothing; true when `f` ran and returned normally.
  template <class F>
  bool run(const QString& subject, const char* method, F&& f) noexcept {
    return call(subject, method, false, [&] {
      std::forward<F>(f)();
      return true;
    });
  }

  /// Disables the plugin; the first message wins. Emits disabled() once.
  void disable(const QString& message);

 signals:
  /// The plugin was disabled; `message` says why (also in message()).
  void disabled(const QString& message);

 private:
  void failed(const QString& subject, const char* method, std::exception_ptr error) noexcept;

  const QString m_pluginId;
  std::atomic<bool> m_enabled{true};
  mutable std::mutex m_mutex;
  QString m_message;
};

template <class R, class F>
R PluginGuard::call(const QString& subject, const char* method, R fallback, F&& f) noexcept {
  if (!enabled()) return fallback;
  try {
    return std::forward<F>(f)();
  } catch (...) {
    failed(subject, method, std::current_exception());
  }
  return fallback;
}

}  // namespace fv::viewer
