#include "fv/teaching/ProfileOptions.h"

#include <cstdio>

namespace fv::teaching {

using fv::dicom::DeidentifyOptions;

const std::vector<ProfileOptionName>& profileOptionNames() {
  static const std::vector<ProfileOptionName> names{
      {"retain-uids", "Retain UIDs (E.3.9)", &DeidentifyOptions::retainUids},
      {"retain-device-identity", "Retain device identity (E.3.8)",
       &DeidentifyOptions::retainDeviceIdentity},
      {"retain-institution-identity", "Retain institution identity (E.3.12)",
       &DeidentifyOptions::retainInstitutionIdentity},
      {"retain-patient-characteristics", "Retain patient characteristics: sex, age, size (E.3.7)",
       &DeidentifyOptions::retainPatientCharacteristics},
      {"retain-full-dates", "Retain dates as they are (E.3.6)",
       &DeidentifyOptions::retainLongitudinalFullDates},
      {"retain-modified-dates", "Retain dates, shifted by one offset per patient (E.3.6)",
       &DeidentifyOptions::retainLongitudinalModifiedDates},
      {"clean-descriptors", "Clean descriptors: keep descriptions as dummy text (E.3.5)",
       &DeidentifyOptions::cleanDescriptors},
      {"clean-structured-content", "Clean structured content (E.3.4)",
       &DeidentifyOptions::cleanStructuredContent},
      {"clean-graphics", "Clean graphics: keep overlays and annotations, text cleaned (E.3.3)",
       &DeidentifyOptions::cleanGraphics},
      {"clean-pixel-data", "Clean pixel data: black out the regions below (E.3.1)",
       &DeidentifyOptions::cleanPixelData},
  };
  return names;
}

bool setProfileOption(DeidentifyOptions& options, const std::string& key) {
  for (const ProfileOptionName& n : profileOptionNames())
    if (key == n.key) return options.*(n.flag) = true;
  return false;
}

std::optional<fv::dicom::Redaction> parseRedaction(const std::string& text) {
  fv::dicom::Redaction r;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d,%d,%d,%d%c", &r.x, &r.y, &r.width, &r.height, &tail) != 4 ||
      r.x < 0 || r.y < 0 || r.width <= 0 || r.height <= 0)
    return std::nullopt;
  return r;
}

}  // namespace fv::teaching
