#include "PacsSender.h"

#include <QDir>
#include <QStandardPaths>

#include "PacsWorkers.h"

namespace fv::viewer::pacs {
using fv::net::OutboxState;

QString PacsSender::defaultOutboxFolder() {
  const QByteArray env = qgetenv("FLUOROVIEW_OUTBOX");
  if (!env.isEmpty()) return QString::fromLocal8Bit(env);
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("outbox");
}

PacsSender::PacsSender(QObject* parent, QString folder) : QObject(parent) {
  if (folder.isEmpty()) folder = defaultOutboxFolder();
  // Secrets are never in the outbox's files: the sending thread takes them from m_nodes. A job
  // also follows its node's current address and TLS settings (a corrected port reaches the
  // queued sends), but only while it is the same PACS (protocol, and AE title for DIMSE): a
  // node renamed onto another PACS never receives another's queued patient data.
  auto resolve = [this](const fv::net::Node& n) {
    std::lock_guard lock(m_mutex);
    auto it = m_nodes.find(n.name);
    if (it == m_nodes.end()) return n;
    const fv::net::Node& now = it->second;
    if (now.protocol == n.protocol && (n.protocol == fv::net::Protocol::DicomWeb || now.calledAet == n.calledAet))
      return now;
    fv::net::Node full = n;
    full.credentials = it->second.credentials;
    return full;
  };
  m_outbox = std::make_unique<fv::net::Outbox>(folder.toStdString(), fv::net::makeClient, resolve);
  m_outbox->setOnChange([this] { reportChanges(); });
  m_worker = std::make_unique<fv::net::OutboxWorker>(*m_outbox);
}

PacsSender::~PacsSender() { m_worker.reset(); }

void PacsSender::setNodes(const std::vector<fv::net::Node>& nodes) {
  std::lock_guard lock(m_mutex);
  m_nodes.clear();
  for (const auto& n : nodes) m_nodes[n.name] = n;
}

void PacsSender::sendFiles(const fv::net::Node& node, std::vector<std::filesystem::path> files) {
  {
    std::lock_guard lock(m_mutex);
    m_nodes[node.name] = node;
  }
  const QString name = QString::fromStdString(node.name.empty() ? node.label() : node.name);
  auto id = m_outbox->enqueue(node, files);
  if (!id) {
    emit finished(false, QString("Send to %1 failed: %2").arg(name, QString::fromStdString(id.error().toString())));
    return;
  }
  {
    std::lock_guard lock(m_mutex);
    m_watched[*id] = 0;
  }
  emit outboxChanged();
  m_worker->wake();
}

void PacsSender::retryNow(const std::string& id) {
  (void)m_outbox->retryNow(id);
  m_worker->wake();
}

// On the sending thread: tells the GUI about jobs that ended or failed an attempt.
void PacsSender::reportChanges() {
  std::vector<std::pair<bool, QString>> messages;
  {
    std::lock_guard lock(m_mutex);
    for (const auto& e : m_outbox->snapshot()) {
      auto it = m_watched.find(e.id);
      if (it == m_watched.end()) continue;
      const QString name = QString::fromStdString(e.nodeName);
      if (e.state == OutboxState::Done) {
        messages.push_back({true, QString("Sent %1 file(s) to %2").arg(e.sent).arg(name)});
        m_watched.erase(it);
      } else if (e.state == OutboxState::Failed) {
        messages.push_back({false, QString("Send to %1: %2 of %3 file(s) failed: %4")
                                       .arg(name).arg(e.failed).arg(e.files)
                                       .arg(QString::fromStdString(e.lastError))});
        m_watched.erase(it);
      } else if (e.state == OutboxState::Retrying && e.attempts > it->second) {
        it->second = e.attempts;
        messages.push_back({false, QString("Send to %1 failed, kept in the outbox (next try in %2 s): %3")
                                       .arg(name)
                                       .arg(fv::net::outboxBackoffSeconds(e.attempts))
                                       .arg(QString::fromStdString(e.lastError))});
      }
    }
  }
  onGui(this, [this, messages] {
    for (const auto& [ok, text] : messages) emit finished(ok, text);
    emit outboxChanged();
  });
}

}  // namespace fv::viewer::pacs
