#include "PacsNodeStore.h"

#include <sys/stat.h>

#include <memory>

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include "fv/dicom/AtomicFile.h"

namespace fv::viewer::pacs {

using fv::net::AuthKind;
using fv::net::Node;
using fv::net::Protocol;

namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

bool keyringDisabled() {
  return qEnvironmentVariableIsSet("FLUOROVIEW_PACS_NO_KEYRING");
}

// Runs a keychain job to its end (a local event loop, bounded at 10 s); true on success. A job
// that did not finish in time is left to delete itself when it does (`job` is then released).
bool runJob(std::unique_ptr<QKeychain::Job>& job) {
  QEventLoop loop;
  bool done = false;
  QObject::connect(job.get(), &QKeychain::Job::finished, &loop, [&] {
    done = true;
    loop.quit();
  });
  QTimer::singleShot(10000, &loop, &QEventLoop::quit);
  job->setAutoDelete(false);
  job->start();
  if (!done) loop.exec();
  if (!done) {
    job->disconnect(&loop);
    job.release()->setAutoDelete(true);
    return false;
  }
  return job->error() == QKeychain::NoError;
}

QJsonObject readSecrets(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

PacsNodeStore::PacsNodeStore(QString secretsFile)
    : m_secretsFile(secretsFile.isEmpty() ? defaultSecretsFile() : std::move(secretsFile)) {}

QString PacsNodeStore::defaultSecretsFile() {
  return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + "/pacs-secrets";
}

std::vector<Node> PacsNodeStore::nodes() const {
  QSettings s;
  std::vector<Node> out;
  const int n = s.beginReadArray("pacs/nodes");
  for (int i = 0; i < n; ++i) {
    s.setArrayIndex(i);
    Node node;
    node.name = s.value("name").toString().toStdString();
    node.protocol =
        s.value("protocol").toString() == "dicomweb" ? Protocol::DicomWeb : Protocol::Dimse;
    node.calledAet = s.value("aeTitle").toString().toStdString();
    node.host = s.value("host").toString().toStdString();
    node.port = uint16_t(s.value("port", 104).toUInt());
    node.tls = s.value("tls", false).toBool();
    node.callingAet = s.value("callingAeTitle", "FLUOROVIEW").toString().toStdString();
    node.baseUrl = s.value("baseUrl").toString().toStdString();
    const QString auth = s.value("auth").toString();
    node.credentials.kind = auth == "basic"    ? AuthKind::Basic
                            : auth == "bearer" ? AuthKind::Bearer
                                               : AuthKind::None;
    node.credentials.user = s.value("user").toString().toStdString();
    node.timeoutSeconds = s.value("timeout", 30).toInt();
    node.tlsSettings.caFile = s.value("caFile").toString().toStdString();
    out.push_back(std::move(node));
  }
  s.endArray();
  return out;
}

Node PacsNodeStore::node(const QString& name) const {
  for (Node n : nodes())
    if (q(n.name) == name) {
      n.credentials.secret = secret(name).toStdString();
      return n;
    }
  return {};
}

void PacsNodeStore::save(const std::vector<Node>& list) {
  const std::vector<Node> before = nodes();
  QSettings s;
  s.remove("pacs/nodes");
  s.beginWriteArray("pacs/nodes", int(list.size()));
  for (int i = 0; i < int(list.size()); ++i) {
    const Node& n = list[size_t(i)];
    s.setArrayIndex(i);
    s.setValue("name", q(n.name));
    s.setValue("protocol", n.protocol == Protocol::DicomWeb ? "dicomweb" : "dimse");
    s.setValue("aeTitle", q(n.calledAet));
    s.setValue("host", q(n.host));
    s.setValue("port", n.port);
    s.setValue("tls", n.tls);
    s.setValue("callingAeTitle", q(n.callingAet));
    s.setValue("baseUrl", q(n.baseUrl));
    const AuthKind k = n.credentials.kind;
    s.setValue("auth", k == AuthKind::Basic ? "basic" : k == AuthKind::Bearer ? "bearer" : "none");
    s.setValue("user", q(n.credentials.user));
    s.setValue("timeout", n.timeoutSeconds);
    s.setValue("caFile", q(n.tlsSettings.caFile));
  }
  s.endArray();
  s.sync();
  SecretPlace place = SecretPlace::None;
  for (const Node& n : list)  // an empty secret removes the one kept before
    if (const SecretPlace p = setSecret(q(n.name), q(n.credentials.secret)); p != SecretPlace::None)
      place = p;
  for (const Node& old : before) {
    bool kept = false;
    for (const Node& n : list) kept |= n.name == old.name;
    if (!kept) setSecret(q(old.name), {});
  }
  m_lastPlace = place;
  setArchiveNode(archiveNode());  // a removed or renamed archive is no archive
}

QString PacsNodeStore::archiveNode() const { return QSettings().value("pacs/archive").toString(); }

void PacsNodeStore::setArchiveNode(const QString& name) {
  bool known = false;
  for (const Node& n : nodes()) known |= q(n.name) == name;
  QSettings s;
  if (known) s.setValue("pacs/archive", name);
  else s.remove("pacs/archive");
  s.sync();
}

SecretPlace PacsNodeStore::setSecret(const QString& name, const QString& secret) {
  m_lastPlace = SecretPlace::None;
  if (!keyringDisabled()) {
    if (secret.isEmpty()) {
      auto job = std::make_unique<QKeychain::DeletePasswordJob>(kKeyringService);
      job->setKey(name);
      std::unique_ptr<QKeychain::Job> j = std::move(job);
      runJob(j);
    } else {
      auto job = std::make_unique<QKeychain::WritePasswordJob>(kKeyringService);
      job->setKey(name);
      job->setTextData(secret);
      std::unique_ptr<QKeychain::Job> j = std::move(job);
      if (runJob(j)) {
        writeFileSecret(name, {});  // no stale copy in the file
        return m_lastPlace = SecretPlace::Keyring;
      }
    }
  }
  if (!writeFileSecret(name, secret)) return m_lastPlace = SecretPlace::None;
  return m_lastPlace = secret.isEmpty() ? SecretPlace::None : SecretPlace::File;
}

QString PacsNodeStore::secret(const QString& name) const {
  if (!keyringDisabled()) {
    auto* read = new QKeychain::ReadPasswordJob(kKeyringService);
    read->setKey(name);
    std::unique_ptr<QKeychain::Job> j(read);
    if (runJob(j)) return read->textData();
  }
  return readFileSecret(name);
}

bool PacsNodeStore::writeFileSecret(const QString& name, const QString& secret) {
  QJsonObject all = readSecrets(m_secretsFile);
  if (secret.isEmpty() && !all.contains(name)) return true;
  if (secret.isEmpty())
    all.remove(name);
  else
    all.insert(name, secret);
  QDir().mkpath(QFileInfo(m_secretsFile).absolutePath());
  const QByteArray bytes = QJsonDocument(all).toJson(QJsonDocument::Compact);
  // The temporary file is created by mkstemp (mode 0600) before anything is written to it; the
  // chmod keeps it so if the file was created some other way before.
  const std::string path = m_secretsFile.toStdString();
  if (!fv::dicom::writeFileAtomically(path, bytes.constData(), size_t(bytes.size()),
                                      fv::dicom::Overwrite::Replace))
    return false;
  return ::chmod(path.c_str(), S_IRUSR | S_IWUSR) == 0;
}

QString PacsNodeStore::readFileSecret(const QString& name) const {
  return readSecrets(m_secretsFile).value(name).toString();
}

QString pacsCacheDir() {
  const QString env = qEnvironmentVariable("FLUOROVIEW_PACS_CACHE");
  if (!env.isEmpty()) return env;
  return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/pacs-cache";
}

}  // namespace fv::viewer::pacs
