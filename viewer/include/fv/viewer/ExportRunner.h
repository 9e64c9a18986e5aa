// File → Export: one registered exporter at a time, off the GUI thread, with progress and Cancel.
#pragma once

#include <memory>

#include <QObject>
#include <QString>

#include "fv/dicom/Result.h"
#include "fv/viewer/plugin/Contributions.h"

class QWidget;

namespace fv::viewer {

/// Runs an exporter the way File → Export does: the target folder (a new one for exporters that
/// create their folder, else an existing one), prepare() on the GUI thread, run() on a background
/// thread behind a progress dialog with Cancel, finished() and a status-bar message back on the
/// GUI thread.
class ExportRunner : public QObject {
  Q_OBJECT
 public:
  /// Dialogs are children of `window`; `viewer` is what exporters see.
  ExportRunner(QWidget* window, fv::plugin::ViewerServices& viewer);
  ~ExportRunner() override;

  /// Asks for the folder, then runs `exporter` into it (returns at once; see finished()).
  void start(std::shared_ptr<fv::plugin::Exporter> exporter);
  /// Runs `exporter` into `folder` without asking for it (the folder chosen elsewhere).
  void startInto(std::shared_ptr<fv::plugin::Exporter> exporter, const QString& folder);
  /// True while an export runs (a second one is refused with a message).
  bool busy() const { return m_busy; }

 signals:
  /// An export ended: `status` is what its job returned (an error for a cancel).
  void finished(const QString& exporterId, const QString& folder, const fv::dicom::Status& status);

 private:
  QWidget* m_window;
  fv::plugin::ViewerServices& m_viewer;
  bool m_busy = false;
};

}  // namespace fv::viewer
