// The PACS functions of the main window: Edit > PACS nodes..., the query dock (View menu),
// Send to PACS... (File menu and the study browser's series menu).
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include <QObject>
#include <QString>

#include "PacsNodeStore.h"
#include "fv/dicom/Result.h"

class QDockWidget;
class QMainWindow;
class QMenu;

namespace fv::viewer::pacs {

class PacsQueryPanel;
class PacsSender;
class OutboxPanel;

/// What the PACS UI needs of the window (it knows nothing else of it).
struct PacsHost {
  std::function<void(const QString& folder)> openFolder;  ///< as File > Open folder
  std::function<std::vector<std::filesystem::path>(const QString& seriesUid)> seriesFiles;
  std::function<QString()> currentSeriesUid;
  std::function<void(const QString& text, bool error)> showMessage;
};

class PacsUi : public QObject {
  Q_OBJECT
 public:
  /// Adds the dock and the menu actions to `window` (its menus "File", "View" exist already).
  PacsUi(QMainWindow* window, PacsHost host);
  ~PacsUi() override;

  /// Edit > PACS nodes...: the dialog (modal).
  void editNodes();
  /// Sends series `uid` to node `nodeName` (asked for when empty); the outcome in the status bar.
  void sendSeries(const QString& uid, const QString& nodeName = {});
  /// Queues `files` for the archive node (PacsNodeStore::archiveNode) through the outbox; an
  /// error naming the reason when no archive is set or a file is missing (nothing queued).
  fv::dicom::Status sendToArchive(const std::vector<std::filesystem::path>& files);
  /// Adds "Send to PACS..." for series `uid` to a context menu.
  void addSeriesActions(QMenu* menu, const QString& uid);

  PacsNodeStore& store() { return m_store; }
  PacsQueryPanel* queryPanel() const { return m_panel; }
  QDockWidget* dock() const { return m_dock; }
  PacsSender* sender() const { return m_sender; }
  OutboxPanel* outboxPanel() const { return m_outboxPanel; }

 signals:
  /// A send ended (after the message was shown).
  void sent(bool ok, const QString& message);

 private:
  void queue(const fv::net::Node& node, std::vector<std::filesystem::path> files);

  QMainWindow* m_window;
  PacsHost m_host;
  PacsNodeStore m_store;
  PacsQueryPanel* m_panel = nullptr;
  QDockWidget* m_dock = nullptr;
  PacsSender* m_sender = nullptr;
  OutboxPanel* m_outboxPanel = nullptr;
  QDockWidget* m_outboxDock = nullptr;
};

}  // namespace fv::viewer::pacs
