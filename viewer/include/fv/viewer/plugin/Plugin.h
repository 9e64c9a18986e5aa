// The plugin interface (Qt plugandpaint pattern): one small, versioned interface per plugin.
// A plugin may include only the headers in this folder and fv/dicom/.
#pragma once

#include <QString>
#include <QtPlugin>

namespace fv::plugin {

class PluginContext;

/// Major.minor of the plugin API. The IID carries the major version: a plugin built for
/// another major version is refused at load time with a message (never loaded).
/// 1.1: handlers' examine() and exporters' exportTo() run on worker threads with time limits;
/// results are checked (docs/plugins.md).
/// 1.2: ViewerServices::sendToArchive (appended: plugins built for 1.1 still load).
/// 2.0: Exporter::prepare() on the GUI thread returns an ExportJob with plain data, run() on a
/// worker with progress and cancel (ExportControl), finished() back on the GUI thread; File →
/// Export lists the exporters (issue 12). exportTo() is gone.
inline constexpr int kApiMajor = 2;
/// See kApiMajor.
inline constexpr int kApiMinor = 0;

/// Who a plugin is.
struct PluginInfo {
  QString id;           ///< reverse-DNS-free short id, e.g. "fluoro" (prefix of contribution ids)
  QString name;         ///< shown to users
  QString version;      ///< the plugin's own version, e.g. "1.0.0"
  QString description;  ///< one sentence
};

/// Implemented by a plugin's root QObject (with Q_PLUGIN_METADATA and Q_INTERFACES).
class Plugin {
 public:
  virtual ~Plugin() = default;
  /// Identity, shown in `fluoroview --list-plugins` and Help → Plugins.
  virtual PluginInfo info() const = 0;
  /// Registers the plugin's contributions (tools, panels, commands, handlers, exporters,
  /// workflows). Called once after loading, on the GUI thread; an exception, or blocking the
  /// viewer longer than the lifecycle limit (5 s), disables the plugin.
  virtual void registerContributions(PluginContext& context) = 0;
  /// Called before unloading (application exit), on the GUI thread.
  virtual void shutdown() {}
};

}  // namespace fv::plugin

/// Interface id: bump the major version on any incompatible change of this API.
#define FV_PLUGIN_IID "org.fluoroview.Plugin/2"
Q_DECLARE_INTERFACE(fv::plugin::Plugin, FV_PLUGIN_IID)
