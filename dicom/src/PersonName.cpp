#include "fv/dicom/PersonName.h"

#include <string_view>
#include <vector>

namespace fv::dicom {

namespace {

std::vector<std::string_view> split(std::string_view s, char delimiter) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(delimiter, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? s.size() - start : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// Leading/trailing spaces removed and inner runs of spaces collapsed.
std::string simplified(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string formatPersonName(const std::string& pn) {
  // Component groups (PS3.5 6.2.1.2): alphabetic, ideographic, phonetic; the first with a
  // non-empty component.
  std::vector<std::string> parts;
  for (std::string_view group : split(pn, '=')) {
    parts.clear();
    bool any = false;
    for (std::string_view c : split(group, '^')) {
      parts.push_back(simplified(c));
      any = any || !parts.back().empty();
    }
    if (any) break;
    parts.clear();
  }
  if (parts.empty()) return {};
  parts.resize(5);  // family, given, middle, prefix, suffix
  std::string rest;
  for (const size_t i : {size_t(3), size_t(1), size_t(2), size_t(4)}) {
    if (parts[i].empty()) continue;
    if (!rest.empty()) rest += ' ';
    rest += parts[i];
  }
  if (parts[0].empty()) return rest;
  return rest.empty() ? parts[0] : parts[0] + ", " + rest;
}

}  // namespace fv::dicom
