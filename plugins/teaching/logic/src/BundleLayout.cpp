#include "fv/teaching/BundleLayout.h"

#include <cstdio>
#include <unordered_set>

namespace fv::teaching {

std::string bundleFilePath(int study, int series, int instance) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "DICOM/ST%06d/SE%06d/IM%06d", study, series, instance);
  return buf;
}

std::vector<BundleEntry> layOutBundle(const fv::dicom::DicomIndex& index) {
  std::vector<BundleEntry> out;
  std::unordered_set<std::string> seen;
  int study = 0;
  for (const auto& patient : index.patients) {
    for (const auto& st : patient.studies) {
      ++study;
      int series = 0;
      for (const auto& se : st.series) {
        ++series;
        int instance = 0;
        for (const auto& info : se.instances) {
          if (!info.sopInstanceUid.empty() && !seen.insert(info.sopInstanceUid).second) continue;
          out.push_back({&info, bundleFilePath(study, series, ++instance)});
        }
      }
    }
  }
  return out;
}

}  // namespace fv::teaching
