// Menus, toolbar and keyboard shortcuts of the main window (the list in Help and docs/viewer.md).
#pragma once

#include <map>
#include <memory>

#include <QObject>
#include <QString>

#include "fv/viewer/plugin/Contributions.h"

class QAction;
class QActionGroup;
class QDoubleSpinBox;
class QMenu;
class QToolBar;

namespace fv::viewer {

class MainWindow;
class ImageViewport;

/// Creates and owns the main window's actions and routes them to the active viewport.
class MainActions : public QObject {
  Q_OBJECT
 public:
  explicit MainActions(MainWindow* window);
  /// Adds plugin tools, commands and workflows (after plugins loaded).
  void addContributions();
  /// Refreshes checked states and enabled flags for the active viewport.
  void refresh();
  /// The recent-studies menu (filled by the main window).
  QMenu* recentMenu() const { return m_recent; }
  /// The shortcut table shown in Help → Keyboard shortcuts.
  static QString shortcutHelp();
  /// Activates a tool by id ("" = navigation).
  void activateTool(const QString& id);
  /// The cine frame-rate box (exposed for tests).
  QDoubleSpinBox* fpsBox() const { return m_fps; }
  QAction* action(const QString& name) const;

 private:
  QAction* add(QMenu* menu, const QString& name, const QString& text, const QKeySequence& key,
               std::function<void()> slot, bool checkable = false);
  void buildFileMenu();
  void buildViewMenu();
  void buildImageMenu();
  void buildCineMenu();
  void buildHelpMenu();
  ImageViewport* view() const;

  MainWindow* m_window;
  QToolBar* m_toolbar = nullptr;
  QMenu* m_recent = nullptr;
  QMenu* m_exportMenu = nullptr;
  QMenu* m_presets = nullptr;
  QMenu* m_toolsMenu = nullptr;
  QMenu* m_workflowsMenu = nullptr;
  QActionGroup* m_toolGroup = nullptr;
  QDoubleSpinBox* m_fps = nullptr;
  std::map<QString, QAction*> m_actions;
  std::map<QString, std::shared_ptr<fv::plugin::ViewportTool>> m_tools;
  QString m_activeTool;
};

}  // namespace fv::viewer
