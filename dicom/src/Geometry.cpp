#include "fv/dicom/Geometry.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace fv::dicom {

bool Orientation::approxEquals(const Orientation& o, double tol) const {
  auto close = [tol](const Vec3& a, const Vec3& b) {
    return std::fabs(a.x - b.x) <= tol && std::fabs(a.y - b.y) <= tol && std::fabs(a.z - b.z) <= tol;
  };
  return close(row, o.row) && close(column, o.column);
}

std::string orientationLabel(const Vec3& d, double threshold) {
  // Patient LPS axes: +x = Left, +y = Posterior, +z = Head (PS3.3 C.7.6.2.1.1).
  std::vector<std::pair<double, char>> parts = {
      {std::fabs(d.x), d.x > 0 ? 'L' : 'R'},
      {std::fabs(d.y), d.y > 0 ? 'P' : 'A'},
      {std::fabs(d.z), d.z > 0 ? 'H' : 'F'},
  };
  std::stable_sort(parts.begin(), parts.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string s;
  for (const auto& [magnitude, letter] : parts)
    if (magnitude > threshold) s += letter;
  return s;
}

std::string oppositeOrientationLabel(const std::string& label) {
  std::string s = label;
  for (char& c : s) {
    switch (c) {
      case 'L': c = 'R'; break;
      case 'R': c = 'L'; break;
      case 'A': c = 'P'; break;
      case 'P': c = 'A'; break;
      case 'H': c = 'F'; break;
      case 'F': c = 'H'; break;
      default: break;
    }
  }
  return s;
}

}  // namespace fv::dicom
