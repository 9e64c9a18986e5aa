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

PluginGuard::PluginGuard(QString pluginId) : m_pluginId(std::move(pluginId)) {}

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

void PluginGuard::failed(const QString& subject, const char* method,
                         std::exception_ptr error) noexcept {
  try {
    disable(QStringLiteral("%1: %2 threw in %3: %4")
                .arg(m_pluginId, subject, QString::fromLatin1(method), describe(error)));
  } catch (...) {
    // Even reporting failed (out of memory?): still make sure the plugin is never called again.
    m_enabled.store(false, std::memory_order_release);
  }
}

}  // namespace fv::viewer
