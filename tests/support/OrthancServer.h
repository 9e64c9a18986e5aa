// A real Orthanc (Debian's /usr/sbin/Orthanc + DICOMweb plugin) started by a test on loopback,
// on free ports, from a temporary configuration and storage folder; always stopped.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fv::test {

/// A modality Orthanc knows (C-MOVE destinations, peers allowed to C-GET).
struct OrthancModality {
  std::string aet = "FLUOROVIEW";
  uint16_t port = 104;  ///< where Orthanc sends C-MOVE results
};

/// What to start.
struct OrthancOptions {
  bool dicomWeb = true;                           ///< load the DICOMweb plugin
  uint16_t dicomPort = 0;                         ///< the DICOM port; 0: a free one
  std::vector<OrthancModality> modalities{OrthancModality{}};
  std::map<std::string, std::string> users;       ///< HTTP Basic users (enables authentication)
  bool dicomTls = false;                          ///< DICOM TLS on the DICOM port
  std::filesystem::path tlsCertificate, tlsKey, tlsTrusted;  ///< PEM files for DICOM TLS
  std::string acceptedTransferSyntaxes = "\"1.2.840.10008.1.*\"";  ///< JSON array members
  std::string extraJson;                          ///< more configuration members ("\"K\": V, ")
};

/// One running Orthanc. start() skips the test (GTEST_SKIP-able result) when Orthanc is absent.
class OrthancServer {
 public:
  ~OrthancServer();  ///< kills the server and removes its folder

  /// Starts it and waits until it answers /system (up to 20 s); "" on success, else why not.
  std::string start(const OrthancOptions& options = {});
  /// True when Debian's Orthanc is installed.
  static bool available();
  /// Stops the server (SIGTERM, then SIGKILL after 5 s).
  void stop();

  uint16_t dicomPort() const { return m_dicomPort; }
  uint16_t httpPort() const { return m_httpPort; }
  const std::string& aet() const { return m_aet; }
  /// "dicom://ORTHANC@127.0.0.1:PORT" (dicoms:// when TLS).
  std::string dicomNode() const;
  /// "http://127.0.0.1:PORT/dicom-web".
  std::string dicomWebUrl() const;
  /// "http://127.0.0.1:PORT".
  std::string restUrl() const;

  /// Uploads a DICOM file through the REST API; "" on success, else the reason.
  std::string upload(const std::filesystem::path& file) const;
  /// GET on the REST API (e.g. "/instances"); the body, or "" on failure.
  std::string get(const std::string& path) const;
  /// Number of instances stored in Orthanc (from /statistics), -1 on failure.
  long instanceCount() const;

  /// A TCP port nobody listens on right now (bound and released on 127.0.0.1).
  static uint16_t freePort();

 private:
  pid_t m_pid = -1;
  uint16_t m_dicomPort = 0, m_httpPort = 0;
  std::string m_aet = "ORTHANC";
  bool m_tls = false;
  std::filesystem::path m_dir;
  OrthancOptions m_options;
};

}  // namespace fv::test
