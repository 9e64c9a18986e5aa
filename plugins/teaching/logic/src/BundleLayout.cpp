#include "fv/teaching/BundleLayout.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_set>

namespace fv::teaching {

std::string bundleFilePath(int study, int series, int instance) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "DICOM/ST%06d/SE%06d/IM%06d", study, series, instance);
  return buf;
}

std::vector<std::string> layOutBundle(const std::vector<fv::dicom::DeidentifiedFile>& files) {
  // Keys in order of first appearance: patient -> study -> series -> file indexes.
  struct SeriesGroup {
    std::string uid;
    std::vector<size_t> files;
  };
  struct StudyGroup {
    std::string uid;
    std::vector<SeriesGroup> series;
  };
  struct PatientGroup {
    std::string id;
    std::vector<StudyGroup> studies;
  };
  std::vector<PatientGroup> patients;
  std::unordered_set<std::string> seen;
  std::vector<std::string> out(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    if (!f.sopInstanceUid.empty() && !seen.insert(f.sopInstanceUid).second) continue;
    auto p = std::find_if(patients.begin(), patients.end(),
                          [&](const PatientGroup& g) { return g.id == f.patientId; });
    if (p == patients.end()) p = patients.insert(patients.end(), {f.patientId, {}});
    auto st = std::find_if(p->studies.begin(), p->studies.end(),
                           [&](const StudyGroup& g) { return g.uid == f.studyInstanceUid; });
    if (st == p->studies.end()) st = p->studies.insert(p->studies.end(), {f.studyInstanceUid, {}});
    auto se = std::find_if(st->series.begin(), st->series.end(),
                           [&](const SeriesGroup& g) { return g.uid == f.seriesInstanceUid; });
    if (se == st->series.end()) se = st->series.insert(st->series.end(), {f.seriesInstanceUid, {}});
    se->files.push_back(i);
  }
  int study = 0;
  for (auto& p : patients)
    for (auto& st : p.studies) {
      ++study;
      int series = 0;
      for (auto& se : st.series) {
        ++series;
        std::stable_sort(se.files.begin(), se.files.end(), [&](size_t a, size_t b) {
          return files[a].instanceNumber.value_or(0) < files[b].instanceNumber.value_or(0);
        });
        int instance = 0;
        for (size_t i : se.files) out[i] = bundleFilePath(study, series, ++instance);
      }
    }
  return out;
}

}  // namespace fv::teaching
