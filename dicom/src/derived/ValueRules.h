// Validity of the values our outputs copy from a source: one table of Value Representation
// rules (PS3.5 6.2), one of enumerated values (PS3.3) and the dictionary's value multiplicity,
// so that every copied value is valid or is not copied (private to fv_dicom).
#pragma once

#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctagkey.h>
#include <dcmtk/dcmdata/dcvr.h>

namespace fv::dicom::derived {

/// How the bytes of a text value are read, from Specific Character Set (PS3.3 C.12.1.1.2).
enum class Repertoire {
  Ascii,       ///< no Specific Character Set: the default repertoire (ISO-IR 6) only
  SingleByte,  ///< ISO 8859 and the other single-byte sets (C1 controls 80-9F are invalid)
  Utf8,        ///< ISO_IR 192: well-formed UTF-8
  MultiByte,   ///< GB18030, GBK, ISO 2022 multi-byte sets: lengths not checked
};

/// The repertoire of a Specific Character Set value ("" = default repertoire).
Repertoire repertoireOf(const std::string& specificCharacterSet);

/// Why `values` (the whole value, '\\'-separated) is not a Specific Character Set (0008,0005) of
/// Defined Terms (PS3.3 C.12.1.1.2), or "" when it is.
std::string characterSetProblem(const std::string& values);

/// True for the VRs whose value is text we validate (AE AS CS DA DS DT IS LO LT PN SH ST TM UC
/// UI UR UT).
bool isTextVr(DcmEVR vr);

/// True for the VRs whose value is a single string that may contain '\\' (LT, ST, UT, UR).
bool singleValued(DcmEVR vr);

/// The values of a multi-valued text element ('\\' separates them, PS3.5 6.4).
std::vector<std::string> splitValues(const std::string& values);

/// One value without its padding: trailing spaces and NUL bytes always; leading spaces too where
/// PS3.5 6.2 calls them insignificant (all text VRs but PN, LT, ST, UT, UC, UR).
std::string trimPadding(DcmEVR vr, const std::string& value);

/// Why one value (padding removed) is not valid for `vr` (PS3.5 6.2: characters, length,
/// format, and for UI the root dciodvfy and PS3.5 9.1 accept), or "" when it is. Never
/// contains the value itself (it may be patient data).
std::string valueProblem(DcmEVR vr, const std::string& value, Repertoire repertoire);

/// Why `value` is not allowed for `tag` by its enumerated values (PS3.3, e.g. Patient's Sex M, F,
/// O), or "" when it is or when `tag` has no enumeration here.
std::string enumerationProblem(const DcmTagKey& tag, const std::string& value);

/// Why `count` values do not fit the data dictionary's value multiplicity of `tag`, or "".
std::string multiplicityProblem(const DcmTagKey& tag, unsigned long count);

}  // namespace fv::dicom::derived
