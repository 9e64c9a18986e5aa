// Small helpers shared by the viewer benchmarks: resident memory, waiting on the event loop,
// and a watchdog of event-loop stalls.
#pragma once

#include <algorithm>
#include <fstream>
#include <string>

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

namespace fv::bench {

/// Resident set size of this process, MiB (VmRSS).
inline double rssMiB() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      double kb = 0;
      in >> kb;
      return kb / 1024.0;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

/// Runs the event loop until done() or `ms` elapsed; returns done().
template <class F>
bool waitFor(F done, int ms) {
  QElapsedTimer t;
  t.start();
  while (!done() && t.elapsed() < ms) QTest::qWait(2);
  return done();
}

/// A 5 ms precise timer: the longest gap between its ticks is the worst event-loop stall.
class StallWatch {
 public:
  StallWatch() {
    m_ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_ticker, &QTimer::timeout, [this] {
      m_worstMs = std::max(m_worstMs, double(m_gap.nsecsElapsed()) / 1e6);
      m_gap.restart();
    });
  }
  /// Starts watching (worst stall back to zero).
  void start() {
    m_worstMs = 0;
    m_gap.start();
    m_ticker.start(5);
  }
  /// Stops watching; returns the worst stall in milliseconds (the gap since the last tick
  /// counts too: a load that blocks before the first tick is a stall, not 0 ms).
  double stop() {
    m_ticker.stop();
    m_worstMs = std::max(m_worstMs, double(m_gap.nsecsElapsed()) / 1e6);
    return m_worstMs;
  }

 private:
  QTimer m_ticker;
  QElapsedTimer m_gap;
  double m_worstMs = 0;
};

}  // namespace fv::bench
