// The Outbox panel: every send job with its state, retry now and remove.
#pragma once

#include <QWidget>

class QTreeWidget;

namespace fv::viewer::pacs {

class PacsSender;

class OutboxPanel : public QWidget {
  Q_OBJECT
 public:
  explicit OutboxPanel(PacsSender& sender, QWidget* parent = nullptr);
  /// Re-reads the outbox.
  void refresh();
  /// The list (for tests and accessibility).
  QTreeWidget* list() const { return m_list; }

 private:
  PacsSender& m_sender;
  QTreeWidget* m_list = nullptr;
};

}  // namespace fv::viewer::pacs
