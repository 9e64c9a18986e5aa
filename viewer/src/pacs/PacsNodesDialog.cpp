#include "PacsNodesDialog.h"

#include <chrono>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "fv/net/PacsClient.h"

namespace fv::viewer::pacs {

using fv::net::AuthKind;
using fv::net::Node;
using fv::net::Protocol;

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}
std::string s(const QLineEdit* e) {
  return e->text().trimmed().toStdString();
}
}  // namespace

QString echoText(const Node& node, bool* ok) {
  const auto start = std::chrono::steady_clock::now();
  const fv::dicom::Status st = fv::net::makeClient(node)->echo();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (ok) *ok = st.ok();
  if (st.ok()) return QString("OK (%1 ms)").arg(ms.count());
  return QString::fromStdString(st.error().toString());
}

PacsNodesDialog::PacsNodesDialog(PacsNodeStore& store, QWidget* parent)
    : QDialog(parent), m_store(store) {
  setWindowTitle("PACS nodes");
  m_nodes = store.nodes();
  m_archiveName = store.archiveNode().toStdString();
  for (Node& n : m_nodes) n.credentials.secret = store.secret(q(n.name)).toStdString();

  m_list = new QListWidget(this);
  for (const Node& n : m_nodes) m_list->addItem(q(n.name));
  auto* add = new QPushButton("Add", this);
  auto* remove = new QPushButton("Remove", this);

  m_name = new QLineEdit(this);
  m_protocol = new QComboBox(this);
  m_protocol->addItems({"DICOM (DIMSE)", "DICOMweb"});
  m_aet = new QLineEdit(this);
  m_host = new QLineEdit(this);
  m_port = new QSpinBox(this);
  m_port->setRange(1, 65535);
  m_tls = new QCheckBox("DICOM TLS / HTTPS", this);
  m_callingAet = new QLineEdit(this);
  m_baseUrl = new QLineEdit(this);
  m_auth = new QComboBox(this);
  m_auth->addItems({"None", "Basic (user, password)", "Bearer token"});
  m_user = new QLineEdit(this);
  m_secret = new QLineEdit(this);
  m_secret->setEchoMode(QLineEdit::Password);
  m_timeout = new QSpinBox(this);
  m_timeout->setRange(1, 600);
  m_timeout->setSuffix(" s");
  m_caFile = new QLineEdit(this);
  m_archive = new QCheckBox("Archive: send confirmations and other documents here automatically", this);
  m_archive->setObjectName("pacs.archive");
  m_archive->setToolTip("Documents FluoroView writes (needle confirmations: SC, GSPS, KOS) go to this node "
                        "through the outbox as soon as they are saved. One node at most.");
  m_test = new QPushButton("Test connection", this);
  m_testResult = new QLabel(this);
  m_testResult->setWordWrap(true);
  m_secretNote = new QLabel(this);
  m_secretNote->setWordWrap(true);

  auto* form = new QFormLayout;
  form->addRow("Name", m_name);
  form->addRow("Protocol", m_protocol);
  form->addRow("AE title", m_aet);
  form->addRow("Host", m_host);
  form->addRow("Port", m_port);
  form->addRow("", m_tls);
  form->addRow("Calling AE title", m_callingAet);
  form->addRow("DICOMweb base URL", m_baseUrl);
  form->addRow("Authentication", m_auth);
  form->addRow("User", m_user);
  form->addRow("Password / token", m_secret);
  form->addRow("Timeout", m_timeout);
  form->addRow("CA file (PEM)", m_caFile);
  form->addRow("", m_archive);
  form->addRow(m_test, m_testResult);

  auto* left = new QVBoxLayout;
  left->addWidget(m_list);
  auto* row = new QHBoxLayout;
  row->addWidget(add);
  row->addWidget(remove);
  left->addLayout(row);
  auto* top = new QHBoxLayout;
  top->addLayout(left, 1);
  top->addLayout(form, 2);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto* main = new QVBoxLayout(this);
  main->addLayout(top);
  main->addWidget(m_secretNote);
  main->addWidget(buttons);

  connect(m_list, &QListWidget::currentRowChanged, this, [this](int r) {
    storeForm();
    load(r);
  });
  connect(m_name, &QLineEdit::textEdited, this, [this](const QString& t) {
    if (m_row >= 0) m_list->item(m_row)->setText(t);
  });
  connect(add, &QPushButton::clicked, this, [this] {
    Node n;
    n.name = "PACS " + std::to_string(m_nodes.size() + 1);
    n.host = "127.0.0.1";
    n.calledAet = "ORTHANC";
    addNode(n);
  });
  connect(remove, &QPushButton::clicked, this, [this] {
    if (m_row < 0) return;
    const int r = m_row;
    m_row = -1;  // the form is not kept for the removed node
    m_nodes.erase(m_nodes.begin() + r);
    delete m_list->takeItem(r);
    load(m_list->currentRow());
  });
  connect(m_test, &QPushButton::clicked, this, &PacsNodesDialog::testConnection);
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    saveNodes();
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  updateNote();
  if (!m_nodes.empty())
    m_list->setCurrentRow(0);
  else
    load(-1);
}

PacsNodesDialog::~PacsNodesDialog() = default;

void PacsNodesDialog::addNode(const Node& node) {
  storeForm();
  m_nodes.push_back(node);
  m_list->addItem(q(node.name));
  m_list->setCurrentRow(int(m_nodes.size()) - 1);
}

void PacsNodesDialog::load(int r) {
  m_row = r >= 0 && r < int(m_nodes.size()) ? r : -1;
  const Node n = m_row >= 0 ? m_nodes[size_t(m_row)] : Node{};
  for (QWidget* w : std::initializer_list<QWidget*>{m_name, m_protocol, m_aet, m_host, m_port,
                                                    m_tls, m_callingAet, m_baseUrl, m_auth, m_user,
                                                    m_secret, m_timeout, m_caFile, m_archive, m_test})
    w->setEnabled(m_row >= 0);
  m_name->setText(q(n.name));
  m_protocol->setCurrentIndex(n.protocol == Protocol::DicomWeb ? 1 : 0);
  m_aet->setText(q(n.calledAet));
  m_host->setText(q(n.host));
  m_port->setValue(n.port);
  m_tls->setChecked(n.tls);
  m_callingAet->setText(q(n.callingAet));
  m_baseUrl->setText(q(n.baseUrl));
  m_auth->setCurrentIndex(int(n.credentials.kind));
  m_user->setText(q(n.credentials.user));
  m_secret->setText(q(n.credentials.secret));
  m_timeout->setValue(n.timeoutSeconds);
  m_caFile->setText(q(n.tlsSettings.caFile));
  m_archive->setChecked(m_row >= 0 && n.name == m_archiveName);
  m_testResult->clear();
}

void PacsNodesDialog::storeForm() {
  if (m_row < 0 || m_row >= int(m_nodes.size())) return;
  Node& n = m_nodes[size_t(m_row)];
  const bool wasArchive = n.name == m_archiveName;
  n.name = s(m_name);
  if (m_archive->isChecked()) m_archiveName = n.name;  // the only archive: others lose the mark
  else if (wasArchive) m_archiveName.clear();
  n.protocol = m_protocol->currentIndex() == 1 ? Protocol::DicomWeb : Protocol::Dimse;
  n.calledAet = s(m_aet);
  n.host = s(m_host);
  n.port = uint16_t(m_port->value());
  n.tls = m_tls->isChecked();
  n.callingAet = s(m_callingAet);
  n.baseUrl = s(m_baseUrl);
  n.credentials.kind = AuthKind(m_auth->currentIndex());
  n.credentials.user = s(m_user);
  n.credentials.secret = m_secret->text().toStdString();
  n.timeoutSeconds = m_timeout->value();
  n.tlsSettings.caFile = s(m_caFile);
}

const std::vector<Node>& PacsNodesDialog::nodes() {
  storeForm();
  return m_nodes;
}

void PacsNodesDialog::saveNodes() {
  m_store.save(nodes());
  m_store.setArchiveNode(q(m_archiveName));
  updateNote();
}

void PacsNodesDialog::updateNote() {
  switch (m_store.lastPlace()) {
    case SecretPlace::Keyring:
      m_secretNote->setText("Passwords and tokens are kept in the system keyring.");
      break;
    case SecretPlace::File:
      m_secretNote->setText("No system keyring answered: passwords and tokens are kept in " +
                            m_store.secretsFile() +
                            ", readable by you only (mode 0600), not encrypted.");
      break;
    case SecretPlace::None:
      m_secretNote->setText(
          "Passwords and tokens are kept in the system keyring, or, when none is available, in " +
          m_store.secretsFile() + " (readable by you only). Never in the settings file.");
      break;
  }
}

void PacsNodesDialog::testConnection() {
  storeForm();
  if (m_row < 0) return;
  const Node node = m_nodes[size_t(m_row)];
  m_test->setEnabled(false);
  m_testResult->setText("Testing " + q(node.label()) + "...");
  m_workers.run([this, node](std::stop_token) {
    bool ok = false;
    const QString text = echoText(node, &ok);
    onGui(this, [this, ok, text] {
      m_test->setEnabled(true);
      m_testResult->setText(text);
      m_testResult->setStyleSheet(ok ? "color: #1e8449;" : "color: #c0392b;");
      emit tested(ok, text);
    });
  });
}

}  // namespace fv::viewer::pacs
