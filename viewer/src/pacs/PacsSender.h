// Send to PACS: C-STORE / STOW-RS of files on a worker, the outcome as a signal.
// The seam for the persistent outbox (fv::net::Outbox): sendFiles() is the one entry point.
#pragma once

#include <filesystem>
#include <vector>

#include <QObject>
#include <QString>

#include "PacsWorkers.h"
#include "fv/net/Node.h"

namespace fv::viewer::pacs {

class PacsSender : public QObject {
  Q_OBJECT
 public:
  explicit PacsSender(QObject* parent = nullptr) : QObject(parent) {}
  ~PacsSender() override;

  /// Sends `files` to `node` in the background; finished() tells the outcome. (To be replaced
  /// by queueing into fv::net::Outbox, which keeps the sends across restarts.)
  void sendFiles(const fv::net::Node& node, std::vector<std::filesystem::path> files);

 signals:
  /// One sendFiles() ended: `ok` when every file was stored; `message` names the node and, on
  /// failure, the reason.
  void finished(bool ok, const QString& message);

 private:
  PacsWorkers m_workers;  // last: joined first
};

}  // namespace fv::viewer::pacs
