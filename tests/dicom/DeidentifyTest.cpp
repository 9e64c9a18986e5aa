// Table-driven tests of the PS3.15 Table E.1-1 actions: every row, at the top level and nested in
// a sequence item, under the Basic Profile and under each option column.
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "DeidentifyTestSupport.h"
#include "TestData.h"
#include "fv/dicom/ConfidentialityProfile.h"
#include "fv/dicom/Deidentify.h"

using namespace fv;
using fv::dicom::ProfileOption;
using fv::dicom::ProfileRow;

namespace {

constexpr const char* kNest = "(0008,1115)[0]";  // Referenced Series Sequence: not in the table

std::string tagOf(const ProfileRow& r) {
  char buf[16];
  uint16_t g = r.group, e = r.element;
  if (r.privateGroups) {
    g = 0x0009;
    e = 0x1001;
  } else if (r.group == 0x5000) {
    e = 0x3000;  // Curve Data
  }
  std::snprintf(buf, sizeof buf, "(%04X,%04X)", g, e);
  return buf;
}

std::string vrOf(const ProfileRow& r) {
  if (r.group == 0x5000) return "OB";
  if (r.group == 0x6000) return r.element == 0x3000 ? "OW" : "LT";
  static const std::set<std::string> known{
      "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OW",
      "PN", "SH", "SL", "SQ", "SS", "ST", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT"};
  return known.count(r.vr) ? r.vr : "LO";
}

// A distinct source value for row `n` (string VRs), in dcmdump syntax.
std::string valueOf(const std::string& vr, size_t n) {
  const std::string id = std::to_string(n);
  if (vr == "DA") return "[20240117]";
  if (vr == "DT") return "[20240117093015]";
  if (vr == "TM") return "[093015]";
  if (vr == "AS") return "[042Y]";
  if (vr == "DS" || vr == "IS") return std::string("[") + std::to_string(40 + n) + "]";
  if (vr == "UI") return std::string("[1.2.826.0.1.3680043.9.7777.").append(id) + "]";
  if (vr == "PN") return std::string("[Phi").append(id) + "^Jane]";
  if (vr == "CS" || vr == "AE") return std::string("[PHI").append(id) + "]";
  if (vr == "UR") return std::string("[http://phi.example/").append(id) + "]";
  if (vr == "US" || vr == "SS" || vr == "UL" || vr == "SL") return "7";
  if (vr == "FL" || vr == "FD") return "1.5";
  if (vr == "AT") return "(0010,0010)";
  if (vr == "OB" || vr == "UN") return "01\\02";
  if (vr == "OW") return "0102";
  return std::string("[PHI").append(id) + "]";
}

// dcmdump text of every row (private creator, overlay rows included), for one item level.
std::string rowsDump(bool nested) {
  std::ostringstream d;
  const auto& rows = dicom::confidentialityProfile();
  for (size_t n = 0; n < rows.size(); ++n) {
    const ProfileRow& r = rows[n];
    if (r.group == 0x0002 || r.tag == "(FFFC,FFFC)") continue;  // meta / after Pixel Data: below
    if (r.privateGroups) d << "(0009,0010) LO [ACME PHI]\n";
    if (r.group == 0x6000 && r.element == 0x3000) d << "(6000,0010) US 4\n";
    const std::string vr = vrOf(r);
    if (vr == "SQ") {
      d << tagOf(r) << " SQ (Sequence with undefined length)\n(fffe,e000) na (Item)\n"
        << "(0008,0104) LO [Meaning" << n << "]\n(0040,a160) UT [PHIsqtext" << n << "]\n"
        << "(fffe,e00d) na\n(fffe,e0dd) na\n";
    } else {
      d << tagOf(r) << " " << vr << " " << valueOf(vr, n) << "\n";
    }
  }
  (void)nested;
  return d.str();
}

struct Fixture {
  std::string dir, source;
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture x;
    x.dir = test::tempDir("deid-table");
    x.source = x.dir + "/rows.dcm";
    std::string dump = "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]\n" + rowsDump(false) +
                       "(0008,1115) SQ (Sequence with undefined length)\n(fffe,e000) na (Item)\n" +
                       rowsDump(true) + "(fffe,e00d) na\n(fffe,e0dd) na\n";
    test::deid::writeDump(dump, x.source);
    return x;
  }();
  return f;
}

std::map<std::string, dicom::ElementRecord> deidentified(const dicom::DeidentifyOptions& o,
                                                         const std::string& name) {
  auto d = test::deid::make(o);
  const std::string out = fixture().dir + "/" + name + ".dcm";
  if (!d) return {};
  auto r = d->deidentifyFile(fixture().source, out);
  if (!r) {
    ADD_FAILURE() << r.error().toString();
    return {};
  }
  return test::deid::elementsByPath(out);
}

// What the Basic Profile must leave for a row whose source value is present (PS3.15 E.3.1 rule
// as documented in docs/deidentification.md: D or U* when allowed, else Z, else X).
char expectedBasic(const ProfileRow& r) {
  const std::string& b = r.basic;
  if (b.find('/') == std::string::npos) return b.empty() ? 'X' : b[0];
  if (b.find('D') != std::string::npos) return 'D';
  if (b.find("U*") != std::string::npos) return 'K';
  return b.find('Z') != std::string::npos ? 'Z' : 'X';
}

void expectAction(const std::map<std::string, dicom::ElementRecord>& in,
                  const std::map<std::string, dicom::ElementRecord>& out, const std::string& path,
                  char action, const ProfileRow& r) {
  SCOPED_TRACE(r.name + " " + r.tag + " at " + path + " action " + action);
  auto src = in.find(path);
  ASSERT_NE(src, in.end()) << "the test dataset lacks the attribute";
  auto it = out.find(path);
  switch (action) {
    case 'X':
      EXPECT_EQ(it, out.end()) << "not removed";
      break;
    case 'Z':
      ASSERT_NE(it, out.end()) << "removed instead of emptied";
      EXPECT_EQ(it->second.length, 0u);
      break;
    case 'D':
    case 'C':
      ASSERT_NE(it, out.end()) << "removed instead of replaced";
      if (src->second.vr == "SQ") {
        EXPECT_GT(it->second.length, 0u);
        auto text = out.find(path + "[0](0040,A160)");
        ASSERT_NE(text, out.end());
        EXPECT_EQ(text->second.value.find("PHI"), std::string::npos)
            << "free text kept in a dummy sequence";
      } else {
        EXPECT_GT(it->second.length, 0u);
        if (!src->second.value.empty() &&
            src->second.value.find_first_not_of("0123456789.") != std::string::npos) {
          EXPECT_NE(it->second.value, src->second.value) << "value not replaced";
        }
      }
      break;
    case 'K':
      ASSERT_NE(it, out.end()) << "not kept";
      EXPECT_EQ(it->second.value, src->second.value);
      EXPECT_EQ(it->second.length, src->second.length);
      break;
    case 'U':
      ASSERT_NE(it, out.end()) << "UID removed";
      EXPECT_NE(it->second.value, src->second.value);
      EXPECT_EQ(it->second.value.rfind("2.25.", 0), 0u) << it->second.value;
      break;
  }
}

}  // namespace

TEST(DeidentifyTable, HasEveryRowWithParsableTagsAndActions) {
  const auto& rows = dicom::confidentialityProfile();
  EXPECT_EQ(rows.size(), 460u);
  std::set<std::string> codes{"X", "Z", "D", "K", "C", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*"};
  for (const ProfileRow& r : rows) {
    EXPECT_TRUE(codes.count(r.basic)) << r.name << ": " << r.basic;
    for (size_t i = 0; i < dicom::kProfileOptionCount; ++i)
      EXPECT_TRUE(r.options[i].empty() || r.options[i] == "K" || r.options[i] == "C" ||
                  r.options[i] == "X")
          << r.name;
  }
  EXPECT_NE(dicom::confidentialityProfileEdition().find("PS3.15"), std::string::npos);
  EXPECT_EQ(dicom::profileRowFor(0x0010, 0x0010)->name, "Patient's Name");
  EXPECT_EQ(dicom::profileRowFor(0x5012, 0x3000)->name, "Curve Data");
  EXPECT_EQ(dicom::profileRowFor(0x6002, 0x3000)->name, "Overlay Data");
  EXPECT_EQ(dicom::profileRowFor(0x6002, 0x4000)->name, "Overlay Comments");
  EXPECT_EQ(dicom::profileRowFor(0x0029, 0x1010)->name, "Private attributes");
  EXPECT_EQ(dicom::profileRowFor(0x6002, 0x0010), nullptr);
  EXPECT_EQ(dicom::profileRowFor(0x0028, 0x0010), nullptr);
}

TEST(DeidentifyTable, BasicProfileAppliesEachRowsActionAtTopLevelAndNested) {
  FV_REQUIRE_TOOL("dump2dcm");
  const auto in = test::deid::elementsByPath(fixture().source);
  const auto out = deidentified({}, "basic");
  ASSERT_FALSE(out.empty());
  for (const ProfileRow& r : dicom::confidentialityProfile()) {
    if (r.group == 0x0002) {  // the meta header: Media Storage SOP Instance UID
      EXPECT_EQ(out.at("(0002,0003)").value, out.at("(0008,0018)").value);
      EXPECT_NE(out.at("(0002,0003)").value, in.at("(0002,0003)").value);
      continue;
    }
    if (r.tag == "(FFFC,FFFC)") {  // never read: parsing stops after Pixel Data
      EXPECT_EQ(out.count("(FFFC,FFFC)"), 0u);
      continue;
    }
    for (const std::string prefix : {"", kNest}) {
      const std::string path = prefix + tagOf(r);
      char action = expectedBasic(r);
      if (prefix.empty() && (r.tag == "(0010,0010)" || r.tag == "(0010,0020)")) {
        EXPECT_EQ(out.at(path).value, r.tag == "(0010,0010)" ? "Teaching^Case" : "CASE-0001");
        continue;
      }
      expectAction(in, out, path, action, r);
      if (action == 'U' && out.count(path) && out.count(kNest + tagOf(r))) {
        EXPECT_EQ(out.at(tagOf(r)).value, out.at(kNest + tagOf(r)).value)
            << "same source UID, same new UID";
      }
    }
  }
  EXPECT_EQ(out.count("(6000,0010)"), 0u) << "an Overlay Plane without its Overlay Data";
  EXPECT_EQ(out.count("(0009,0010)"), 0u) << "private creator kept";
  EXPECT_EQ(out.at("(0012,0062)").value, "YES");
  EXPECT_EQ(out.at("(0012,0063)").value, "Basic Application Confidentiality Profile");
  EXPECT_EQ(out.at("(0012,0064)[0](0008,0100)").value, "113100");
  EXPECT_EQ(out.count("(0012,0064)[1](0008,0100)"), 0u) << "an option claimed that was not applied";
}

struct OptionCase {
  ProfileOption option;
  const char* code;
};

class DeidentifyOptionColumn : public testing::TestWithParam<OptionCase> {};

TEST_P(DeidentifyOptionColumn, ChangesExactlyTheRowsItsColumnNames) {
  FV_REQUIRE_TOOL("dump2dcm");
  const OptionCase c = GetParam();
  dicom::DeidentifyOptions o;
  o.dateShiftDays = -100;
  switch (c.option) {
    case ProfileOption::RetainSafePrivate:
      o.privateKeepList = {{0x0009, "ACME PHI", 0x01}};
      break;
    case ProfileOption::RetainUids:
      o.retainUids = true;
      break;
    case ProfileOption::RetainDeviceIdentity:
      o.retainDeviceIdentity = true;
      break;
    case ProfileOption::RetainInstitutionIdentity:
      o.retainInstitutionIdentity = true;
      break;
    case ProfileOption::RetainPatientCharacteristics:
      o.retainPatientCharacteristics = true;
      break;
    case ProfileOption::RetainLongitudinalFullDates:
      o.retainLongitudinalFullDates = true;
      break;
    case ProfileOption::RetainLongitudinalModifiedDates:
      o.retainLongitudinalModifiedDates = true;
      break;
    case ProfileOption::CleanDescriptors:
      o.cleanDescriptors = true;
      break;
    case ProfileOption::CleanStructuredContent:
      o.cleanStructuredContent = true;
      break;
    case ProfileOption::CleanGraphics:
      o.cleanGraphics = true;
      break;
  }
  const auto in = test::deid::elementsByPath(fixture().source);
  const auto out = deidentified(o, std::string("option-") + c.code);
  ASSERT_FALSE(out.empty());
  size_t changed = 0;
  for (const ProfileRow& r : dicom::confidentialityProfile()) {
    const std::string& a = r.option(c.option);
    if (a.empty() || r.group == 0x0002 || r.tag == "(FFFC,FFFC)") continue;
    ++changed;
    for (const std::string prefix : {"", kNest}) {
      const std::string path = prefix + tagOf(r);
      if (prefix.empty() && (r.tag == "(0010,0010)" || r.tag == "(0010,0020)")) continue;
      if (a == "C" && c.option == ProfileOption::RetainLongitudinalModifiedDates) {
        SCOPED_TRACE(r.name + " at " + path);
        ASSERT_TRUE(out.count(path));
        const std::string vr = in.at(path).vr;
        if (vr == "TM") {
          EXPECT_EQ(out.at(path).value, in.at(path).value);
        } else if (vr == "DA") {
          EXPECT_EQ(out.at(path).value, "20231009");  // 2024-01-17 minus 100 days
        } else if (vr == "DT") {
          EXPECT_EQ(out.at(path).value, "20231009093015");
        }
        continue;
      }
      // Retain Safe Private keeps exactly the keep-list's attributes as they are.
      expectAction(in, out, path, c.option == ProfileOption::RetainSafePrivate ? 'K' : a[0], r);
    }
  }
  EXPECT_GT(changed, 0u);
  // The option appears in the method code sequence.
  std::set<std::string> codes;
  for (int i = 0; out.count("(0012,0064)[" + std::to_string(i) + "](0008,0100)"); ++i)
    codes.insert(out.at("(0012,0064)[" + std::to_string(i) + "](0008,0100)").value);
  EXPECT_EQ(codes, (std::set<std::string>{"113100", c.code}));
}

INSTANTIATE_TEST_SUITE_P(
    EveryColumn, DeidentifyOptionColumn,
    testing::Values(OptionCase{ProfileOption::RetainSafePrivate, "113111"},
                    OptionCase{ProfileOption::RetainUids, "113110"},
                    OptionCase{ProfileOption::RetainDeviceIdentity, "113109"},
                    OptionCase{ProfileOption::RetainInstitutionIdentity, "113112"},
                    OptionCase{ProfileOption::RetainPatientCharacteristics, "113108"},
                    OptionCase{ProfileOption::RetainLongitudinalFullDates, "113106"},
                    OptionCase{ProfileOption::RetainLongitudinalModifiedDates, "113107"},
                    OptionCase{ProfileOption::CleanDescriptors, "113105"},
                    OptionCase{ProfileOption::CleanStructuredContent, "113104"},
                    OptionCase{ProfileOption::CleanGraphics, "113103"}),
    [](const testing::TestParamInfo<OptionCase>& i) { return std::string("Code") + i.param.code; });
