// Where each de-identified file goes in a teaching-file bundle: names that carry no patient data
// and that a DICOMDIR may reference (PS3.10 8.2: ≤ 8 characters of A-Z 0-9 _ per component).
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/Series.h"

namespace fv::teaching {

/// One source file and its place in the bundle.
struct BundleEntry {
  const fv::dicom::InstanceInfo* source = nullptr;  ///< points into the index
  std::string relativePath;                         ///< "DICOM/ST000001/SE000002/IM000003"
};

/// Every instance of `index` in patient, study, series, instance order: study n of the export
/// is STnnnnnn, series m of that study SEmmmmmm, instance k of the series IMkkkkkk. A file the
/// index lists twice (the same SOP Instance UID) is exported once.
std::vector<BundleEntry> layOutBundle(const fv::dicom::DicomIndex& index);

/// "DICOM/ST000001/SE000001/IM000001" style path for study, series and instance numbers (from 1).
std::string bundleFilePath(int study, int series, int instance);

}  // namespace fv::teaching
