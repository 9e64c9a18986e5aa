#include "UidMapper.h"

#include "fv/dicom/DerivedObjects.h"

namespace fv::dicom::deid {

std::string UidMapper::map(const std::string& source) {
  std::string key = source;
  while (!key.empty() && (key.back() == ' ' || key.back() == '\0')) key.pop_back();
  if (key.empty()) return {};
  std::lock_guard lock(m_mutex);
  auto it = m_map.find(key);
  if (it == m_map.end()) it = m_map.emplace(std::move(key), newUid()).first;
  return it->second;
}

}  // namespace fv::dicom::deid
