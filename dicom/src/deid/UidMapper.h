// Source UID → new UID for one export (PS3.15 E.3.9 rule: consistent replacement), memory only.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

namespace fv::dicom::deid {

/// Replaces UIDs consistently: the same source UID always gets the same new 2.25.<random> UID.
/// The new UID is random (PS3.5 B.2), never a function of the source. Thread-safe.
class UidMapper {
 public:
  /// The replacement of `source` (trailing spaces/NULs ignored); "" stays "".
  std::string map(const std::string& source);
  /// Number of distinct source UIDs seen.
  size_t size() const {
    std::lock_guard lock(m_mutex);
    return m_map.size();
  }

 private:
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, std::string> m_map;
};

}  // namespace fv::dicom::deid
