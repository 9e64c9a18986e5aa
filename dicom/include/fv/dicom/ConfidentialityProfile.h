// PS3.15 Annex E Table E.1-1 (Application Level Confidentiality Profile Attributes) as data.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fv::dicom {

/// The option columns of Table E.1-1 (PS3.15 E.3.1-E.3.11), in the order of the committed table.
enum class ProfileOption : uint8_t {
  RetainSafePrivate,                ///< E.3.10 Retain Safe Private Option
  RetainUids,                       ///< E.3.9 Retain UIDs Option
  RetainDeviceIdentity,             ///< E.3.8 Retain Device Identity Option
  RetainInstitutionIdentity,        ///< E.3.12 Retain Institution Identity Option
  RetainPatientCharacteristics,     ///< E.3.7 Retain Patient Characteristics Option
  RetainLongitudinalFullDates,      ///< E.3.6 Retain Longitudinal Temporal Information Full Dates
  RetainLongitudinalModifiedDates,  ///< E.3.6 Retain Longitudinal Temporal Information Modified
                                    ///< Dates
  CleanDescriptors,                 ///< E.3.5 Clean Descriptors Option
  CleanStructuredContent,           ///< E.3.4 Clean Structured Content Option
  CleanGraphics,                    ///< E.3.3 Clean Graphics Option
};
/// Number of option columns in Table E.1-1.
inline constexpr size_t kProfileOptionCount = 10;

/// One row of Table E.1-1: an attribute (or tag pattern) and its action codes.
struct ProfileRow {
  std::string name;  ///< Attribute Name as in the standard
  std::string
      tag;  ///< Tag as in the table, e.g. "(0010,0010)", "(60xx,3000)", "(gggg,eeee) gggg odd"
  uint16_t group = 0;             ///< group with pattern digits as 0
  uint16_t element = 0;           ///< element with pattern digits as 0
  uint16_t groupMask = 0xFFFF;    ///< bits of group that must match (0xFF00 for "50xx")
  uint16_t elementMask = 0xFFFF;  ///< bits of element that must match (0 for "xxxx")
  bool privateGroups = false;     ///< the "(gggg,eeee) where gggg is odd" row
  std::string basic;  ///< Basic Profile action: X, Z, D, K, C, U or combined, e.g. "X/Z/D"
  std::array<std::string, kProfileOptionCount> options;  ///< per ProfileOption, "" when unchanged
  std::string vr;  ///< VR from the DICOM dictionary of DCMTK ("" when unknown, "SQ" for sequences)

  /// Action of `option` for this row ("" when the option does not change it).
  const std::string& option(ProfileOption o) const { return options[size_t(o)]; }
  /// True when the row covers (group,element).
  bool matches(uint16_t g, uint16_t e) const;
};

/// Every row of Table E.1-1, parsed once from the committed TSV embedded at build time.
const std::vector<ProfileRow>& confidentialityProfile();
/// The row that covers (group,element), or nullptr: a hashed exact lookup, then the patterns
/// (50xx,xxxx) curves, (60xx,3000)/(60xx,4000) overlays and odd (private) groups.
const ProfileRow* profileRowFor(uint16_t group, uint16_t element);
/// The DICOM edition the table reflects, as named in the TSV header (PS3.15 Annex E).
std::string confidentialityProfileEdition();
/// Human-readable name of an option column ("Retain UIDs", ...).
const char* toString(ProfileOption option);

}  // namespace fv::dicom
