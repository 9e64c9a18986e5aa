// What a plugin can contribute. Every contribution has an id "plugin.kind.name" (as OHIF
// extensions do), e.g. "fluoro.tool.needle-tip", "fluoro.panel.confirmations".
// The host checks every call: an exception, an invalid result or a call over its time limit
// disables the plugin (docs/plugins.md, "Guarding" and "Time limits").
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <QIcon>
#include <QKeySequence>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <Qt>

#include "fv/dicom/Series.h"

class QPainter;
class QWidget;

namespace fv::plugin {

class ViewportContext;
class ViewerServices;

/// One way to show a series, offered by a SeriesHandler (Slicer's "loadable").
struct SeriesLoadable {
  QString name;             ///< e.g. "Fluoroscopy cine (needle review)"; must not be empty
  double confidence = 0.0;  ///< 0..1 (NaN or outside: invalid); the most confident is preselected
  QString warning;          ///< shown to the user when non-empty
  int stack = -1;           ///< stack to show first: an index into series.stacks, or -1 (the host
                            ///< decides)
};

/// Examines series cheaply (headers only) and says how well it can show them.
class SeriesHandler {
 public:
  virtual ~SeriesHandler() = default;
  /// "plugin.handler.name".
  virtual QString id() const = 0;
  /// Loadables for `series` (empty when it does not apply; at most 32). Must not decode pixels.
  /// Runs on a worker thread (since API 1.1) and must return within the handler limit (2 s):
  /// touch no widgets; `series` is a copy, valid during the call.
  virtual std::vector<SeriesLoadable> examine(const fv::dicom::Series& series) const = 0;
};

/// A mouse or key event as a tool sees it: positions in widget pixels and in image pixels
/// (column x, row y; pixel centres at integers, the convention of the DICOM core).
struct ToolEvent {
  QPointF widgetPos;
  QPointF imagePos;
  Qt::MouseButton button = Qt::NoButton;  ///< for press/release
  Qt::MouseButtons buttons;               ///< held during a move
  Qt::KeyboardModifiers modifiers;
  int key = 0;                            ///< for key events (Qt::Key)
};

/// A viewport interaction (needle tip marker, ruler, ...). Tools never touch widgets directly:
/// they act through the ViewportContext and draw in paint().
class ViewportTool {
 public:
  virtual ~ViewportTool() = default;
  /// "plugin.tool.name".
  virtual QString id() const = 0;
  /// Shown in the toolbar and menus.
  virtual QString name() const = 0;
  virtual QIcon icon() const { return {}; }
  virtual QKeySequence shortcut() const { return {}; }
  /// Event handlers return true when they consumed the event (else the viewport's own
  /// navigation — window/level, zoom, pan — gets it).
  virtual bool mousePress(ViewportContext&, const ToolEvent&) { return false; }
  virtual bool mouseMove(ViewportContext&, const ToolEvent&) { return false; }
  virtual bool mouseRelease(ViewportContext&, const ToolEvent&) { return false; }
  virtual bool keyPress(ViewportContext&, const ToolEvent&) { return false; }
  /// Draws on top of the image, in widget coordinates (use ViewportContext::imageToWidget).
  /// Called for every viewport, whether or not the tool is active. Must not end() the painter or
  /// leave a save() without its restore().
  virtual void paint(ViewportContext&, QPainter&) {}
  /// The user picked or left the tool.
  virtual void activated(ViewportContext*) {}
  virtual void deactivated() {}
};

/// A dock panel (confirmed frames list, measurements, ...).
class PanelFactory {
 public:
  virtual ~PanelFactory() = default;
  /// "plugin.panel.name".
  virtual QString id() const = 0;
  virtual QString title() const = 0;
  /// One of Qt::LeftDockWidgetArea, RightDockWidgetArea, TopDockWidgetArea, BottomDockWidgetArea.
  virtual Qt::DockWidgetArea area() const { return Qt::RightDockWidgetArea; }
  /// Creates the panel's widget: a new one, without a parent (the host's dock owns it; nullptr is
  /// invalid). Called on the GUI thread.
  virtual QWidget* create(ViewerServices& viewer) = 0;
};

/// A menu/toolbar action with an optional shortcut.
struct Command {
  QString id;            ///< "plugin.command.name"
  QString text;          ///< menu text, e.g. "Save confirmation" (must not be empty)
  QString menu;          ///< top-level menu to appear in, e.g. "Tools" (created when missing)
  QKeySequence shortcut;
  bool toolbar = false;  ///< also on the main toolbar
  std::function<void(ViewerServices&)> run;  ///< executed on the GUI thread, guarded by the host
};

/// How a running export reports progress and learns that the user cancelled (thread-safe).
class ExportControl {
 public:
  virtual ~ExportControl() = default;
  /// `done` of `total` steps, shown in the host's progress dialog.
  virtual void progress(int done, int total) = 0;
  /// True once the user pressed Cancel: stop, leave nothing half-written, return a Cancelled error.
  virtual bool cancelled() const = 0;
};

/// One export with everything it needs as plain data, taken on the GUI thread by prepare().
class ExportJob {
 public:
  virtual ~ExportJob() = default;
  /// Writes into `folder` on a worker thread within the exporter limit (600 s). It must not call
  /// the viewer or touch widgets (whatever it needs was taken in prepare()). Success means a file
  /// in `folder` (or below) is new or changed; with nothing to write, return an error saying so.
  virtual fv::dicom::Status run(const QString& folder, ExportControl& control) = 0;
  /// On the GUI thread after run() returned (also after a failure or cancel), e.g. to record what
  /// was saved or send it to the archive. Guarded like a command.
  virtual void finished(ViewerServices& viewer, const fv::dicom::Status& status) {
    (void)viewer;
    (void)status;
  }
};

/// Writes something derived from what is loaded (teaching file, procedure record, ...); listed
/// in File → Export. (API 2.0: prepare on the GUI thread, run on a worker.)
class Exporter {
 public:
  virtual ~Exporter() = default;
  /// "plugin.exporter.name".
  virtual QString id() const = 0;
  /// The File → Export menu text, e.g. "Teaching file...".
  virtual QString name() const = 0;
  /// True when the job creates the folder it is given (a bundle: the folder must not exist yet
  /// or be empty); false when it writes into an existing folder.
  virtual bool createsFolder() const { return false; }
  /// On the GUI thread: takes what the export needs from the viewer and the plugin's own state
  /// (and may ask the user, with `parent` as the dialogs' parent). nullptr: the user cancelled.
  virtual fv::dicom::Result<std::shared_ptr<ExportJob>> prepare(ViewerServices& viewer,
                                                                QWidget* parent) = 0;
};

/// A task-oriented arrangement of layout, panels and tool (like an OHIF mode).
struct Workflow {
  QString id;             ///< "plugin.workflow.name"
  QString name;           ///< e.g. "Needle confirmation"
  int rows = 1, columns = 2;  ///< rows 1..2, columns 1..3, at most 4 viewports
  QStringList panels;     ///< panel ids ("plugin.panel.name") to show
  QString tool;           ///< tool id ("plugin.tool.name") to activate ("" = navigation)
  /// Which series goes into which viewport: modalities in viewport order, e.g. {"MR", "XA|RF"};
  /// at most rows × columns entries.
  QStringList viewportModalities;
  QKeySequence shortcut;
};

}  // namespace fv::plugin
