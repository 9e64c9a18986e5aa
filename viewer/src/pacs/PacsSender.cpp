#include "PacsSender.h"

#include "fv/net/PacsClient.h"

namespace fv::viewer::pacs {

PacsSender::~PacsSender() = default;

void PacsSender::sendFiles(const fv::net::Node& node, std::vector<std::filesystem::path> files) {
  m_workers.run([this, node, files = std::move(files)](std::stop_token stop) {
    const auto report = fv::net::makeClient(node)->store(files, {}, stop);
    const QString name = QString::fromStdString(node.name.empty() ? node.label() : node.name);
    bool ok = false;
    QString message;
    if (!report.ok()) {
      message = QString("Send to %1 failed: %2")
                    .arg(name, QString::fromStdString(report.error().toString()));
    } else if (!report->failed.empty()) {
      message = QString("Send to %1: %2 of %3 file(s) failed: %4")
                    .arg(name)
                    .arg(report->failed.size())
                    .arg(files.size())
                    .arg(QString::fromStdString(report->failed.front().message));
    } else {
      ok = true;
      message = QString("Sent %1 file(s) to %2").arg(report->files).arg(name);
    }
    onGui(this, [this, ok, message] { emit finished(ok, message); });
  });
}

}  // namespace fv::viewer::pacs
