#include "fv/viewer/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QThreadPool>
#include <QTimer>

#include "AppOptions.h"
#include "Hanging.h"
#include "MainActions.h"
#include "fv/viewer/ExportRunner.h"
#include "fv/viewer/CineController.h"
#include "fv/viewer/HeapPolicy.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MprController.h"
#include "fv/viewer/PluginHost.h"
#include "fv/viewer/ViewportGrid.h"
#include "fv/viewer/browser/IndexJob.h"
#include "PacsUi.h"

#include "fv/viewer/browser/ProblemsPanel.h"
#include "fv/viewer/browser/RecentStudies.h"
#include "fv/viewer/browser/StudyBrowser.h"
#include "fv/viewer/browser/StudyModel.h"
#include "fv/viewer/browser/ThumbnailCache.h"

#include <QTreeView>

namespace fv::viewer {

using namespace fv::dicom;

MainWindow::MainWindow(const QStringList& pluginDirs, QWidget* parent)
    : QMainWindow(parent), m_events(std::make_unique<plugin::ViewerEvents>()),
      m_index(std::make_shared<DicomIndex>()) {
  setWindowTitle("FluoroView");
  setObjectName("mainWindow");
  setAcceptDrops(true);
  resize(1400, 900);

  m_grid = new ViewportGrid(this);
  setCentralWidget(m_grid);
  m_mpr = new MprController(m_grid, this);
  for (int i = 0; i < m_grid->count(); ++i) connectViewport(m_grid->viewport(i));
  connect(m_grid, &ViewportGrid::activeChanged, this, &MainWindow::onActiveViewportChanged);

  m_browser = new StudyBrowser(this);
  auto* browserDock = new QDockWidget("Studies", this);
  browserDock->setObjectName("studiesDock");
  browserDock->setWidget(m_browser);
  addDockWidget(Qt::LeftDockWidgetArea, browserDock);
  resizeDocks({browserDock}, {380}, Qt::Horizontal);
  m_browser->view()->setColumnHidden(StudyModel::InstancesColumn, true);
  connect(m_browser, &StudyBrowser::seriesActivated, this, [this](const QString& uid) { showSeries(uid); });

  m_problems = new ProblemsPanel(this);
  auto* problemsDock = new QDockWidget("Problems", this);
  problemsDock->setObjectName("problemsDock");
  problemsDock->setWidget(m_problems);
  addDockWidget(Qt::BottomDockWidgetArea, problemsDock);
  problemsDock->hide();

  m_status = new QLabel(this);
  m_status->setObjectName("statusMessage");
  m_problemCount = new QLabel(this);
  m_progress = new QProgressBar(this);
  m_progress->setMaximumWidth(220);
  m_progress->hide();
  m_cancel = new QPushButton("Cancel", this);
  m_cancel->hide();
  statusBar()->addWidget(m_status, 1);
  statusBar()->addPermanentWidget(m_problemCount);
  statusBar()->addPermanentWidget(m_progress);
  statusBar()->addPermanentWidget(m_cancel);
  // A fixed height: showing the progress bar must not re-layout (and re-size) the viewports.
  statusBar()->setFixedHeight(std::max(statusBar()->sizeHint().height(), m_cancel->sizeHint().height()) + 4);
  // The count is shown in the status bar; clicking it opens the panel. (Opening the dock by
  // itself would re-layout the viewports in the middle of a load.)
  connect(m_problems, &ProblemsPanel::countChanged, this, [this](int n) {
    m_problemCount->setText(n ? QString("<a href=\"#\">%1 problem(s)</a>").arg(n) : QString());
  });
  connect(m_problemCount, &QLabel::linkActivated, this, [problemsDock] { problemsDock->show(); });

  m_job = new IndexJob(this);
  connect(m_job, &IndexJob::progress, this, [this](qint64 done, qint64 total) {
    m_progress->setMaximum(int(std::max<qint64>(1, total)));
    m_progress->setValue(int(done));
  });
  connect(m_job, &IndexJob::finished, this, [this](std::shared_ptr<const DicomIndex> index) {
    m_progress->hide();
    m_cancel->hide();
    setIndex(std::move(index));  // already merged with what was loaded (IndexJob::start)
    if (!m_pendingPaths.isEmpty()) {
      const QStringList next = m_pendingPaths;
      m_pendingPaths.clear();
      openPaths(next);
    }
  });
  connect(m_job, &IndexJob::cancelled, this, [this] {
    m_progress->hide();
    m_cancel->hide();
    showMessage("Indexing cancelled");
    releaseFreedMemory();
    emit loadingCancelled();
    if (!m_pendingPaths.isEmpty()) {
      const QStringList next = m_pendingPaths;
      m_pendingPaths.clear();
      openPaths(next);
    }
  });
  connect(m_cancel, &QPushButton::clicked, m_job, &IndexJob::cancel);

  m_recent = std::make_unique<RecentStudies>();
  m_exports = new ExportRunner(this, *this);
  m_actions = new MainActions(this);
  connect(m_actions->recentMenu(), &QMenu::aboutToShow, this, [this] {
    m_recent->fillMenu(m_actions->recentMenu(), [this](const QString& p) { openPaths({p}); });
  });

  m_pacs = new pacs::PacsUi(this, pacs::PacsHost{
      [this](const QString& folder) { openPaths({folder}); },
      [this](const QString& uid) {
        std::vector<std::filesystem::path> files;
        if (const Series* s = m_index->findSeries(uid.toStdString()))
          for (const auto& i : s->instances) files.emplace_back(i.path);
        return files;
      },
      [this] { return m_browser->currentSeriesUid(); },
      [this](const QString& text, bool error) { showMessage(text, error); }});
  m_browser->setSeriesMenuHook([this](QMenu* menu, const QString& uid) { m_pacs->addSeriesActions(menu, uid); });

  // The host reports load failures and disabled plugins itself (showMessage, error = true).
  m_plugins = std::make_unique<PluginHost>(*this);
  m_plugins->setFreezeRecordPath(PluginHost::defaultFreezeRecordPath());
  m_plugins->loadAll(pluginDirs.isEmpty() ? PluginHost::defaultSearchPaths() : pluginDirs);
  installPluginContributions();
  restoreSettings();
  onActiveViewportChanged(m_grid->active());
}

MainWindow::~MainWindow() {
  if (m_plugins) m_plugins->shutdown();
}

void MainWindow::connectViewport(ImageViewport* v) {
  connect(v, &ImageViewport::frameChanged, this, [this, v](int frame) { emit m_events->frameChanged(v, frame); });
  connect(v, &ImageViewport::seriesDropped, this, [this, v](const QString& uid) {
    m_grid->setActive(v);
    showSeries(uid);
  });
  CineController* c = m_grid->cineOf(v);
  connect(c, &CineController::statsChanged, this, [c, v] {
    const CineStats s = c->stats();
    v->setStatusText(c->playing() ? QString("Cine %1 fps (%2 fps set), %3 late").arg(s.achievedFps, 0, 'f', 1)
                                        .arg(c->fps(), 0, 'f', 1).arg(s.late)
                                  : QString());
  });
}

void MainWindow::installPluginContributions() {
  for (const auto& panel : m_plugins->registry().panels()) {
    auto* dock = new QDockWidget(panel->title(), this);
    dock->setObjectName(panel->id());
    dock->setWidget(panel->create(*this));
    addDockWidget(panel->area(), dock);
    dock->hide();  // workflows open the panels they need
  }
  m_actions->addContributions();
}

void MainWindow::openPaths(const QStringList& paths) {
  if (paths.isEmpty()) return;
  if (m_job->isRunning()) {
    m_pendingPaths << paths;
    return;
  }
  for (const QString& p : paths) m_recent->add(p);
  m_progress->setValue(0);
  m_progress->show();
  m_cancel->show();
  showMessage(QString("Indexing %1...").arg(paths.join(", ")));
  m_job->start(paths, m_index);
}

bool MainWindow::loading() const { return m_job->isRunning(); }

void MainWindow::cancelLoading() {
  m_pendingPaths.clear();
  m_job->cancel();
}

void MainWindow::closeAll() {
  cancelLoading();
  setIndex(std::make_shared<const DicomIndex>());
  releaseFreedMemory();
}

void MainWindow::releaseFreedMemory() {
  // After the browser and problem list dropped the old index (two event-loop turns, see
  // setIndex): hand the freed heap back to the system, so closing or cancelling shows in RSS.
  QTimer::singleShot(50, this, [] { releaseFreedHeap(); });
}

bool MainWindow::settled() const {
  return !m_job->isRunning() && m_browser->thumbnails()->pendingCount() == 0;
}

QImage MainWindow::screenshot() {
  // QWidget::grab() may compose OpenGL widgets from textures of an earlier frame; render each
  // viewport now (VTK image + overlays) and paint it over its place in the window.
  QImage image = grab().toImage().convertToFormat(QImage::Format_RGB32);
  QPainter p(&image);
  for (ImageViewport* v : m_grid->visible()) {
    v->requestRender();
    const QImage shot = v->grabFramebuffer();
    p.drawImage(QRect(v->mapTo(this, QPoint(0, 0)), v->size()), shot);
  }
  return image;
}

void MainWindow::setIndex(std::shared_ptr<const DicomIndex> index) {
  // Viewports point into the old index: stop and clear them before it goes away.
  m_mpr->stop();
  for (int i = 0; i < m_grid->count(); ++i) {
    m_grid->cine(i)->pause();
    m_grid->viewport(i)->clear();
  }
  std::shared_ptr<const DicomIndex> previous = std::exchange(m_index, std::move(index));
  showMessage(QString("%1 file(s), %2 series, %3 problem(s)")
                  .arg(m_index->files)
                  .arg(m_index->allSeries().size())
                  .arg(m_index->errors.size()));
  // The images first; browser and problem list in later event-loop turns, so that no single
  // step blocks the window for long (the event loop never stalls > 50 ms while loading).
  hangDefault();
  // The previous index may hold 10,000 headers: once the panels let go of it, it is destroyed on
  // a pool thread (28 ms on the GUI thread for 10,000 files).
  auto holder = std::make_shared<std::shared_ptr<const DicomIndex>>(std::move(previous));
  QTimer::singleShot(0, this, [this, shown = m_index, holder] {
    if (shown == m_index) m_browser->setIndex(shown);
    QTimer::singleShot(0, this, [this, shown, holder] {
      if (shown == m_index) m_problems->setIndex(*shown);
      QThreadPool::globalInstance()->start([holder] {
        const bool last = holder->use_count() == 1;
        holder->reset();
        if (last) releaseFreedHeap();  // hand the freed headers back to the system
      });
    });
  });
  emit m_events->indexChanged();
  emit indexLoaded();
}

void MainWindow::hangDefault() {
  const auto series = imageSeries(*m_index);
  const auto views = m_grid->visible();
  for (size_t i = 0; i < views.size() && i < series.size(); ++i) showSeriesIn(int(i), series[i].series, series[i].stack);
}

void MainWindow::setGrid(int rows, int columns) {
  if (m_mpr->active()) m_mpr->stop();
  m_grid->setGrid(rows, columns);
  // Fill newly visible, empty viewports with series not shown yet.
  const auto series = imageSeries(*m_index);
  const auto views = m_grid->visible();
  size_t next = 0;
  for (auto* v : views) {
    if (!v->isEmpty()) continue;
    while (next < series.size()) {
      bool shown = false;
      for (auto* w : views) shown |= w->series() == series[next].series;
      if (!shown) break;
      ++next;
    }
    if (next < series.size()) {
      v->setStack(series[next].series, series[next].stack);
      ++next;
    }
  }
  m_actions->refresh();
}

void MainWindow::showSeriesIn(int viewport, const Series* series, int stack) {
  if (viewport < 0 || viewport >= m_grid->count()) return;
  m_grid->cine(viewport)->pause();
  m_grid->viewport(viewport)->setStack(series, stack);
  if (m_grid->viewport(viewport) == m_grid->active()) onActiveViewportChanged(m_grid->active());
}

void MainWindow::hangPriorMriBesideFluoro() {
  const auto choice = hangByModality(*m_index, {"MR|CT", "XA|RF"});
  if (!choice[0] && !choice[1]) return showMessage("No MRI/CT or fluoroscopy series loaded", true);
  setGrid(1, 2);
  for (int i = 0; i < 2; ++i)
    if (choice[size_t(i)]) showSeriesIn(i, choice[size_t(i)]->series, choice[size_t(i)]->stack);
  m_grid->setActive(m_grid->viewport(choice[1] ? 1 : 0));
}

bool MainWindow::startWorkflow(const QString& id) {
  for (const auto& w : m_plugins->registry().workflows()) {
    if (w.id != id) continue;
    setGrid(w.rows, w.columns);
    const auto choice = hangByModality(*m_index, w.viewportModalities);
    for (size_t i = 0; i < choice.size(); ++i)
      if (choice[i]) showSeriesIn(int(i), choice[i]->series, choice[i]->stack);
    for (QDockWidget* dock : findChildren<QDockWidget*>())
      if (w.panels.contains(dock->objectName())) dock->show();
    // The last viewport with a match (the fluoroscopy in "MR | XA") is where the work happens.
    for (int i = int(choice.size()) - 1; i >= 0; --i)
      if (choice[size_t(i)]) {
        m_grid->setActive(m_grid->viewport(i));
        break;
      }
    activateTool(w.tool);
    showMessage("Workflow: " + w.name);
    return true;
  }
  showMessage("Unknown workflow " + id, true);
  return false;
}

plugin::ViewportContext* MainWindow::activeViewport() { return m_grid->active(); }

const DicomIndex& MainWindow::index() const { return *m_index; }

bool MainWindow::showSeries(const QString& uid) {
  const Series* s = m_index->findSeries(uid.toStdString());
  if (!s) return false;
  if (m_mpr->active()) setGrid(m_savedRows, m_savedColumns);
  for (int i = 0; i < m_grid->count(); ++i)
    if (m_grid->viewport(i) == m_grid->active()) showSeriesIn(i, s, stackToShow(*s));
  return true;
}

int MainWindow::stackToShow(const Series& s) {
  // The series handlers' loadables (Slicer's DICOM plugins): the most confident one names what
  // the series is shown as and may pick the stack; without one, the largest stack.
  const auto ranked = m_plugins->registry().bestLoadables(s);
  if (ranked.empty()) return preferredStack(s);
  const fv::plugin::SeriesLoadable& best = ranked.front().loadable;
  const QString what = QString::fromStdString(s.key.modality) + tr(" shown as ") + best.name;
  if (best.warning.isEmpty())
    showMessage(what);
  else
    showMessage(what + ": " + best.warning, true);
  return best.stack >= 0 && size_t(best.stack) < s.stacks.size() ? best.stack : preferredStack(s);
}

void MainWindow::activateTool(const QString& toolId) { m_actions->activateTool(toolId); }

fv::dicom::Status MainWindow::sendToArchive(const std::vector<std::string>& files) {
  return m_pacs->sendToArchive(std::vector<std::filesystem::path>(files.begin(), files.end()));
}

void MainWindow::showMessage(const QString& text, bool error) {
  m_status->setText(text);
  m_status->setStyleSheet(error ? "color: #c0392b;" : "");
  if (error) m_problems->addMessage(QString(), text);
}

CineController* MainWindow::activeCine() const { return m_grid->cineOf(m_grid->active()); }

void MainWindow::onActiveViewportChanged(ImageViewport* v) {
  m_actions->refresh();
  emit m_events->activeViewportChanged(v);
}

void MainWindow::applyOptions(const AppOptions& o) {
  if (o.hidePatient) {
    m_hidePatient = true;
    for (int i = 0; i < m_grid->count(); ++i) m_grid->viewport(i)->setShowPatientDetails(false);
  }
  if (o.rows && o.columns) setGrid(*o.rows, *o.columns);
  if (!o.series.isEmpty()) {
    const Series* s = m_index->findSeries(o.series.toStdString());
    if (!s) showMessage("No series " + o.series, true);
    else showSeriesIn(0, s, stackToShow(*s));
  }
  if (o.priorMri) hangPriorMriBesideFluoro();
  if (!o.workflow.isEmpty()) startWorkflow(o.workflow);
  // --frame: in the --series viewport, else where the layout put the work (the active one).
  if (o.frame) (o.series.isEmpty() ? m_grid->active() : m_grid->viewport(0))->setFrame(*o.frame - 1);
  if (o.mpr) {
    for (const auto& c : imageSeries(*m_index))
      if (c.series->stacks[size_t(c.stack)].kind == StackKind::Volume) {
        if (auto s = m_mpr->start(c.series, c.stack); !s) showMessage(QString::fromStdString(s.error().toString()), true);
        break;
      }
  }
}

void MainWindow::restoreSettings() {
  QSettings s;
  restoreGeometry(s.value("window/geometry").toByteArray());
  restoreState(s.value("window/state").toByteArray());
  m_savedRows = s.value("layout/rows", 1).toInt();
  m_savedColumns = s.value("layout/columns", 1).toInt();
  m_grid->setGrid(m_savedRows, m_savedColumns);
  m_actions->refresh();
}

void MainWindow::saveSettings() {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  if (!m_mpr->active()) {
    s.setValue("layout/rows", m_grid->rows());
    s.setValue("layout/columns", m_grid->columns());
  }
}

void MainWindow::closeEvent(QCloseEvent* e) {
  saveSettings();
  m_job->cancel();
  for (int i = 0; i < m_grid->count(); ++i) m_grid->cine(i)->pause();
  e->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  QStringList paths;
  for (const QUrl& u : e->mimeData()->urls())
    if (u.isLocalFile()) paths << u.toLocalFile();
  openPaths(paths);
  e->acceptProposedAction();
}

}  // namespace fv::viewer
