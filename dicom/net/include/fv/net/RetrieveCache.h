// The local cache that retrieved files land in: one folder per study, atomic, escape-proof.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "fv/dicom/Result.h"
#include "fv/net/Transfer.h"

namespace fv::net {

/// A path component for a UID: the UID itself when it is a valid UID (PS3.5 9.1: digits and
/// dots, at most 64 characters, not "." or ".."), else "x" + a hash of it, so that a hostile
/// UID such as "../../x" can never leave the cache.
std::string safeComponent(std::string_view uid);

/// The cache folder of retrieved studies: cacheDir/<study>/<series>/<sop>.dcm.
class RetrieveCache {
 public:
  explicit RetrieveCache(std::filesystem::path root) : m_root(std::move(root)) {}
  const std::filesystem::path& root() const { return m_root; }

  /// Where the instance lives in the cache.
  std::filesystem::path pathOf(std::string_view studyUid, std::string_view seriesUid,
                               std::string_view sopUid) const;
  /// A new temporary file inside the cache for an arriving instance (hidden, ".fvtmp" name).
  fv::dicom::Result<std::filesystem::path> newTemporary() const;
  /// Checks a received temporary file (a DICOM file whose UIDs we read), fsyncs it and renames
  /// it to its place; removes it on failure. Never replaces a complete file (same SOP: kept).
  fv::dicom::Result<ReceivedFile> commit(const std::filesystem::path& temporary) const;
  /// SOP Instance UIDs complete in the cache for a study (for resuming a retrieve).
  std::set<std::string> completeInstances(std::string_view studyUid) const;
  /// Removes leftover temporary files of interrupted transfers (killed processes) untouched for
  /// `olderThanSeconds`; our own transfers remove theirs on any failure.
  void removeTemporaries(long olderThanSeconds = 600) const;

 private:
  std::filesystem::path m_root;
};

}  // namespace fv::net
