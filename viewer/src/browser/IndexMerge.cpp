#include "fv/viewer/browser/IndexMerge.h"

#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "fv/dicom/Indexer.h"

namespace fv::viewer {
namespace {

// Same file named differently ("a/./b.dcm", "a/b.dcm") counts once; no file-system access.
std::string pathKey(const std::string& path) {
  return std::filesystem::path(path).lexically_normal().string();
}

void takeInstances(fv::dicom::DicomIndex&& index, std::vector<fv::dicom::InstanceInfo>& out) {
  for (auto& patient : index.patients)
    for (auto& study : patient.studies)
      for (auto& series : study.series)
        for (auto& instance : series.instances) out.push_back(std::move(instance));
}

}  // namespace

fv::dicom::DicomIndex mergeIndexes(const fv::dicom::DicomIndex& base, fv::dicom::DicomIndex added) {
  std::vector<fv::dicom::Error> errors = std::move(added.errors);
  const size_t skipped = base.skipped + added.skipped;
  std::vector<fv::dicom::InstanceInfo> fresh;
  takeInstances(std::move(added), fresh);

  // The earlier files first; a file or SOP instance read again is replaced by its new reading
  // (the one-frame preview of a retrieve by the instance itself).
  std::unordered_set<std::string> freshPaths, freshSops;
  for (const auto& instance : fresh) {
    freshPaths.insert(pathKey(instance.path));
    if (!instance.sopInstanceUid.empty()) freshSops.insert(instance.sopInstanceUid);
  }
  std::vector<fv::dicom::InstanceInfo> instances;
  for (const fv::dicom::Series* series : base.allSeries())
    for (const auto& instance : series->instances)
      if (!freshPaths.count(pathKey(instance.path)) && !freshSops.count(instance.sopInstanceUid))
        instances.push_back(instance);
  for (auto& instance : fresh) instances.push_back(std::move(instance));

  fv::dicom::DicomIndex merged = fv::dicom::buildIndex(std::move(instances));

  // Earlier errors first (they were listed first), then the new ones; each exact error once.
  std::set<std::tuple<int, std::string, std::string>> seen;
  auto keep = [&](const fv::dicom::Error& e) {
    if (seen.emplace(int(e.code), e.path, e.message).second) merged.errors.push_back(e);
  };
  for (const auto& e : base.errors) keep(e);
  for (const auto& e : errors) keep(e);
  merged.skipped = skipped;
  return merged;
}

}  // namespace fv::viewer
