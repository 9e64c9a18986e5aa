// The fault tests' fixture: the example plugin and the faulty one (tests/plugins/faulty) in one
// host, with short time limits, and the checks that the example kept working and kept its data.
#pragma once

#include <memory>

#include <QByteArray>
#include <QPointer>
#include <QSignalSpy>
#include <QStringList>

#include "CallLimits.h"
#include "PluginTestUtil.h"
#include "RecordingViewerServices.h"

namespace fv::test {

/// A folder with links to the example and the faulty plugin only (made once per process).
QString exampleAndFaultyDir();

/// The fault tests' limits (the defaults are seconds): handler 300 ms, exporter 600 ms, GUI-thread
/// calls 150 ms; a GUI-thread call frozen for 300 ms is recorded in the freeze record.
fv::viewer::CallLimits shortLimits();
/// How long a GUI-thread "hang" of the faulty plugin lasts (four times the 150 ms limit): such a
/// call cannot be interrupted, only noticed once it returns.
inline constexpr int kGuiHangMs = 600;

/// Sets the plugin call limits for one scope (then restores the previous ones).
class ScopedCallLimits {
 public:
  /// Makes `limits` the limits of guards created in this scope.
  explicit ScopedCallLimits(const fv::viewer::CallLimits& limits);
  ~ScopedCallLimits();
  ScopedCallLimits(const ScopedCallLimits&) = delete;
  ScopedCallLimits& operator=(const ScopedCallLimits&) = delete;

 private:
  const fv::viewer::CallLimits m_old;
};

/// The faulty plugin's root object (one per process, shared by every host): releases its hangs
/// and tells how often each kind of call reached it.
class FaultyRoot {
 public:
  /// The root of the plugin in `file` (loads it if no host did yet).
  explicit FaultyRoot(const QString& file);
  /// Ends every hang of the plugin (now and later) until rearm().
  void release();
  /// Lets hangs block again and counts calls from zero.
  void rearm();
  /// How often calls of kind `call` ("handler", "tool", ...) reached the plugin.
  int calls(const QString& call) const;

 private:
  QPointer<QObject> m_root;
};

/// Whether the faulty plugin's hangs end on their own.
enum class Hangs {
  Bounded,        ///< after kGuiHangMs (GUI-thread calls: the watchdog sees them return)
  UntilReleased,  ///< never before release() (worker calls: the host abandons them)
};

/// A host that loaded the example plugin and the faulty one with FV_FAULTY_MODE=`mode`, over the
/// demo study, with shortLimits() and a freeze record of its own. The destructor releases every
/// hang and waits until no worker of the host runs any more, so that the test process exits
/// cleanly.
class FaultyHost {
 public:
  /// Loads both plugins (the faulty one with `mode`, e.g. "handler:hang"), with the freeze record
  /// at `freezeRecord` (default: a new one in a fresh temporary folder).
  explicit FaultyHost(const QByteArray& mode, Hangs hangs = Hangs::Bounded,
                      const QString& freezeRecord = {});
  ~FaultyHost();
  FaultyHost(const FaultyHost&) = delete;
  FaultyHost& operator=(const FaultyHost&) = delete;

  /// The faulty plugin's record (status and message).
  fv::viewer::PluginRecord faultyRecord() const;
  /// Expects the faulty plugin disabled, once, with a message that contains every one of
  /// `parts` (and names the plugin), shown to the user as an error.
  void expectFaultyDisabled(const QStringList& parts) const;
  /// Marks a point with the example's marker tool on frame 2 of the fluoroscopy (before a fault,
  /// so that expectExampleWorks() can check the example kept it).
  void markWithExample();
  /// Expects the example plugin whole and working: all its contributions registered as its own,
  /// enabled, without a message; its marker tool marks and still draws the mark made by
  /// markWithExample(); its panel follows the frame; its command, handler and exporter work.
  void expectExampleWorks();

  /// The faulty plugin's root.
  FaultyRoot& faulty() { return *m_root; }

 private:
  ScopedCallLimits m_limits{shortLimits()};

 public:
  const QString freezeRecord;  ///< the host's freeze record (FreezeRecord.h)

 private:
  ScopedEnv m_mode;
  ScopedEnv m_hangMs;
  std::unique_ptr<FaultyRoot> m_root;

 public:
  RecordingViewerServices viewer{demoIndex()};  ///< what the plugins see of the viewer
  fv::viewer::PluginHost host{viewer};          ///< the host under test
  QSignalSpy disabled{&host, &fv::viewer::PluginHost::pluginDisabled};  ///< (id, message)
  FakeViewport xa{demoSeries("XA")};            ///< a viewport on the fluoroscopy cine

 private:
  bool m_marked = false;
};

/// Waits up to 5 s until no worker thread of any host runs; the number still running.
int waitForWorkers();

/// A left click at image point `image`.
fv::plugin::ToolEvent leftPress(QPointF image);

}  // namespace fv::test
