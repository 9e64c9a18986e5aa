#include "PluginGuard.h"

#include <typeinfo>

namespace fv::viewer {
namespace {

/// The exception's text: what() for std::exception, a note for anything else thrown.
QString describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    const QString what = QString::fromUtf8(e.what());
    return what.isEmpty() ? QString::fromUtf8(typeid(e).name()) : what;
  } catch (...) {
    return QStringLiteral("unknown exception (not a std::exception)");
  }
}

}  // namespace

PluginGuard::PluginGuard(QString pluginId, CallLimits limits, QString freezeRecord)
    : m_pluginId(std::move(pluginId)), m_limits(limits), m_freezeRecord(std::move(freezeRecord)) {}

QString PluginGuard::message() const {
  std::lock_guard lock(m_mutex);
  return m_message;
}

void PluginGuard::disable(const QString& message) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_message.isEmpty() || !m_enabled.load()) return;
    m_message = message;
    m_enabled.store(false, std::memory_order_release);
  }
  emit disabled(message);
}

void PluginGuard::disableQuietly(const QString& message) noexcept {
  try {
    disable(message);
  } catch (...) {
    // Even reporting failed (out of memory?): still make sure the plugin is never called again.
    m_enabled.store(false, std::memory_order_release);
  }
}

void PluginGuard::reportException(const QString& subject, const char* method,
                                  std::exception_ptr error) noexcept {
  try {
    disableQuietly(QStringLiteral("%1: %2 threw in %3: %4")
                       .arg(m_pluginId, subject, QString::fromLatin1(method), describe(error)));
  } catch (...) {
    m_enabled.store(false, std::memory_order_release);
  }
}

void PluginGuard::reportSlow(const QString& subject, const char* method,
                             std::chrono::milliseconds blocked,
                             std::chrono::milliseconds limit) noexcept {
  try {
    disableQuietly(
        QStringLiteral("%1: %2 blocked the viewer for %3 ms in %4 (limit %5 ms): disabled as a "
                       "slow plugin")
            .arg(m_pluginId, subject)
            .arg(blocked.count())
            .arg(QString::fromLatin1(method))
            .arg(limit.count()));
  } catch (...) {
    m_enabled.store(false, std::memory_order_release);
  }
}

void PluginGuard::reportTimeout(const QString& subject, const char* method,
                                std::chrono::milliseconds limit) noexcept {
  try {
    disableQuietly(QStringLiteral("%1: %2 did not return from %3 within %4 ms (hung?): its thread "
                                  "is abandoned and its result will be ignored")
                       .arg(m_pluginId, subject, QString::fromLatin1(method))
                       .arg(limit.count()));
  } catch (...) {
    m_enabled.store(false, std::memory_order_release);
  }
}

void PluginGuard::reportInvalid(const QString& subject, const char* method,
                                const QString& problem) noexcept {
  try {
    disableQuietly(QStringLiteral("%1: %2 broke the plugin contract in %3: %4")
                       .arg(m_pluginId, subject, QString::fromLatin1(method), problem));
  } catch (...) {
    m_enabled.store(false, std::memory_order_release);
  }
}

}  // namespace fv::viewer
