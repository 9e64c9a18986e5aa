// The faulty test plugin's plan: which fault each kind of call shows, chosen at run time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include <QHash>
#include <QString>

namespace fv::test::faulty {

/// What a call does instead of its job.
enum class Fault {
  None,     ///< works
  Throw,    ///< throws std::runtime_error
  Garbage,  ///< returns a plausible but invalid value (what exactly: the plan's argument)
  Hang,     ///< blocks until released (or for FV_FAULTY_HANG_MS), then works
  Modal,    ///< runs a nested event loop (as a modal dialog does) for the hang time, then works
};

/// FV_FAULTY_MODE="call:fault[:argument],..." with call one of info, register, handler, tool,
/// paint, panel, command, prepare (an exporter's), exporter (its job's run), shutdown and fault
/// one of throw, garbage, hang, modal;
/// FV_FAULTY_HANG_MS=N bounds a hang (0 or unset: until released).
class FaultPlan {
 public:
  /// The plan the environment describes now (an unknown word is ignored: no fault).
  static FaultPlan fromEnvironment();

  /// The fault planned for `call`.
  Fault fault(const QString& call) const { return m_faults.value(call).fault; }
  /// Its argument ("" when none), e.g. "nan" in "handler:garbage:nan".
  QString argument(const QString& call) const { return m_faults.value(call).argument; }
  /// How long a hang lasts at most (0: until released).
  std::chrono::milliseconds hangTime() const { return m_hang; }

 private:
  struct Entry {
    Fault fault = Fault::None;
    QString argument;
  };
  QHash<QString, Entry> m_faults;
  std::chrono::milliseconds m_hang{0};
};

/// Shared by the plugin and its contributions (and by workers the host abandoned): releases
/// hangs and counts calls, so tests can check that a disabled plugin is never called again.
class FaultControl {
 public:
  /// Blocks until release() (or `limit` passes, when not 0). Returns at once while released.
  void hang(std::chrono::milliseconds limit);
  /// Ends every hang, now and later, until rearm().
  void release();
  /// Lets hangs block again and counts calls from zero (a new test).
  void rearm();
  /// Counts one call of `call`.
  void count(const QString& call);
  /// How often `call` was called.
  int calls(const QString& call) const;

 private:
  mutable std::mutex m_mutex;
  std::condition_variable m_released;
  bool m_releasedFlag = false;
  QHash<QString, int> m_calls;
};

/// Counts the call, then does what `plan` says for it: throws, hangs or runs a nested event loop.
/// Returns the planned fault (Garbage: the caller returns its garbage).
Fault act(const FaultPlan& plan, FaultControl& control, const QString& call);

}  // namespace fv::test::faulty
