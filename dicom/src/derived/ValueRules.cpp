#include "derived/ValueRules.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdicent.h>
#include <dcmtk/dcmdata/dcdict.h>

namespace fv::dicom::derived {

namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

bool allDigits(const std::string& s, size_t from, size_t n) {
  if (from + n > s.size()) return false;
  for (size_t i = from; i < from + n; ++i)
    if (!digit(s[i])) return false;
  return true;
}

int number(const std::string& s, size_t from, size_t n) {
  return std::atoi(s.substr(from, n).c_str());
}

// One row of the VR table (PS3.5 Table 6.2-1): the longest value in characters (0 = no limit
// here), which control characters it may hold, and whether it is text in the character set.
struct VrRule {
  DcmEVR vr;
  size_t maxChars;
  bool formatted;     // a format checked below (AS CS DA DS DT IS TM UI AE UR): ASCII only
  bool textControls;  // CR LF FF TAB allowed (ST, LT, UT); ESC is allowed in every text VR
};

const VrRule kVrRules[] = {
    {EVR_AE, 16, true, false},  {EVR_AS, 4, true, false},   {EVR_CS, 16, true, false},
    {EVR_DA, 8, true, false},   {EVR_DS, 16, true, false},  {EVR_DT, 26, true, false},
    {EVR_IS, 12, true, false},  {EVR_LO, 64, false, false}, {EVR_LT, 10240, false, true},
    {EVR_PN, 64, false, false}, {EVR_SH, 16, false, false}, {EVR_ST, 1024, false, true},
    {EVR_TM, 16, true, false},  {EVR_UC, 0, false, false},  {EVR_UI, 64, true, false},
    {EVR_UR, 0, true, false},   {EVR_UT, 0, false, true},
};

const VrRule* ruleOf(DcmEVR vr) {
  for (const VrRule& r : kVrRules)
    if (r.vr == vr) return &r;
  return nullptr;
}

// Number of characters, and whether the bytes are valid, in a repertoire.
struct Characters {
  size_t count = 0;
  std::string problem;
};

Characters characters(const std::string& v, Repertoire repertoire, bool textControls) {
  Characters out;
  for (size_t i = 0; i < v.size();) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c < 0x20 || c == 0x7F) {
      const bool allowed =
          c == 0x1B || (textControls && (c == '\r' || c == '\n' || c == '\f' || c == '\t'));
      if (!allowed) return {0, "contains a control character"};
    }
    if (c < 0x80) {
      ++out.count, ++i;
      continue;
    }
    switch (repertoire) {
      case Repertoire::Ascii:
        return {0, "has non-ASCII characters but the source declares no Specific Character Set"};
      case Repertoire::SingleByte:
        if (c < 0xA0) return {0, "contains a C1 control byte (80-9F) of its character set"};
        ++out.count, ++i;
        break;
      case Repertoire::Utf8: {
        const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (n == 0 || c > 0xF4 || i + n > v.size())
          return {0, "is not valid UTF-8 (Specific Character Set ISO_IR 192)"};
        for (size_t k = 1; k < n; ++k)
          if ((static_cast<unsigned char>(v[i + k]) & 0xC0) != 0x80)
            return {0, "is not valid UTF-8 (Specific Character Set ISO_IR 192)"};
        ++out.count, i += n;
        break;
      }
      case Repertoire::MultiByte:
        ++out.count, ++i;  // not counted exactly: lengths are not checked for these sets
        break;
    }
  }
  return out;
}

bool validDate(const std::string& v, size_t at) {
  if (!allDigits(v, at, 8)) return false;
  const int y = number(v, at, 4), m = number(v, at + 4, 2), d = number(v, at + 6, 2);
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

// HH[MM[SS[.F{1,6}]]] from `at` to the end of `v` (PS3.5 6.2 TM).
bool validTime(const std::string& v, size_t at, size_t end) {
  const size_t n = end - at;
  if (n < 2 || !allDigits(v, at, 2) || number(v, at, 2) > 23) return false;
  if (n == 2) return true;
  if (n < 4 || !allDigits(v, at + 2, 2) || number(v, at + 2, 2) > 59) return false;
  if (n == 4) return true;
  if (n < 6 || !allDigits(v, at + 4, 2) || number(v, at + 4, 2) > 60) return false;
  if (n == 6) return true;
  return v[at + 6] == '.' && n >= 8 && n <= 13 && allDigits(v, at + 7, n - 7);
}

std::string checkDs(const std::string& v) {
  size_t i = 0, digits = 0;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
  while (i < v.size() && digit(v[i])) ++i, ++digits;
  if (i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && digit(v[i])) ++i, ++digits;
  }
  if (digits == 0) return "is not a decimal number (DS)";
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
    size_t e = 0;
    while (i < v.size() && digit(v[i])) ++i, ++e;
    if (e == 0) return "is not a decimal number (DS)";
  }
  return i == v.size() ? "" : "is not a decimal number (DS)";
}

std::string checkUid(const std::string& v) {
  if (v.empty()) return "is empty";
  size_t start = 0;
  for (;;) {
    const size_t dot = v.find('.', start);
    const size_t end = dot == std::string::npos ? v.size() : dot;
    if (end == start) return "has an empty component (PS3.5 9.1)";
    if (!allDigits(v, start, end - start))
      return "has characters other than 0-9 and '.' (PS3.5 9.1)";
    if (v[start] == '0' && end - start > 1)
      return "has a component with a leading zero (PS3.5 9.1)";
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  // DICOM roots are registered under ISO (1) or joint ISO/ITU-T (2); dciodvfy rejects any
  // other first arc ("Illegal root for UID"), e.g. the "0.0.0.0" and "999." of test data.
  if (v[0] != '1' && v[0] != '2') return "has a root other than 1. or 2. (PS3.5 9.1, ISO/IEC 8824)";
  if (v.size() > 1 && v[1] != '.')
    return "has a root other than 1. or 2. (PS3.5 9.1, ISO/IEC 8824)";
  return "";
}

std::string checkFormatted(DcmEVR vr, const std::string& v) {
  switch (vr) {
    case EVR_AS:
      return v.size() == 4 && allDigits(v, 0, 3) &&
                     std::string("DWMY").find(v[3]) != std::string::npos
                 ? ""
                 : "is not an age nnnD, nnnW, nnnM or nnnY (AS)";
    case EVR_CS:
      for (char c : v)
        if (!((c >= 'A' && c <= 'Z') || digit(c) || c == ' ' || c == '_'))
          return "has characters other than A-Z, 0-9, space and _ (CS)";
      return "";
    case EVR_DA:
      return v.size() == 8 && validDate(v, 0) ? "" : "is not a date YYYYMMDD (DA)";
    case EVR_DS:
      return checkDs(v);
    case EVR_DT: {
      size_t end = v.size();
      const size_t sign = v.find_first_of("+-");
      if (sign != std::string::npos) {
        if (sign + 5 != v.size() || !allDigits(v, sign + 1, 4)) return "is not a date-time (DT)";
        end = sign;
      }
      if (end < 4 || !allDigits(v, 0, 4)) return "is not a date-time (DT)";
      if (end == 4) return "";
      if (end < 6 || !allDigits(v, 4, 2) || number(v, 4, 2) < 1 || number(v, 4, 2) > 12)
        return "is not a date-time (DT)";
      if (end == 6) return "";
      if (end < 8 || !validDate(v, 0)) return "is not a date-time (DT)";
      if (end == 8) return "";
      return validTime(v, 8, end) ? "" : "is not a date-time (DT)";
    }
    case EVR_IS: {
      size_t i = (!v.empty() && (v[0] == '+' || v[0] == '-')) ? 1 : 0;
      if (i == v.size() || !allDigits(v, i, v.size() - i)) return "is not an integer (IS)";
      const long long n = std::atoll(v.c_str());
      return n >= -2147483648LL && n <= 2147483647LL ? "" : "is outside the IS range (PS3.5 6.2)";
    }
    case EVR_TM:
      return validTime(v, 0, v.size()) ? "" : "is not a time HHMMSS.FFFFFF (TM)";
    case EVR_UI:
      return checkUid(v);
    case EVR_AE:
      return v.find('\\') == std::string::npos ? "" : "contains '\\'";
    default:
      return "";
  }
}

// Enumerated values (PS3.3) of the attributes we copy: anything else is not valid there.
struct Enumeration {
  DcmTagKey tag;
  std::vector<const char*> values;
  const char* where;
};

const Enumeration kEnumerations[] = {
    {DCM_PatientSex, {"M", "F", "O"}, "PS3.3 C.7.1.1"},
    {DcmTagKey(0x0010, 0x2203), {"ALTERED", "UNALTERED"}, "PS3.3 C.7.1.1"},  // Sex Neutered
    {DcmTagKey(0x0010, 0x0200), {"YES", "NO"}, "PS3.3 C.7.1.1"},  // Quality Control Subject
    {DcmTagKey(0x0010, 0x0022), {"TEXT", "RFID", "BARCODE"}, "PS3.3 C.7.1.1"},  // Type of Pat ID
    {DcmTagKey(0x0012, 0x0062), {"YES", "NO"}, "PS3.3 C.7.1.1"},  // Patient Identity Removed
    {DCM_SmokingStatus, {"YES", "NO", "UNKNOWN"}, "PS3.3 C.7.2.2"},
    {DCM_Laterality, {"R", "L"}, "PS3.3 C.7.3.1"},
    {DCM_ImageLaterality, {"R", "L", "U", "B"}, "PS3.3 C.7.6.1"},
    {DCM_LossyImageCompression, {"00", "01"}, "PS3.3 C.7.6.1"},
    {DCM_PixelSpacingCalibrationType, {"GEOMETRY", "FIDUCIAL"}, "PS3.3 10.7.1"},
    {DCM_ShutterShape, {"RECTANGULAR", "CIRCULAR", "POLYGONAL", "BITMAP"}, "PS3.3 C.7.6.11"},
};

const char* const kCharacterSets[] = {
    "ISO_IR 100",      "ISO_IR 101",      "ISO_IR 109",      "ISO_IR 110",      "ISO_IR 144",
    "ISO_IR 127",      "ISO_IR 126",      "ISO_IR 138",      "ISO_IR 148",      "ISO_IR 203",
    "ISO_IR 13",       "ISO_IR 166",      "ISO_IR 192",      "GB18030",         "GBK",
    "ISO 2022 IR 6",   "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110",
    "ISO 2022 IR 144", "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148",
    "ISO 2022 IR 203", "ISO 2022 IR 13",  "ISO 2022 IR 166", "ISO 2022 IR 87",  "ISO 2022 IR 159",
    "ISO 2022 IR 149", "ISO 2022 IR 58",
};


}  // namespace

Repertoire repertoireOf(const std::string& specificCharacterSet) {
  if (specificCharacterSet.empty()) return Repertoire::Ascii;
  if (specificCharacterSet.find("192") != std::string::npos) return Repertoire::Utf8;
  for (const char* multi : {"GB18030", "GBK", "IR 87", "IR 159", "IR 149", "IR 58"})
    if (specificCharacterSet.find(multi) != std::string::npos) return Repertoire::MultiByte;
  return Repertoire::SingleByte;
}

std::string characterSetProblem(const std::string& values) {
  const std::vector<std::string> terms = splitValues(values);
  for (size_t i = 0; i < terms.size(); ++i) {
    const std::string t = trimPadding(EVR_CS, terms[i]);
    if (t.empty() && i == 0 && terms.size() > 1) continue;  // default repertoire first (ISO 2022)
    if (std::none_of(std::begin(kCharacterSets), std::end(kCharacterSets),
                     [&](const char* k) { return t == k; }))
      return "value " + std::to_string(i + 1) +
             " is not a Defined Term of Specific Character Set (PS3.3 C.12.1.1.2)";
  }
  return "";
}

bool isTextVr(DcmEVR vr) {
  return ruleOf(vr) != nullptr;
}

bool singleValued(DcmEVR vr) {
  return vr == EVR_LT || vr == EVR_ST || vr == EVR_UT || vr == EVR_UR;
}

std::string trimPadding(DcmEVR vr, const std::string& value) {
  size_t end = value.size();
  while (end > 0 && (value[end - 1] == ' ' || value[end - 1] == '\0')) --end;
  size_t begin = 0;
  const bool leadingSignificant =
      vr == EVR_PN || vr == EVR_LT || vr == EVR_ST || vr == EVR_UT || vr == EVR_UC || vr == EVR_UR;
  if (!leadingSignificant)
    while (begin < end && value[begin] == ' ') ++begin;
  return value.substr(begin, end - begin);
}

std::string valueProblem(DcmEVR vr, const std::string& value, Repertoire repertoire) {
  const VrRule* rule = ruleOf(vr);
  if (!rule || value.empty()) return "";
  const Characters chars =
      characters(value, rule->formatted ? Repertoire::Ascii : repertoire, rule->textControls);
  if (!chars.problem.empty()) return chars.problem;
  if (rule->formatted) {
    if (rule->maxChars && value.size() > rule->maxChars)
      return "is longer than " + std::to_string(rule->maxChars) + " characters (PS3.5 6.2)";
    return checkFormatted(vr, value);
  }
  if (repertoire == Repertoire::MultiByte || !rule->maxChars) return "";
  if (vr == EVR_PN) {  // up to three component groups of at most five components (PS3.5 6.2.1)
    size_t groups = 0, start = 0;
    for (;;) {
      const size_t eq = value.find('=', start);
      const std::string group =
          value.substr(start, eq == std::string::npos ? std::string::npos : eq - start);
      if (++groups > 3) return "has more than three component groups (PS3.5 6.2.1)";
      if (std::count(group.begin(), group.end(), '^') > 4)
        return "has more than five name components (PS3.5 6.2.1)";
      if (characters(group, repertoire, false).count > 64)
        return "has a component group longer than 64 characters (PS3.5 6.2)";
      if (eq == std::string::npos) return "";
      start = eq + 1;
    }
  }
  if (chars.count > rule->maxChars)
    return "is longer than " + std::to_string(rule->maxChars) + " characters (PS3.5 6.2)";
  return "";
}

std::string enumerationProblem(const DcmTagKey& tag, const std::string& value) {
  if (value.empty()) return "";
  if (tag == DCM_PatientOrientation) {  // row and column direction letters (PS3.3 C.7.6.1.1.1)
    for (char c : value)
      if (std::string("APRLHF").find(c) == std::string::npos)
        return "is not a direction of A, P, R, L, H, F (PS3.3 C.7.6.1.1.1)";
    return "";
  }
  for (const Enumeration& e : kEnumerations) {
    if (e.tag != tag) continue;
    for (const char* allowed : e.values)
      if (value == allowed) return "";
    std::string list;
    for (const char* allowed : e.values) list += std::string(list.empty() ? "" : ", ") + allowed;
    return std::string("is not one of its enumerated values ") + list + " (" + e.where + ")";
  }
  return "";
}

std::string multiplicityProblem(const DcmTagKey& tag, unsigned long count) {
  if (count == 0) return "";
  int min = 1, max = 1;
  const DcmDataDictionary& dict = dcmDataDict.rdlock();
  const DcmDictEntry* entry = dict.findEntry(tag, nullptr);
  const bool known = entry != nullptr;
  if (entry) min = entry->getVMMin(), max = entry->getVMMax();
  dcmDataDict.rdunlock();
  if (!known) return "";
  if (long(count) < min || (max != DcmVariableVM && long(count) > max))
    return "has " + std::to_string(count) + " values, its value multiplicity allows " +
           (max == DcmVariableVM ? std::to_string(min) + " or more"
            : min == max         ? std::to_string(min)
                                 : std::to_string(min) + "-" + std::to_string(max)) +
           " (PS3.6)";
  return "";
}

std::vector<std::string> splitValues(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t bs = s.find('\\', start);
    out.push_back(s.substr(start, bs == std::string::npos ? std::string::npos : bs - start));
    if (bs == std::string::npos) return out;
    start = bs + 1;
  }
}

}  // namespace fv::dicom::derived
