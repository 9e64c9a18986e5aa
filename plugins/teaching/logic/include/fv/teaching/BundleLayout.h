// Where each de-identified file goes in a teaching-file bundle: names that carry no patient data
// and that a DICOMDIR may reference (PS3.10 8.2: ≤ 8 characters of A-Z 0-9 _ per component).
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/Deidentify.h"

namespace fv::teaching {

/// The bundle path of each file, in the order given: patients in order of first appearance, study
/// n of the export STnnnnnn, series m of that study SEmmmmmm, instance k of the series IMkkkkkk
/// (by Instance Number, then the order given); "" for a later file with the same (new) SOP
/// Instance UID, which is exported once.
std::vector<std::string> layOutBundle(const std::vector<fv::dicom::DeidentifiedFile>& files);

/// "DICOM/ST000001/SE000001/IM000001" style path for study, series and instance numbers (from 1).
std::string bundleFilePath(int study, int series, int instance);

}  // namespace fv::teaching
