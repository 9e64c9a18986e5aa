// Edit > PACS nodes...: add, edit and remove nodes; Test connection (C-ECHO / QIDO) on a worker.
#pragma once

#include <string>
#include <vector>

#include <QDialog>

#include "PacsNodeStore.h"
#include "PacsWorkers.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace fv::viewer::pacs {

class PacsNodesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit PacsNodesDialog(PacsNodeStore& store, QWidget* parent = nullptr);
  ~PacsNodesDialog() override;

  /// The nodes as edited (secrets included).
  const std::vector<fv::net::Node>& nodes();
  /// Saves the nodes (and secrets) to the store; the note says where the secrets went.
  void saveNodes();
  /// Adds a node from the form's defaults and selects it.
  void addNode(const fv::net::Node& node);
  /// Starts Test connection of the selected node; the result goes to testResult().
  void testConnection();

  QLabel* testResult() const { return m_testResult; }
  QLabel* secretNote() const { return m_secretNote; }
  QPushButton* testButton() const { return m_test; }
  QLineEdit* secretEdit() const { return m_secret; }
  QCheckBox* archiveCheck() const { return m_archive; }

 signals:
  /// Test connection finished: `ok`, and the text shown.
  void tested(bool ok, const QString& text);

 private:
  void load(int row);
  void storeForm();
  void updateNote();

  PacsNodeStore& m_store;
  std::vector<fv::net::Node> m_nodes;
  int m_row = -1;
  QListWidget* m_list;
  QLineEdit *m_name, *m_aet, *m_host, *m_callingAet, *m_baseUrl, *m_user, *m_secret, *m_caFile;
  QComboBox *m_protocol, *m_auth;
  QSpinBox *m_port, *m_timeout;
  QCheckBox *m_tls, *m_archive;
  std::string m_archiveName;  // the node marked as archive ("" = none)
  QPushButton* m_test;
  QLabel *m_testResult, *m_secretNote;
  PacsWorkers m_workers;  // last: joined first
};

}  // namespace fv::viewer::pacs
