// Send to PACS through the persistent outbox (fv::net::Outbox): a send survives a PACS that is
// down, a lost network and a closed or killed viewer, and no acknowledged file is sent twice.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <QObject>
#include <QString>

#include "fv/net/Node.h"
#include "fv/net/Outbox.h"

namespace fv::viewer::pacs {

class PacsSender : public QObject {
  Q_OBJECT
 public:
  /// The outbox lives in `folder` ("" = defaultOutboxFolder()).
  explicit PacsSender(QObject* parent = nullptr, QString folder = {});
  ~PacsSender() override;

  /// $FLUOROVIEW_OUTBOX, else QStandardPaths::AppDataLocation/outbox.
  static QString defaultOutboxFolder();
  /// The nodes with their secrets, read on the GUI thread, for the sending thread.
  void setNodes(const std::vector<fv::net::Node>& nodes);
  /// Queues `files` for `node` in the outbox and wakes the sender; finished() tells the outcome
  /// of the first attempt (and of the last, when the job ends later).
  void sendFiles(const fv::net::Node& node, std::vector<std::filesystem::path> files);
  /// The outbox, for the Outbox panel.
  fv::net::Outbox& outbox() { return *m_outbox; }
  /// Makes a job due now and wakes the sender.
  void retryNow(const std::string& id);

 signals:
  /// A send ended (`ok`: every file stored) or failed and is kept for a retry; `message` names
  /// the node and, on failure, the reason.
  void finished(bool ok, const QString& message);
  /// The outbox changed (a file acknowledged, an attempt ended, a job added).
  void outboxChanged();

 private:
  void reportChanges();
  std::mutex m_mutex;  // m_nodes, m_watched
  std::map<std::string, fv::net::Node> m_nodes;
  std::map<std::string, long> m_watched;  // job id -> attempts already reported
  std::unique_ptr<fv::net::Outbox> m_outbox;
  std::unique_ptr<fv::net::OutboxWorker> m_worker;  // last: stopped first
};

}  // namespace fv::viewer::pacs
