// A PACS node: where FluoroView queries, retrieves and stores (DIMSE or DICOMweb).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fv/dicom/Result.h"

namespace fv::net {

/// The protocol a node speaks.
enum class Protocol { Dimse, DicomWeb };

/// How a DICOMweb node authenticates us.
enum class AuthKind { None, Basic, Bearer };

/// Credentials of a node. `secret` (password or token) is never written to logs, JSON or
/// settings in plain text (the viewer keeps it in the keyring, docs/pacs.md).
struct Credentials {
  AuthKind kind = AuthKind::None;
  std::string user;    ///< Basic: user name
  std::string secret;  ///< Basic: password; Bearer: the token
};

/// TLS of DICOM TLS (PS3.15 B.1) and HTTPS. Peer verification is on unless turned off.
struct TlsSettings {
  bool verifyPeer = true;   ///< check the peer's certificate against caFile / the system store
  std::string caFile;       ///< PEM file of trusted certificates ("" = the system's store)
  std::string certFile;     ///< our certificate (PEM), for peers that require one
  std::string keyFile;      ///< our private key (PEM)
};

/// One configured PACS node.
struct Node {
  std::string name;                    ///< what the user calls it ("Radiology PACS")
  Protocol protocol = Protocol::Dimse;
  // DIMSE
  std::string calledAet;               ///< the PACS's AE title
  std::string host;                    ///< host name or address
  uint16_t port = 104;
  bool tls = false;                    ///< DICOM TLS (dicoms://)
  std::string callingAet = "FLUOROVIEW";  ///< our AE title
  // DICOMweb
  std::string baseUrl;                 ///< e.g. http://127.0.0.1:8042/dicom-web (no trailing '/')
  Credentials credentials;
  TlsSettings tlsSettings;
  int timeoutSeconds = 30;             ///< connect / each network read or write

  /// For messages: "ORTHANC@127.0.0.1:4242" or the base URL (never credentials).
  std::string label() const;
};

/// Parses "dicom://AET@HOST:PORT", "dicoms://AET@HOST:PORT" or "http(s)://HOST[:PORT]/PATH".
fv::dicom::Result<Node> parseNode(std::string_view text);

/// True for a valid AE title (PS3.5 6.2: 1-16 characters, no backslash or control characters,
/// not only spaces).
bool isValidAeTitle(std::string_view aet);

}  // namespace fv::net
