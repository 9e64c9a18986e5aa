#include "PacsUi.h"

#include <QAction>
#include <QDockWidget>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

#include "OutboxPanel.h"
#include "PacsNodesDialog.h"
#include "PacsQueryPanel.h"
#include "PacsSender.h"

namespace fv::viewer::pacs {

namespace {
QMenu* findMenu(QMainWindow* w, const QString& title) {
  for (QAction* a : w->menuBar()->actions())
    if (a->menu() && a->text().remove('&') == title) return a->menu();
  return nullptr;
}
}  // namespace

PacsUi::PacsUi(QMainWindow* window, PacsHost host)
    : QObject(window), m_window(window), m_host(std::move(host)) {
  m_sender = new PacsSender(this);
  connect(m_sender, &PacsSender::finished, this, [this](bool ok, const QString& message) {
    if (m_host.showMessage) m_host.showMessage(message, !ok);
    emit sent(ok, message);
  });

  m_panel = new PacsQueryPanel(m_store, m_host.openFolder, window);
  m_dock = new QDockWidget("PACS", window);
  m_dock->setObjectName("pacsQueryDock");
  m_dock->setWidget(m_panel);
  window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
  m_dock->hide();

  QMenu* file = findMenu(window, "File");
  QMenu* view = findMenu(window, "View");
  QMenu* edit = findMenu(window, "Edit");
  if (!edit) {
    edit = new QMenu("&Edit", window);
    window->menuBar()->insertMenu(view ? view->menuAction() : nullptr, edit);
  }
  QAction* nodes = edit->addAction("PACS &nodes...");
  nodes->setObjectName("pacs.nodes");
  connect(nodes, &QAction::triggered, this, &PacsUi::editNodes);

  QAction* toggle = m_dock->toggleViewAction();
  toggle->setText("&PACS query");
  toggle->setObjectName("pacs.queryDock");
  if (view) view->addAction(toggle);

  m_outboxPanel = new OutboxPanel(*m_sender, window);
  m_outboxDock = new QDockWidget("Outbox", window);
  m_outboxDock->setObjectName("pacsOutboxDock");
  m_outboxDock->setWidget(m_outboxPanel);
  window->addDockWidget(Qt::RightDockWidgetArea, m_outboxDock);
  m_outboxDock->hide();
  QAction* outbox = m_outboxDock->toggleViewAction();
  outbox->setText("&Outbox");
  outbox->setObjectName("pacs.outboxDock");
  if (view) view->addAction(outbox);

  if (file) {
    QAction* send = new QAction("Send series to &PACS...", file);
    send->setObjectName("pacs.send");
    file->insertAction(file->actions().value(file->actions().size() - 1), send);  // before Quit
    connect(send, &QAction::triggered, this, [this] {
      const QString uid = m_host.currentSeriesUid ? m_host.currentSeriesUid() : QString();
      if (uid.isEmpty()) {
        if (m_host.showMessage)
          m_host.showMessage("Send to PACS: select a series in the study browser first", true);
        return;
      }
      sendSeries(uid);
    });
  }
}

PacsUi::~PacsUi() = default;

void PacsUi::editNodes() {
  PacsNodesDialog dialog(m_store, m_window);
  dialog.exec();
  m_panel->reloadNodes();
}

void PacsUi::addSeriesActions(QMenu* menu, const QString& uid) {
  connect(menu->addAction("Send to PACS..."), &QAction::triggered, this,
          [this, uid] { sendSeries(uid); });
}

void PacsUi::queue(const fv::net::Node& node, std::vector<std::filesystem::path> files) {
  std::vector<fv::net::Node> known;  // with their secrets, for sends retried later
  for (const auto& n : m_store.nodes()) known.push_back(m_store.node(QString::fromStdString(n.name)));
  m_sender->setNodes(known);
  m_sender->sendFiles(node, std::move(files));
}

fv::dicom::Status PacsUi::sendToArchive(const std::vector<std::filesystem::path>& files) {
  using fv::dicom::ErrorCode;
  const QString name = m_store.archiveNode();
  if (name.isEmpty())
    return fv::dicom::makeError(ErrorCode::InvalidArgument,
                                "no archive node is set (Edit > PACS nodes..., \"Archive\")");
  const fv::net::Node node = m_store.node(name);
  if (node.name.empty())
    return fv::dicom::makeError(ErrorCode::NotFound, "the archive node is no longer configured",
                                name.toStdString());
  if (files.empty()) return fv::dicom::makeError(ErrorCode::InvalidArgument, "no files to send");
  for (const auto& f : files) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec))
      return fv::dicom::makeError(ErrorCode::NotFound, "cannot send: not a readable file", f.string());
  }
  queue(node, files);  // the caller says what it sends; the outcome comes as sent()
  return {};
}

void PacsUi::sendSeries(const QString& uid, const QString& nodeName) {
  auto message = [this](const QString& t, bool error) {
    if (m_host.showMessage) m_host.showMessage(t, error);
  };
  QString name = nodeName;
  if (name.isEmpty()) {
    QStringList names;
    for (const auto& n : m_store.nodes()) names << QString::fromStdString(n.name);
    if (names.isEmpty())
      return message("Send to PACS: no PACS node configured (Edit > PACS nodes...)", true);
    bool ok = false;
    name = QInputDialog::getItem(m_window, "Send to PACS", "Send the series to:", names, 0, false,
                                 &ok);
    if (!ok) return;
  }
  const fv::net::Node node = m_store.node(name);
  if (node.name.empty()) return message("Send to PACS: no node named " + name, true);
  std::vector<std::filesystem::path> files =
      m_host.seriesFiles ? m_host.seriesFiles(uid) : decltype(files){};
  if (files.empty()) return message("Send to PACS: series " + uid + " has no files", true);
  message(QString("Sending %1 file(s) to %2 (through the outbox)...").arg(files.size()).arg(name), false);
  queue(node, std::move(files));
}

}  // namespace fv::viewer::pacs
