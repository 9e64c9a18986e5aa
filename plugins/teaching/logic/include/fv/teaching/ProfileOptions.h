// The Table E.1-1 options by name: one list for the command line and the export dialog.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/Deidentify.h"

namespace fv::teaching {

/// One option: its command-line key, the label the dialog shows, the flag it sets.
struct ProfileOptionName {
  const char* key;    ///< e.g. "retain-modified-dates"
  const char* label;  ///< e.g. "Retain dates, shifted (one shift per patient)"
  bool fv::dicom::DeidentifyOptions::*flag;
};

/// Every option of DeidentifyOptions that is a flag, in Table E.1-1 order (PS3.15 E.3).
const std::vector<ProfileOptionName>& profileOptionNames();

/// Sets the option `key`; false when there is no such option.
bool setProfileOption(fv::dicom::DeidentifyOptions& options, const std::string& key);

/// "X,Y,W,H" (W, H > 0; X, Y >= 0) as a redaction of every frame; nullopt when malformed.
std::optional<fv::dicom::Redaction> parseRedaction(const std::string& text);

}  // namespace fv::teaching
