#include "CallWatch.h"

#include <algorithm>

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QPointer>
#include <QThread>

namespace fv::viewer {
namespace {

thread_local CallWatch* t_innermost = nullptr;
thread_local QPointer<QAbstractEventDispatcher> t_hooked;

}  // namespace

CallWatch::CallWatch(const std::optional<FreezeTarget>& freeze)
    : m_outer(t_innermost), m_stretchStart(Clock::now()) {
  // The UNIX dispatcher emits awake at every turn and aboutToBlock before it waits; the GLib one
  // emits aboutToBlock when it may wait and awake otherwise.
  if (QAbstractEventDispatcher* dispatcher = QAbstractEventDispatcher::instance();
      dispatcher && dispatcher != t_hooked) {
    QObject::connect(dispatcher, &QAbstractEventDispatcher::awake, &CallWatch::onAwake);
    QObject::connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock,
                     &CallWatch::onAboutToBlock);
    t_hooked = dispatcher;
  }
  if (m_outer) m_outer->pause(m_stretchStart);
  t_innermost = this;
  const QCoreApplication* app = QCoreApplication::instance();
  if (freeze && app && QThread::currentThread() == app->thread()) {
    m_interrupted = FreezeWatchdog::instance().enter(*freeze, m_stretchStart);
    m_watchdog = true;
  }
}

CallWatch::~CallWatch() {
  t_innermost = m_outer;
  if (m_watchdog) FreezeWatchdog::instance().leave(std::move(m_interrupted));
  if (m_outer) m_outer->restart(Clock::now());
}

std::chrono::milliseconds CallWatch::longestBlock() const {
  const Clock::duration current = m_running ? Clock::now() - m_stretchStart : Clock::duration{};
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::max(m_longest, current));
}

void CallWatch::pause(Clock::time_point now) {
  if (m_running) m_longest = std::max(m_longest, now - m_stretchStart);
  m_running = false;
  if (m_watchdog) FreezeWatchdog::instance().stretch(false, now);
}

void CallWatch::restart(Clock::time_point now) {
  pause(now);
  m_stretchStart = now;
  m_running = true;
  if (m_watchdog) FreezeWatchdog::instance().stretch(true, now);
}

void CallWatch::onAwake() {
  if (t_innermost) t_innermost->restart(Clock::now());
}

void CallWatch::onAboutToBlock() {
  if (t_innermost) t_innermost->pause(Clock::now());
}

}  // namespace fv::viewer
