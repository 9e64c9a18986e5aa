// How long the host lets each kind of plugin call take (docs/plugins.md, "Time limits").
#pragma once

#include <chrono>

namespace fv::viewer {

/// Time limits for calls into plugins. Worker-thread calls (handlers, exporters) are abandoned
/// when their limit passes; GUI-thread calls cannot be interrupted, so a call that blocked the
/// event loop for longer than its limit disables its plugin once it returns ("slow plugin").
struct CallLimits {
  using Ms = std::chrono::milliseconds;
  Ms handler{2000};      ///< SeriesHandler::examine, on a worker thread
  Ms exporter{600000};   ///< ExportJob::run, on a worker thread (a teaching bundle of a study)
  Ms interactive{1000};  ///< GUI thread: info(), tool events and paint, PanelFactory::create
  Ms command{10000};     ///< GUI thread: Command::run (user actions that may save files)
  Ms lifecycle{5000};    ///< GUI thread: registerContributions(), shutdown()
  /// GUI thread, any call: frozen this long, the plugin is recorded so that a viewer ended while
  /// frozen starts next time without it (FreezeWatchdog; the record goes if the call returns)
  Ms frozen{30000};
};

/// The limits guards created from now on get (the defaults above unless changed;
/// FLUOROVIEW_PLUGIN_FREEZE_SECONDS in the environment sets `frozen`).
CallLimits callLimits();
/// Changes the limits for guards created from now on (tests shorten them). Thread-safe.
void setCallLimits(const CallLimits& limits);

}  // namespace fv::viewer
