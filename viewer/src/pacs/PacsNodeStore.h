// PACS nodes of the viewer: kept in QSettings without their secret; the password/token is kept
// in the keyring (QtKeychain) or, when no keyring answers, in a file only the user can read.
#pragma once

#include <vector>

#include <QString>

#include "fv/net/Node.h"

namespace fv::viewer::pacs {

/// Where a secret was kept (or read from).
enum class SecretPlace { None, Keyring, File };

/// The configured nodes. Secrets never go to QSettings.
class PacsNodeStore {
 public:
  /// `secretsFile`: the fallback file ("" = defaultSecretsFile()).
  explicit PacsNodeStore(QString secretsFile = {});

  /// QStandardPaths::AppConfigLocation/pacs-secrets.
  static QString defaultSecretsFile();
  /// The keyring service name of the secrets ("FluoroView PACS"); the key is the node's name.
  static constexpr const char* kKeyringService = "FluoroView PACS";

  /// The nodes in QSettings (group "pacs/nodes"), secrets left empty.
  std::vector<fv::net::Node> nodes() const;
  /// The node named `name` with its secret, or nullopt-like empty name when unknown.
  fv::net::Node node(const QString& name) const;
  /// Replaces the node list in QSettings (without secrets) and keeps each node's secret (an empty
  /// one removes it); removes the secrets of nodes no longer listed. lastPlace(): where they went.
  void save(const std::vector<fv::net::Node>& nodes);

  /// Keeps `secret` for node `name` (keyring first, else the 0600 file). Empty removes it.
  SecretPlace setSecret(const QString& name, const QString& secret);
  /// The secret of node `name` ("" when none).
  QString secret(const QString& name) const;
  /// The archive: the node that documents FluoroView creates (confirmations) are sent to
  /// automatically ("" = none; QSettings "pacs/archive").
  QString archiveNode() const;
  /// Sets the archive ("" = none); a name that is not a node clears it.
  void setArchiveNode(const QString& name);

  /// Where the last setSecret() / save() put a secret (None: nothing kept).
  SecretPlace lastPlace() const { return m_lastPlace; }
  QString secretsFile() const { return m_secretsFile; }

 private:
  bool writeFileSecret(const QString& name, const QString& secret);
  QString readFileSecret(const QString& name) const;

  QString m_secretsFile;
  SecretPlace m_lastPlace = SecretPlace::None;
};

/// The cache folder of retrieves: $FLUOROVIEW_PACS_CACHE, else CacheLocation/pacs-cache.
QString pacsCacheDir();

}  // namespace fv::viewer::pacs
