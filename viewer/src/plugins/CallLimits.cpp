#include "CallLimits.h"

#include <mutex>

namespace fv::viewer {
namespace {

std::mutex g_mutex;
CallLimits g_limits;

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
