// Parses the embedded Table E.1-1 TSV once and answers "which row covers this tag" by hash.
#include <mutex>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicent.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcvr.h>

#include "DcmtkBridge.h"
#include "fv/dicom/ConfidentialityProfile.h"

namespace fv::dicom {
namespace deid {
extern const std::string_view kProfileTableTsv;
}

namespace {

struct Table {
  std::vector<ProfileRow> rows;
  std::unordered_map<uint32_t, size_t> exact;
  const ProfileRow* curves = nullptr;
  const ProfileRow* overlayData = nullptr;
  const ProfileRow* overlayComments = nullptr;
  const ProfileRow* privateRow = nullptr;
  std::string edition;
};

std::vector<std::string> splitTabs(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    out.emplace_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

// "(50xx,xxxx)" → value 0x5000, mask 0xFF00; element value 0, mask 0.
bool parseHexPattern(std::string_view s, uint16_t& value, uint16_t& mask) {
  if (s.size() != 4) return false;
  value = 0;
  mask = 0;
  for (char c : s) {
    value = uint16_t(value << 4);
    mask = uint16_t(mask << 4);
    if (c == 'x' || c == 'X') continue;
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                     : -1;
    if (d < 0) return false;
    value = uint16_t(value | d);
    mask = uint16_t(mask | 0xF);
  }
  return true;
}

std::string dictionaryVr(uint16_t g, uint16_t e) {
  const DcmDataDictionary& dict = dcmDataDict.rdlock();
  const DcmDictEntry* entry = dict.findEntry(DcmTagKey(g, e), nullptr);
  std::string vr = entry ? DcmVR(entry->getEVR()).getVRName() : "";
  dcmDataDict.rdunlock();
  if (vr == "??" || vr == "na") vr.clear();
  return vr;
}

Table parse() {
  bridge::configureDcmtk();  // the dictionary, for the VR of each row
  Table t;
  std::istringstream in{std::string(deid::kProfileTableTsv)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line.rfind("# Edition:", 0) == 0) t.edition = line.substr(10);
      continue;
    }
    if (line.rfind("Attribute Name\t", 0) == 0) continue;
    std::vector<std::string> cells = splitTabs(line);
    cells.resize(3 + kProfileOptionCount);
    ProfileRow row;
    row.name = cells[0];
    row.tag = cells[1];
    row.basic = cells[2];
    for (size_t i = 0; i < kProfileOptionCount; ++i) row.options[i] = cells[3 + i];
    if (row.tag.rfind("(gggg,eeee)", 0) == 0) {
      row.privateGroups = true;
      row.groupMask = row.elementMask = 0;
    } else if (row.tag.size() == 11 && row.tag[0] == '(' && row.tag[5] == ',') {
      if (!parseHexPattern(std::string_view(row.tag).substr(1, 4), row.group, row.groupMask) ||
          !parseHexPattern(std::string_view(row.tag).substr(6, 4), row.element, row.elementMask))
        continue;  // cannot happen with the committed table (checked by the tests)
    } else {
      continue;
    }
    row.vr = (row.groupMask == 0xFFFF && row.elementMask == 0xFFFF)
                 ? dictionaryVr(row.group, row.element)
                 : "";
    t.rows.push_back(std::move(row));
  }
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const ProfileRow& r = t.rows[i];
    if (r.privateGroups)
      t.privateRow = &r;
    else if (r.groupMask == 0xFFFF && r.elementMask == 0xFFFF)
      t.exact.emplace((uint32_t(r.group) << 16) | r.element, i);
    else if (r.group == 0x5000)
      t.curves = &r;
    else if (r.element == 0x3000)
      t.overlayData = &r;
    else if (r.element == 0x4000)
      t.overlayComments = &r;
  }
  // trim the edition text
  while (!t.edition.empty() && t.edition.front() == ' ') t.edition.erase(0, 1);
  return t;
}

const Table& table() {
  static const Table t = parse();
  return t;
}

}  // namespace

bool ProfileRow::matches(uint16_t g, uint16_t e) const {
  if (privateGroups) return (g & 1) != 0;
  return (g & groupMask) == group && (e & elementMask) == element;
}

const std::vector<ProfileRow>& confidentialityProfile() {
  return table().rows;
}

const ProfileRow* profileRowFor(uint16_t g, uint16_t e) {
  const Table& t = table();
  if (auto it = t.exact.find((uint32_t(g) << 16) | e); it != t.exact.end())
    return &t.rows[it->second];
  if (g & 1) return t.privateRow;
  // Repeating groups (PS3.5 7.6): curves 5000-501E, overlays 6000-601E, even groups only.
  if ((g & 0xFF00) == 0x5000 && g <= 0x501E) return t.curves;
  if ((g & 0xFF00) == 0x6000 && g <= 0x601E) {
    if (e == 0x3000) return t.overlayData;
    if (e == 0x4000) return t.overlayComments;
  }
  return nullptr;
}

std::string confidentialityProfileEdition() {
  return table().edition;
}

const char* toString(ProfileOption o) {
  switch (o) {
    case ProfileOption::RetainSafePrivate:
      return "Retain Safe Private";
    case ProfileOption::RetainUids:
      return "Retain UIDs";
    case ProfileOption::RetainDeviceIdentity:
      return "Retain Device Identity";
    case ProfileOption::RetainInstitutionIdentity:
      return "Retain Institution Identity";
    case ProfileOption::RetainPatientCharacteristics:
      return "Retain Patient Characteristics";
    case ProfileOption::RetainLongitudinalFullDates:
      return "Retain Longitudinal Temporal Information Full Dates";
    case ProfileOption::RetainLongitudinalModifiedDates:
      return "Retain Longitudinal Temporal Information Modified Dates";
    case ProfileOption::CleanDescriptors:
      return "Clean Descriptors";
    case ProfileOption::CleanStructuredContent:
      return "Clean Structured Content";
    case ProfileOption::CleanGraphics:
      return "Clean Graphics";
  }
  return "";
}

}  // namespace fv::dicom
