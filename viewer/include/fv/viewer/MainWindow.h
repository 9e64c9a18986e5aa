// The FluoroView main window: study browser, viewport grid, cine and MPR controls, plugin
// contributions; and the ViewerServices plugins see.
#pragma once

#include <memory>

#include <QImage>
#include <QMainWindow>
#include <QStringList>

#include "fv/dicom/Series.h"
#include "fv/viewer/plugin/ViewerServices.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QToolBar;

namespace fv::viewer {

namespace pacs {
class PacsUi;
}

class CineController;
class ImageViewport;
class IndexJob;
class MprController;
class PluginHost;
class ProblemsPanel;
class RecentStudies;
class StudyBrowser;
class ViewportGrid;
struct AppOptions;

/// The application window.
class ExportRunner;

class MainWindow : public QMainWindow, public fv::plugin::ViewerServices {
  Q_OBJECT
 public:
  /// Creates the window and loads plugins from `pluginDirs` (default search path when empty).
  explicit MainWindow(const QStringList& pluginDirs = {}, QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens files/folders/DICOMDIRs in the background (adds to what is loaded).
  void openPaths(const QStringList& paths);
  /// Cancels a running index job (the status bar's Cancel button); what was loaded before stays.
  void cancelLoading();
  /// Closes every study: viewports cleared, the index emptied, frames and file maps released.
  void closeAll();
  /// Applies command-line options once the first index is loaded (layout, series, frame...).
  void applyOptions(const AppOptions& options);
  /// True while an index job runs.
  bool loading() const;
  /// True when nothing is loading in the background (index, thumbnails): ready for a screenshot.
  bool settled() const;
  StudyBrowser* studyBrowser() const { return m_browser; }
  /// The window as shown, with every viewport freshly rendered (for --screenshot and tests).
  QImage screenshot();

  ViewportGrid* grid() const { return m_grid; }
  MprController* mpr() const { return m_mpr; }
  PluginHost* plugins() const { return m_plugins.get(); }
  /// File → Export: runs the registered exporters (docs/plugins.md, "Exporters").
  ExportRunner* exports() const { return m_exports; }
  /// PACS: nodes, the query dock, Send to PACS (docs/pacs.md).
  pacs::PacsUi* pacs() const { return m_pacs; }
  /// Sets a layout (rows × columns).
  void setGrid(int rows, int columns);
  /// Shows `series` (stack `stack`) in viewport `index` of the grid.
  void showSeriesIn(int viewport, const fv::dicom::Series* series, int stack);
  /// "Prior MRI beside fluoroscopy": 1×2, MR/CT volume left, XA/RF cine right.
  void hangPriorMriBesideFluoro();
  /// Arranges a contributed workflow (layout, series, panels, tool); false if unknown.
  bool startWorkflow(const QString& workflowId);

  // ViewerServices
  fv::plugin::ViewportContext* activeViewport() override;
  const fv::dicom::DicomIndex& index() const override;
  bool showSeries(const QString& seriesInstanceUid) override;
  void activateTool(const QString& toolId) override;
  void showMessage(const QString& text, bool error = false) override;
  fv::plugin::ViewerEvents& events() override { return *m_events; }
  fv::dicom::Status sendToArchive(const std::vector<std::string>& files) override;

 signals:
  /// An index finished loading (after the default hanging was applied).
  void indexLoaded();
  /// An index job was cancelled (its partial results are dropped).
  void loadingCancelled();

 protected:
  void closeEvent(QCloseEvent* e) override;
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  friend class MainActions;
  void setIndex(std::shared_ptr<const fv::dicom::DicomIndex> index);
  void releaseFreedMemory();
  void hangDefault();
  /// The stack to show of `s` the user picked: the most confident series handler's (its name and
  /// warning go to the status bar), else the largest.
  int stackToShow(const fv::dicom::Series& s);
  void connectViewport(ImageViewport* v);
  void onActiveViewportChanged(ImageViewport* v);
  void updateCineUi();
  void installPluginContributions();
  void restoreSettings();
  void saveSettings();
  CineController* activeCine() const;

  std::unique_ptr<fv::plugin::ViewerEvents> m_events;
  std::shared_ptr<const fv::dicom::DicomIndex> m_index;
  ViewportGrid* m_grid = nullptr;
  MprController* m_mpr = nullptr;
  StudyBrowser* m_browser = nullptr;
  ProblemsPanel* m_problems = nullptr;
  IndexJob* m_job = nullptr;
  std::unique_ptr<RecentStudies> m_recent;
  std::unique_ptr<PluginHost> m_plugins;
  class MainActions* m_actions = nullptr;
  ExportRunner* m_exports = nullptr;
  pacs::PacsUi* m_pacs = nullptr;
  QLabel* m_status = nullptr;
  QLabel* m_problemCount = nullptr;
  QProgressBar* m_progress = nullptr;
  QPushButton* m_cancel = nullptr;
  QStringList m_pendingPaths;
  int m_savedRows = 1, m_savedColumns = 1;
  bool m_hidePatient = false;
};

}  // namespace fv::viewer
