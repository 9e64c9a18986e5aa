#include "GuardedCommand.h"

namespace fv::viewer {

fv::plugin::Command guardedCommand(fv::plugin::Command command,
                                   std::shared_ptr<PluginGuard> guard) {
  if (!command.run) return command;  // the registry rejects it with a message
  command.run = [run = std::move(command.run), guard = std::move(guard),
                 subject =
                     QStringLiteral("command ") + command.id](fv::plugin::ViewerServices& viewer) {
    guard->runWithin(guard->limits().command, subject, "run", [&] { run(viewer); });
  };
  return command;
}

}  // namespace fv::viewer
