#include "OutboxPanel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "PacsSender.h"

namespace fv::viewer::pacs {
using fv::net::OutboxState;

OutboxPanel::OutboxPanel(PacsSender& sender, QWidget* parent) : QWidget(parent), m_sender(sender) {
  auto* layout = new QVBoxLayout(this);
  m_list = new QTreeWidget(this);
  m_list->setObjectName("outboxList");
  m_list->setHeaderLabels({"To", "Files", "State", "Last error"});
  m_list->setRootIsDecorated(false);
  m_list->header()->setStretchLastSection(true);
  layout->addWidget(m_list);
  auto* buttons = new QHBoxLayout;
  auto* retry = new QPushButton("Retry now", this);
  auto* remove = new QPushButton("Remove", this);
  buttons->addWidget(retry);
  buttons->addWidget(remove);
  buttons->addStretch();
  layout->addLayout(buttons);
  auto selectedId = [this]() -> std::string {
    auto* item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toString().toStdString() : std::string();
  };
  connect(retry, &QPushButton::clicked, this, [this, selectedId] {
    if (auto id = selectedId(); !id.empty()) m_sender.retryNow(id);
    refresh();
  });
  connect(remove, &QPushButton::clicked, this, [this, selectedId] {
    if (auto id = selectedId(); !id.empty()) (void)m_sender.outbox().remove(id);
    refresh();
  });
  connect(&m_sender, &PacsSender::outboxChanged, this, &OutboxPanel::refresh);
  refresh();
}

void OutboxPanel::refresh() {
  m_list->clear();
  for (const auto& e : m_sender.outbox().snapshot()) {
    QString state;
    switch (e.state) {
      case OutboxState::Waiting: state = "waiting"; break;
      case OutboxState::Retrying:
        state = "retrying at " + QDateTime::fromSecsSinceEpoch(e.nextAttempt).toString("HH:mm:ss");
        break;
      case OutboxState::Done: state = "sent"; break;
      case OutboxState::Failed: state = "failed"; break;
    }
    auto* item = new QTreeWidgetItem(
        m_list, {QString::fromStdString(e.nodeName),
                 QString("%1/%2%3").arg(e.sent).arg(e.files).arg(e.failed ? QString(", %1 failed").arg(e.failed) : ""),
                 state, QString::fromStdString(e.lastError)});
    item->setData(0, Qt::UserRole, QString::fromStdString(e.id));
  }
}

}  // namespace fv::viewer::pacs
