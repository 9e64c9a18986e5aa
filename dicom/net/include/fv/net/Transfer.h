// Retrieves and sends: requests, progress, what arrived and what failed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fv::net {

/// What to retrieve (study, or one series, or one instance) and where to.
struct RetrieveRequest {
  std::string studyUid;                 ///< required
  std::string seriesUid;                ///< optional: one series
  std::string sopInstanceUid;           ///< optional: one instance (needs seriesUid)
  std::filesystem::path cacheDir;       ///< files go to cacheDir/<study>/<series>/<sop>.dcm
  bool useMove = false;                 ///< DIMSE: C-MOVE to our own storage SCP, else C-GET
  std::string listenAet = "FLUOROVIEW";  ///< C-MOVE destination AE title (known to the PACS)
  uint16_t listenPort = 0;              ///< C-MOVE: port of our storage SCP
};

/// Progress of a transfer so far.
struct Progress {
  long files = 0;        ///< complete files
  uint64_t bytes = 0;    ///< bytes of complete files
  double seconds = 0;    ///< since the transfer started
  long expected = -1;    ///< files the peer announced, -1 when unknown
  /// Throughput in MB/s (10^6 bytes).
  double megabytesPerSecond() const { return seconds > 0 ? bytes / 1e6 / seconds : 0; }
};

/// A complete file now in the cache (written atomically).
struct ReceivedFile {
  std::filesystem::path path;
  std::string studyUid, seriesUid, sopInstanceUid;
  uint64_t bytes = 0;
};

/// One file or instance that could not be transferred.
struct TransferFailure {
  std::string path;            ///< the local file (store), if any
  std::string sopInstanceUid;  ///< the instance (retrieve), if known
  std::string message;         ///< why, naming the node
  bool permanent = false;      ///< sending it again cannot help (not DICOM, refused by the PACS)
};

/// The outcome of a retrieve or store.
struct TransferReport {
  long files = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  long skipped = 0;                      ///< retrieve: already complete in the cache (resume)
  std::vector<TransferFailure> failed;
};

/// Callbacks of a transfer; called on the transferring thread.
struct TransferObserver {
  std::function<void(const ReceivedFile&)> onFile;   ///< retrieve: each complete file
  std::function<void(const Progress&)> onProgress;   ///< after each file
  /// DICOMweb retrieve: the first frame of the first multi-frame instance as a one-frame file
  /// outside the study folders (frame-level WADO-RS), before any file arrived; removed when the
  /// retrieve returns. Never called once onFile was.
  std::function<void(const ReceivedFile&)> onPreview;
};

}  // namespace fv::net
