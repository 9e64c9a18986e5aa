// Source UID → new UID for one export (PS3.15 E.3.9 rule: consistent replacement), memory only.
#pragma once

#include <string>
#include <unordered_map>

namespace fv::dicom::deid {

/// Replaces UIDs consistently: the same source UID always gets the same new 2.25.<random> UID.
/// The new UID is random (PS3.5 B.2), never a function of the source. Not thread-safe by itself.
class UidMapper {
 public:
  /// The replacement of `source` (trailing spaces/NULs ignored); "" stays "".
  const std::string& map(const std::string& source);
  /// Number of distinct source UIDs seen.
  size_t size() const { return m_map.size(); }

 private:
  std::unordered_map<std::string, std::string> m_map;
};

}  // namespace fv::dicom::deid
