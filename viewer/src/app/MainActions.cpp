#include "MainActions.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolBar>

#include "fv/viewer/CineController.h"
#include "fv/viewer/ExportRunner.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/MprController.h"
#include "fv/viewer/PluginHost.h"
#include "fv/viewer/ViewportGrid.h"

namespace fv::viewer {

MainActions::MainActions(MainWindow* window) : QObject(window), m_window(window) {
  m_toolbar = window->addToolBar("Main");
  m_toolbar->setObjectName("mainToolbar");
  m_toolbar->setMovable(false);
  buildFileMenu();
  buildViewMenu();
  buildImageMenu();
  buildCineMenu();
  m_toolsMenu = window->menuBar()->addMenu("&Tools");
  m_workflowsMenu = window->menuBar()->addMenu("&Workflows");
  buildHelpMenu();
  m_toolGroup = new QActionGroup(this);
  m_toolGroup->setExclusive(true);
  QAction* nav = add(m_toolsMenu, "tool.navigate", "Navigate (window/level, zoom, pan)", QKeySequence(Qt::Key_Escape),
                     [this] { activateTool(""); }, true);
  nav->setChecked(true);
  m_toolGroup->addAction(nav);
  m_toolsMenu->addSeparator();
}

QAction* MainActions::add(QMenu* menu, const QString& name, const QString& text, const QKeySequence& key,
                          std::function<void()> slot, bool checkable) {
  auto* a = new QAction(text, m_window);
  a->setObjectName(name);
  if (!key.isEmpty()) a->setShortcut(key);
  a->setShortcutContext(Qt::WindowShortcut);
  a->setCheckable(checkable);
  connect(a, &QAction::triggered, this, [slot = std::move(slot)] { slot(); });
  if (menu) menu->addAction(a);
  m_window->addAction(a);  // shortcuts work even when the menu bar is hidden
  m_actions[name] = a;
  return a;
}

QAction* MainActions::action(const QString& name) const {
  auto it = m_actions.find(name);
  return it == m_actions.end() ? nullptr : it->second;
}

ImageViewport* MainActions::view() const { return m_window->grid()->active(); }

void MainActions::buildFileMenu() {
  QMenu* m = m_window->menuBar()->addMenu("&File");
  QAction* folder = add(m, "file.openFolder", "Open &folder...", QKeySequence(Qt::CTRL | Qt::Key_O), [this] {
    const QString dir = QFileDialog::getExistingDirectory(m_window, "Open folder");
    if (!dir.isEmpty()) m_window->openPaths({dir});
  });
  add(m, "file.openFiles", "Open fi&les...", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), [this] {
    const QStringList files = QFileDialog::getOpenFileNames(m_window, "Open DICOM files");
    if (!files.isEmpty()) m_window->openPaths(files);
  });
  add(m, "file.openDicomdir", "Open &DICOMDIR...", QKeySequence(Qt::CTRL | Qt::Key_D), [this] {
    const QString f = QFileDialog::getOpenFileName(m_window, "Open DICOMDIR", {}, "DICOMDIR (DICOMDIR dicomdir);;All files (*)");
    if (!f.isEmpty()) m_window->openPaths({f});
  });
  m_recent = m->addMenu("&Recent studies");
  m->addSeparator();
  m_exportMenu = m->addMenu("&Export");
  m_exportMenu->setObjectName("exportMenu");
  add(m, "file.closeAll", "&Close all studies", QKeySequence(Qt::CTRL | Qt::Key_W), [this] { m_window->closeAll(); });
  m->addSeparator();
  add(m, "file.screenshot", "Save &screenshot...", QKeySequence(Qt::CTRL | Qt::Key_S), [this] {
    const QString f = QFileDialog::getSaveFileName(m_window, "Save screenshot", "fluoroview.png", "PNG (*.png)");
    if (!f.isEmpty() && !m_window->grab().save(f, "PNG")) m_window->showMessage("Cannot write " + f, true);
  });
  m->addSeparator();
  add(m, "file.quit", "&Quit", QKeySequence::Quit, [this] { m_window->close(); });
  m_toolbar->addAction(folder);
}

void MainActions::buildViewMenu() {
  QMenu* m = m_window->menuBar()->addMenu("&View");
  const struct {
    const char* name;
    const char* text;
    int rows, cols;
    Qt::Key key;
  } layouts[] = {{"layout.1x1", "Layout 1×1", 1, 1, Qt::Key_1},
                 {"layout.1x2", "Layout 1×2", 1, 2, Qt::Key_2},
                 {"layout.2x1", "Layout 2×1", 2, 1, Qt::Key_3},
                 {"layout.2x2", "Layout 2×2", 2, 2, Qt::Key_4}};
  auto* group = new QActionGroup(this);
  for (const auto& l : layouts) {
    QAction* a = add(m, l.name, l.text, QKeySequence(Qt::ALT | l.key),
                     [this, r = l.rows, c = l.cols] { m_window->setGrid(r, c); }, true);
    group->addAction(a);
    m_toolbar->addAction(a);
  }
  QAction* prior = add(m, "layout.priorMri", "&Prior MRI beside fluoroscopy", QKeySequence(Qt::CTRL | Qt::Key_B),
                       [this] { m_window->hangPriorMriBesideFluoro(); });
  m_toolbar->addAction(prior);
  m->addSeparator();
  add(m, "view.mpr", "&MPR (axial, coronal, sagittal)", QKeySequence(Qt::Key_M), [this] {
    if (m_window->mpr()->active()) {
      m_window->mpr()->stop();
      m_window->setGrid(1, 1);
      return;
    }
    ImageViewport* v = view();
    if (!v || !v->series()) return m_window->showMessage("MPR needs a volume series in the active viewport", true);
    const auto* series = v->series();
    const int stack = v->stackIndex();
    if (auto s = m_window->mpr()->start(series, stack); !s)
      m_window->showMessage(QString::fromStdString(s.error().toString()), true);
  });
  m->addSeparator();
  add(m, "view.hidePatient", "&Hide patient details", QKeySequence(Qt::Key_P), [this] {
    const bool hide = m_actions["view.hidePatient"]->isChecked();
    for (int i = 0; i < m_window->grid()->count(); ++i) m_window->grid()->viewport(i)->setShowPatientDetails(!hide);
  }, true);
  add(m, "view.overlays", "Show &overlays and text", QKeySequence(Qt::Key_O), [this] {
    const bool show = m_actions["view.overlays"]->isChecked();
    for (int i = 0; i < m_window->grid()->count(); ++i) m_window->grid()->viewport(i)->setShowOverlays(show);
  }, true)->setChecked(true);
}

void MainActions::buildImageMenu() {
  QMenu* m = m_window->menuBar()->addMenu("&Image");
  m_presets = m->addMenu("Window &presets");
  connect(m_presets, &QMenu::aboutToShow, this, [this] {
    m_presets->clear();
    ImageViewport* v = view();
    if (!v) return;
    int k = 0;
    for (const auto& [name, w] : v->windowPresets()) {
      QAction* a = m_presets->addAction(QString("%1  (W %2 L %3)").arg(name).arg(w.width).arg(w.center));
      if (k < 5) a->setShortcut(QKeySequence(Qt::Key_F2 + k));
      ++k;
      connect(a, &QAction::triggered, this, [v, w = w] { v->setWindow(w); });
    }
  });
  for (int k = 0; k < 5; ++k)  // F2..F6 apply presets without opening the menu
    add(nullptr, QString("image.preset%1").arg(k + 1), QString("Preset %1").arg(k + 1), QKeySequence(Qt::Key_F2 + k),
        [this, k] {
          if (ImageViewport* v = view()) {
            const auto presets = v->windowPresets();
            if (k < int(presets.size())) v->setWindow(presets[size_t(k)].second);
          }
        });
  add(m, "image.invert", "&Invert", QKeySequence(Qt::Key_I), [this] {
    if (ImageViewport* v = view()) v->setInverted(!v->inverted());
  });
  add(m, "image.fit", "&Fit to window", QKeySequence(Qt::Key_F), [this] {
    if (ImageViewport* v = view()) v->fitToWindow();
  });
  add(m, "image.actual", "&Actual size (1:1)", QKeySequence(Qt::Key_A), [this] {
    if (ImageViewport* v = view()) v->actualSize();
  });
  add(m, "image.rotate", "&Rotate 90° clockwise", QKeySequence(Qt::Key_R), [this] {
    if (ImageViewport* v = view()) {
      v->viewGeometry().rotate90();
      v->applyGeometry();
    }
  });
  add(m, "image.flipH", "Flip &horizontally", QKeySequence(Qt::Key_H), [this] {
    if (ImageViewport* v = view()) {
      v->viewGeometry().flipHorizontal();
      v->applyGeometry();
    }
  });
  add(m, "image.flipV", "Flip &vertically", QKeySequence(Qt::Key_V), [this] {
    if (ImageViewport* v = view()) {
      v->viewGeometry().flipVertical();
      v->applyGeometry();
    }
  });
}

void MainActions::buildCineMenu() {
  QMenu* m = m_window->menuBar()->addMenu("&Cine");
  auto cine = [this] { return m_window->grid()->cineOf(view()); };
  QAction* play = add(m, "cine.play", "&Play / pause", QKeySequence(Qt::Key_Space), [cine] {
    if (auto* c = cine()) c->toggle();
  });
  add(m, "cine.next", "&Next frame", QKeySequence(Qt::Key_Right), [cine] {
    if (auto* c = cine()) c->step(1);
  });
  add(m, "cine.previous", "P&revious frame", QKeySequence(Qt::Key_Left), [cine] {
    if (auto* c = cine()) c->step(-1);
  });
  add(nullptr, "cine.nextUp", "Next slice", QKeySequence(Qt::Key_Down), [cine] {
    if (auto* c = cine()) c->step(1);
  });
  add(nullptr, "cine.previousUp", "Previous slice", QKeySequence(Qt::Key_Up), [cine] {
    if (auto* c = cine()) c->step(-1);
  });
  add(m, "cine.first", "&First frame", QKeySequence(Qt::Key_Home), [cine] {
    if (auto* c = cine()) c->first();
  });
  add(m, "cine.last", "&Last frame", QKeySequence(Qt::Key_End), [cine] {
    if (auto* c = cine()) c->last();
  });
  m->addSeparator();
  auto* modes = new QActionGroup(this);
  const struct {
    const char* name;
    const char* text;
    CineMode mode;
  } list[] = {{"cine.loop", "Loop", CineMode::Loop}, {"cine.bounce", "Bounce", CineMode::Bounce},
              {"cine.once", "Play once", CineMode::Once}};
  for (const auto& l : list) {
    QAction* a = add(m, l.name, l.text, {}, [this, mode = l.mode] {
      for (int i = 0; i < m_window->grid()->count(); ++i) m_window->grid()->cine(i)->setMode(mode);
    }, true);
    modes->addAction(a);
    if (l.mode == CineMode::Loop) a->setChecked(true);
  }
  add(m, "cine.fileRate", "Play at the file's &rate", QKeySequence(Qt::Key_0), [this, cine] {
    if (auto* c = cine()) {
      c->setFps(0);
      m_fps->setValue(c->fps());
    }
  });
  m_toolbar->addSeparator();
  m_toolbar->addAction(play);
  m_fps = new QDoubleSpinBox(m_toolbar);
  m_fps->setObjectName("cineFps");
  m_fps->setRange(1, 120);
  m_fps->setDecimals(1);
  m_fps->setSuffix(" fps");
  m_fps->setToolTip("Cine frame rate (the file's own rate by default)");
  connect(m_fps, &QDoubleSpinBox::editingFinished, this, [this, cine] {
    if (auto* c = cine()) c->setFps(m_fps->value());
  });
  m_toolbar->addWidget(m_fps);
}

void MainActions::buildHelpMenu() {
  QMenu* m = m_window->menuBar()->addMenu("&Help");
  add(m, "help.shortcuts", "&Keyboard shortcuts", QKeySequence::HelpContents, [this] {
    QMessageBox::information(m_window, "Keyboard shortcuts", shortcutHelp());
  });
  add(m, "help.plugins", "&Plugins", {}, [this] {
    QMessageBox::information(m_window, "Plugins", m_window->plugins()->listText());
  });
  add(m, "help.about", "&About FluoroView", {}, [this] {
    QMessageBox::about(m_window, "About FluoroView",
                       "FluoroView — a DICOM viewer for image-guided injections.\nDCMTK, VTK and Qt 6.");
  });
}

QString MainActions::shortcutHelp() {
  return "Open folder\tCtrl+O\nOpen files\tCtrl+Shift+O\nOpen DICOMDIR\tCtrl+D\nSave screenshot\tCtrl+S\n"
         "Layouts 1×1 / 1×2 / 2×1 / 2×2\tAlt+1 / Alt+2 / Alt+3 / Alt+4\n"
         "Prior MRI beside fluoroscopy\tCtrl+B\nMPR on/off\tM\n"
         "Play / pause cine\tSpace\nNext / previous frame\tRight / Left (Down / Up)\n"
         "First / last frame\tHome / End\nPlay at the file's rate\t0\n"
         "Window/level presets\tF2 ... F6\nInvert\tI\nFit\tF\nActual size 1:1\tA\n"
         "Rotate 90°\tR\nFlip horizontal / vertical\tH / V\nHide patient details\tP\nOverlays and text\tO\n"
         "Navigation tool (leave a tool)\tEsc\n"
         "Mouse: left drag window/level, right drag or wheel zoom, middle drag pan,\n"
         "  wheel in a volume scrolls slices (Ctrl+wheel zooms), double-click fits,\n"
         "  Shift+click sets the MPR crosshair, wheel in an MPR view moves its plane.";
}

void MainActions::addContributions() {
  PluginHost* host = m_window->plugins();
  for (const auto& tool : host->registry().tools()) {
    const QString id = tool->id();
    m_tools[id] = tool;
    QAction* a = add(m_toolsMenu, "tool:" + id, tool->name(), tool->shortcut(), [this, id] { activateTool(id); }, true);
    a->setIcon(tool->icon());
    m_toolGroup->addAction(a);
  }
  for (const auto& command : host->registry().commands()) {
    QMenu* menu = nullptr;
    for (QAction* a : m_window->menuBar()->actions())
      if (a->menu() && a->text().remove('&') == command.menu) menu = a->menu();
    if (!menu) menu = m_window->menuBar()->addMenu(command.menu.isEmpty() ? "Tools" : command.menu);
    QAction* a = add(menu, "command:" + command.id, command.text, command.shortcut, [this, run = command.run] {
      if (run) run(*m_window);
    });
    if (command.toolbar) m_toolbar->addAction(a);
  }
  // File → Export: every registered exporter (the host knows none by name).
  for (const auto& exporter : host->registry().exporters())
    add(m_exportMenu, "export:" + exporter->id(), exporter->name(), {},
        [this, exporter] { m_window->exports()->start(exporter); });
  if (host->registry().exporters().empty()) m_exportMenu->addAction("(no exporters)")->setEnabled(false);
  for (const auto& w : host->registry().workflows())
    add(m_workflowsMenu, "workflow:" + w.id, w.name, w.shortcut, [this, id = w.id] { m_window->startWorkflow(id); });
  std::vector<std::shared_ptr<fv::plugin::ViewportTool>> painters;
  for (const auto& [id, tool] : m_tools) painters.push_back(tool);
  for (int i = 0; i < m_window->grid()->count(); ++i) m_window->grid()->viewport(i)->setPaintingTools(painters);
}

void MainActions::activateTool(const QString& id) {
  m_activeTool = m_tools.count(id) ? id : QString();
  auto tool = m_activeTool.isEmpty() ? nullptr : m_tools[m_activeTool];
  for (int i = 0; i < m_window->grid()->count(); ++i) m_window->grid()->viewport(i)->setActiveTool(tool);
  if (tool) tool->activated(m_window->grid()->active());
  if (QAction* a = action(m_activeTool.isEmpty() ? "tool.navigate" : "tool:" + m_activeTool)) a->setChecked(true);
}

void MainActions::refresh() {
  ImageViewport* v = view();
  if (auto* c = m_window->grid()->cineOf(v)) {
    const QSignalBlocker block(m_fps);
    m_fps->setValue(c->fps());
  }
  if (QAction* a = action(QString("layout.%1x%2").arg(m_window->grid()->rows()).arg(m_window->grid()->columns())))
    a->setChecked(true);
}

}  // namespace fv::viewer
