#include "CallLimits.h"

#include <mutex>

#include <QString>

namespace fv::viewer {
namespace {

// The defaults, with FLUOROVIEW_PLUGIN_FREEZE_SECONDS (a positive number) for CallLimits::frozen.
CallLimits initialLimits() {
  CallLimits limits;
  bool ok = false;
  const double seconds = qEnvironmentVariable("FLUOROVIEW_PLUGIN_FREEZE_SECONDS").toDouble(&ok);
  if (ok && seconds > 0 && seconds < 86400) limits.frozen = CallLimits::Ms(qint64(seconds * 1000));
  return limits;
}

std::mutex g_mutex;
CallLimits g_limits = initialLimits();

}  // namespace

CallLimits callLimits() {
  std::lock_guard lock(g_mutex);
  return g_limits;
}

void setCallLimits(const CallLimits& limits) {
  std::lock_guard lock(g_mutex);
  g_limits = limits;
}

}  // namespace fv::viewer
