// Our storage SCP: the C-MOVE destination, for the duration of a retrieve or as a listener.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"
#include "fv/net/Transfer.h"

namespace fv::net {

/// How the storage SCP listens and whom it accepts.
struct StorageScpConfig {
  std::string aet = "FLUOROVIEW";       ///< our AE title (the called AE title must match)
  uint16_t port = 0;                    ///< TCP port to listen on
  std::set<std::string> allowedCallingAets;  ///< only these peers may associate (never empty)
  std::filesystem::path cacheDir;       ///< files are written only inside this folder
  int timeoutSeconds = 30;              ///< each network read
  bool tls = false;                     ///< DICOM TLS
  TlsSettings tlsSettings;
};

/// A storage SCP running on its own thread. Accepts only storage SOP classes (PS3.4 B.5) from
/// the allowed AE titles, writes each instance atomically into the RetrieveCache.
class StorageScp {
 public:
  /// Starts listening; fails (port in use, bad config) with an Error naming the port.
  static fv::dicom::Result<std::unique_ptr<StorageScp>> start(
      StorageScpConfig config, std::function<void(const ReceivedFile&)> onFile = {});
  ~StorageScp();  ///< stops listening and waits for the thread
  StorageScp(const StorageScp&) = delete;
  StorageScp& operator=(const StorageScp&) = delete;

  /// Files received so far.
  long filesReceived() const;
  /// Associations refused so far (unknown AE title, no storage context).
  long associationsRefused() const;

  struct Impl;

 private:
  explicit StorageScp(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace fv::net
