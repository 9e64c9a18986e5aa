#include "FreezeWatchdog.h"

#include <QDateTime>

#include "FreezeRecord.h"

namespace fv::viewer {
namespace {

constexpr std::chrono::milliseconds kPoll{100};

}  // namespace

FreezeWatchdog& FreezeWatchdog::instance() {
  static FreezeWatchdog watchdog;
  return watchdog;
}

FreezeWatchdog::~FreezeWatchdog() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

std::optional<FreezeWatchdog::Watched> FreezeWatchdog::enter(const FreezeTarget& target,
                                                             Clock::time_point now) {
  std::optional<Watched> outer;
  {
    std::lock_guard lock(m_mutex);
    if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
    outer = std::exchange(m_current, Watched{target, now, true, false});
  }
  m_wake.notify_all();
  return outer;
}

void FreezeWatchdog::leave(std::optional<Watched> outer) {
  std::optional<Watched> left;
  {
    std::lock_guard lock(m_mutex);
    left = std::exchange(m_current, std::move(outer));
  }
  if (!left || !left->recorded) return;
  // It returned after all: the guard disables it as slow for this session; a later start may
  // run it again. (The watchdog set `recorded` while holding the file lock: wait for its write.)
  std::lock_guard file(m_fileMutex);
  removeFreeze(left->target.recordPath, left->target.pluginId);
}

void FreezeWatchdog::stretch(bool frozen, Clock::time_point now) {
  std::lock_guard lock(m_mutex);
  if (!m_current) return;
  m_current->frozen = frozen;
  if (frozen) m_current->since = now;
}

void FreezeWatchdog::run() {
  std::unique_lock lock(m_mutex);
  while (!m_stop) {
    // Idle (no plugin call running) until a call starts; then a look every kPoll.
    m_wake.wait(lock, [this] { return m_stop || m_current.has_value(); });
    m_wake.wait_for(lock, kPoll, [this] { return m_stop; });
    if (m_stop) break;
    const Clock::time_point now = Clock::now();
    if (!m_current || !m_current->frozen || m_current->recorded ||
        m_current->target.recordPath.isEmpty() || now - m_current->since < m_current->target.after)
      continue;
    // Lock order: file, then state. Re-check after re-locking: the call may have returned.
    lock.unlock();
    std::lock_guard file(m_fileMutex);
    lock.lock();
    if (!m_current || !m_current->frozen || m_current->recorded ||
        now - m_current->since < m_current->target.after)
      continue;
    m_current->recorded = true;
    const FreezeTarget target = m_current->target;
    const auto frozenMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - m_current->since);
    lock.unlock();
    addFreeze(target.recordPath,
              {target.pluginId, QStringLiteral("%1 froze the viewer in %2 for more than %3 s (%4)")
                                    .arg(target.subject, QString::fromLatin1(target.method))
                                    .arg(double(frozenMs.count()) / 1000.0, 0, 'f', 1)
                                    .arg(QDateTime::currentDateTime().toString(Qt::ISODate))});
    lock.lock();
  }
}

}  // namespace fv::viewer
