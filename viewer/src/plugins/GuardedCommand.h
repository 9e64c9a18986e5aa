// A plugin's command with its run function behind its plugin's guard.
#pragma once

#include <memory>

#include "PluginGuard.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// `command` with `run` replaced by a guarded call of the original (command time limit; a no-op
/// once disabled).
fv::plugin::Command guardedCommand(fv::plugin::Command command, std::shared_ptr<PluginGuard> guard);

}  // namespace fv::viewer
