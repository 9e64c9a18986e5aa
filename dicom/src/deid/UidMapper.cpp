#include "UidMapper.h"

#include "fv/dicom/DerivedObjects.h"

namespace fv::dicom::deid {

const std::string& UidMapper::map(const std::string& source) {
  static const std::string empty;
  std::string key = source;
  while (!key.empty() && (key.back() == ' ' || key.back() == '\0')) key.pop_back();
  if (key.empty()) return empty;
  auto it = m_map.find(key);
  if (it == m_map.end()) it = m_map.emplace(std::move(key), newUid()).first;
  return it->second;
}

}  // namespace fv::dicom::deid
