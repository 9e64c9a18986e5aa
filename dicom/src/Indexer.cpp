// Parallel header indexing of files, folders and DICOMDIRs.
#include "fv/dicom/Indexer.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_set>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "DicomDir.h"
#include "HeaderReader.h"
#include "fv/dicom/AtomicFile.h"
#include "fv/dicom/StackBuilder.h"

namespace fv::dicom {

namespace fs = std::filesystem;

namespace {

// What reading one file gave.
struct FileOutcome {
  std::optional<InstanceInfo> instance;
  std::optional<Error> error;
  bool notDicom = false;
  std::vector<std::string> referenced;  // a DICOMDIR's files
  std::vector<Error> referenceErrors;
  std::string truncation;  // the file ends inside Pixel Data (also one of the instance's warnings)
};

FileOutcome readOneUnguarded(const std::string& path) {
  FileOutcome out;
  std::string truncation;
  auto file = loadDataset(path, &truncation);
  if (!file) {
    if (file.error().code == ErrorCode::NotDicom) out.notDicom = true;
    else out.error = file.error();
    return out;
  }
  DcmDataset* ds = (*file)->getDataset();
  bridge::TagReader r(ds);
  std::string sopClass = r.str(DCM_SOPClassUID);
  if (sopClass.empty() && (*file)->getMetaInfo())
    sopClass = bridge::TagReader((*file)->getMetaInfo()).str(DCM_MediaStorageSOPClassUID);
  if (sopClass == kMediaStorageDirectoryUid || r.has(DCM_DirectoryRecordSequence)) {
    listDicomDirFiles(*ds, path, out.referenced, out.referenceErrors);
    return out;
  }
  auto info = parseInstance(**file, path);
  if (info && !truncation.empty()) info->warnings.push_back(truncation);
  if (info) out.truncation = truncation;
  if (info) out.instance = std::move(*info);
  else out.error = info.error();
  return out;
}

FileOutcome readOne(const std::string& path) {
  auto r = bridge::guarded<Result<FileOutcome>>("cannot index file", path, [&] { return readOneUnguarded(path); });
  if (r) return std::move(*r);
  FileOutcome failed;
  failed.error = r.error();
  return failed;
}

// Expands folders recursively; keeps files as given. Missing paths become errors. Temporary files
// of our atomic writes (".<name>.fvtmp-XXXXXX": a save in progress, or killed) are left out.
void expand(const std::string& path, std::vector<std::string>& files, std::vector<Error>& errors) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    errors.push_back(makeError(ErrorCode::NotFound, "no such file or folder", path));
    return;
  }
  if (fs::is_directory(st)) {
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && !isAtomicTemporaryName(it->path().filename().string()))
        found.push_back(it->path().string());
    }
    if (ec) errors.push_back(makeError(ErrorCode::Io, "cannot list folder", path, ec.message()));
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  } else {
    files.push_back(path);
  }
}

std::string canonicalKey(const std::string& path) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(path, ec);
  return ec ? path : c.string();
}

}  // namespace

DicomIndex indexPaths(const std::vector<std::string>& paths, const IndexOptions& options) {
  bridge::configureDcmtk();
  DicomIndex result;
  std::vector<std::string> pending;
  for (const auto& p : paths) expand(p, pending, result.errors);

  std::unordered_set<std::string> seen;
  std::vector<InstanceInfo> instances;
  size_t done = 0, total = 0;
  while (!pending.empty()) {
    // Deduplicate (a folder and the DICOMDIR in it name the same files).
    std::vector<std::string> batch;
    for (auto& p : pending)
      if (seen.insert(canonicalKey(p)).second) batch.push_back(std::move(p));
    pending.clear();
    total += batch.size();

    std::vector<FileOutcome> outcomes(batch.size());
    std::atomic<size_t> next{0}, finished{0};
    auto worker = [&] {
      for (size_t i; (i = next.fetch_add(1)) < batch.size();) {
        if (options.cancel && options.cancel->load()) break;
        outcomes[i] = readOne(batch[i]);
        const size_t f = finished.fetch_add(1) + 1;
        if (options.progress) options.progress(done + f, total);
      }
    };
    unsigned n = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    n = unsigned(std::min<size_t>(n, std::max<size_t>(1, batch.size())));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    done += batch.size();

    for (size_t i = 0; i < batch.size(); ++i) {
      FileOutcome& o = outcomes[i];
      if (o.instance) {
        // A truncated file is also listed as an error; other warnings (e.g. a missing Pixel
        // Representation read as unsigned) stay warnings of the instance and its series.
        if (!o.truncation.empty())
          result.errors.push_back(makeError(ErrorCode::Truncated, o.truncation, o.instance->path));
        instances.push_back(std::move(*o.instance));
      } else if (o.error) {
        result.errors.push_back(std::move(*o.error));
      } else if (o.notDicom) {
        ++result.skipped;
      } else {
        for (auto& e : o.referenceErrors) result.errors.push_back(std::move(e));
        for (auto& f : o.referenced) pending.push_back(std::move(f));
      }
    }
    if (options.cancel && options.cancel->load()) {
      result.errors.push_back(makeError(ErrorCode::Cancelled, "indexing cancelled"));
      break;
    }
  }
  DicomIndex built = buildIndex(std::move(instances));
  built.errors.insert(built.errors.begin(), result.errors.begin(), result.errors.end());
  built.skipped = result.skipped;
  return built;
}

DicomIndex buildIndex(std::vector<InstanceInfo> instances) {
  DicomIndex index;
  index.files = instances.size();
  // Patient by ID (name when the ID is empty); study by UID; series by UID (PS3.3 C.7.1-C.7.3).
  using SeriesMap = std::map<std::string, Series>;
  using StudyMap = std::map<std::string, std::pair<StudyKey, SeriesMap>>;
  std::map<std::string, std::pair<PatientKey, StudyMap>> tree;
  for (auto& inst : instances) {
    const std::string patientKey = inst.patient.id.empty() ? "name:" + inst.patient.name : "id:" + inst.patient.id;
    auto& [pkey, studies] = tree[patientKey];
    if (pkey.id.empty() && pkey.name.empty()) pkey = inst.patient;
    auto& [skey, seriesMap] = studies[inst.study.instanceUid];
    if (skey.instanceUid.empty()) skey = inst.study;
    Series& s = seriesMap[inst.series.instanceUid];
    if (s.instances.empty()) {
      s.key = inst.series;
      s.sopClassUid = inst.sopClassUid;
      s.transferSyntaxUid = inst.transferSyntaxUid;
    }
    s.instances.push_back(std::move(inst));
  }
  for (auto& [pk, pv] : tree) {
    Patient patient{pv.first, {}};
    for (auto& [sk, sv] : pv.second) {
      Study study{sv.first, {}};
      for (auto& [uid, series] : sv.second) {
        // The same SOP instance twice (copied files, folder + DICOMDIR) is shown once.
        std::set<std::string> sops;
        std::vector<InstanceInfo> unique;
        for (auto& inst : series.instances) {
          for (const auto& w : inst.warnings) series.warnings.push_back(inst.path + ": " + w);
          if (!inst.sopInstanceUid.empty() && !sops.insert(inst.sopInstanceUid).second) {
            series.warnings.push_back("duplicate SOP Instance UID " + inst.sopInstanceUid + " in " + inst.path + " ignored");
            continue;
          }
          unique.push_back(std::move(inst));
        }
        series.instances = std::move(unique);
        series.stacks = buildStacks(series.instances);
        study.series.push_back(std::move(series));
      }
      std::stable_sort(study.series.begin(), study.series.end(), [](const Series& a, const Series& b) {
        return std::tuple(a.key.number.value_or(INT32_MAX), a.key.date + a.key.time) <
               std::tuple(b.key.number.value_or(INT32_MAX), b.key.date + b.key.time);
      });
      patient.studies.push_back(std::move(study));
    }
    std::stable_sort(patient.studies.begin(), patient.studies.end(), [](const Study& a, const Study& b) {
      return a.key.date + a.key.time < b.key.date + b.key.time;
    });
    index.patients.push_back(std::move(patient));
  }
  return index;
}

std::vector<const Series*> DicomIndex::allSeries() const {
  std::vector<const Series*> out;
  for (const auto& p : patients)
    for (const auto& st : p.studies)
      for (const auto& se : st.series) out.push_back(&se);
  return out;
}

const Series* DicomIndex::findSeries(const std::string& uid) const {
  for (const Series* s : allSeries())
    if (s->key.instanceUid == uid) return s;
  return nullptr;
}

size_t Series::frameCount() const {
  size_t n = 0;
  for (const auto& s : stacks) n += s.size();
  return n;
}

}  // namespace fv::dicom
