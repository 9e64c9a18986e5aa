// Person Name (PN) values as people read them.
#pragma once

#include <string>

namespace fv::dicom {

/// A PN value (PS3.5 6.2.1, UTF-8 as indexed) for display: "Family, Prefix Given Middle Suffix",
/// e.g. "Buc^Jérôme" → "Buc, Jérôme". Of the component groups (alphabetic=ideographic=phonetic)
/// the alphabetic one is shown, else the ideographic one when the alphabetic is empty, else the
/// phonetic one; "" when the name is empty.
std::string formatPersonName(const std::string& pn);

}  // namespace fv::dicom
