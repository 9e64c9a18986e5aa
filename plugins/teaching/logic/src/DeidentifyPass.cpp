#include "DeidentifyPass.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include "fv/dicom/AtomicFile.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Indexer.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Confirmation.h"
#include "fv/teaching/BundleLayout.h"
#include "fv/teaching/TextDetector.h"

namespace fv::teaching::detail {

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

bool isDicomDirName(const fs::path& p) {
  std::string name = p.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return name == "DICOMDIR";
}

// Our own confirmation images may show the patient's name in a known header line (when "burn
// patient details" was chosen; the file does not say whether it was): that band is blanked.
std::vector<Redaction> knownTextRegions(const SourceFacts& f) {
  if (f.sopClassUid != kSecondaryCaptureUid || f.manufacturer != "FluoroView" || !f.rows ||
      !f.columns)
    return {};
  return {fv::fluoro::headerLineBand(f.rows, f.columns, fv::fluoro::kPatientDetailsHeaderLine)};
}

// A source that cannot be read is left out with a warning; everything else stops the export.
bool unreadable(const Error& e) {
  return e.code == ErrorCode::Malformed || e.code == ErrorCode::Truncated ||
         e.code == ErrorCode::NotFound;
}

}  // namespace

std::vector<std::string> listSources(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(
               input, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& p = it->path();
        if (it->is_directory(ec)) {
          if (isStagingFolderName(p.filename().string())) it.disable_recursion_pending();
          continue;
        }
        if (!it->is_regular_file(ec) || isDicomDirName(p) ||
            isAtomicTemporaryName(p.filename().string()))
          continue;
        found.push_back(p.string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (isDicomDirName(input)) {
      for (const Series* s : indexPaths({input}).allSeries())
        for (const InstanceInfo& i : s->instances) out.push_back(i.path);
    } else {
      out.push_back(input);
    }
  }
  return out;
}

Result<TextBoxes> findText(const TeachingRequest& rq) {
  IndexOptions indexing;
  indexing.threads = rq.threads;
  indexing.cancel = rq.cancel;
  const DicomIndex index = indexPaths(rq.inputs, indexing);
  TextBoxes boxes;
  for (const Series* s : index.allSeries()) {
    if (cancelled(rq)) return cancelError(rq);
    auto found = detectSeriesText(*s);
    if (!found) return found.error();
    if (found->empty()) continue;
    for (const InstanceInfo& i : s->instances) boxes[i.path] = *found;
  }
  return boxes;
}

Result<Deidentified> deidentifySources(const TeachingRequest& rq,
                                       const std::vector<std::string>& sources,
                                       const TextBoxes& text, Deidentifier& deid,
                                       StagingFolder& staging, Progress& progress,
                                       std::vector<std::string>& warnings) {
  std::vector<std::optional<Result<DeidentifiedFile>>> outcomes(sources.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  const auto incoming = [](size_t i) {
    char name[40];
    std::snprintf(name, sizeof name, "incoming/%08zu", i);
    return std::string(name);
  };
  if (Status s = staging.makeParents(incoming(0)); !s) return s.error();
  const auto work = [&] {
    for (size_t i; !stop && !cancelled(rq) && (i = next++) < sources.size();) {
      FileRequest fr;
      fr.staging = &staging;
      fr.redactionsFor = knownTextRegions;
      if (const auto t = text.find(sources[i]); t != text.end()) fr.redactions = t->second;
      outcomes[i] = deid.deidentifyFile(sources[i], incoming(i), fr);
      const Result<DeidentifiedFile>& r = *outcomes[i];
      if (!r && r.error().code != ErrorCode::NotDicom && !unreadable(r.error())) stop = true;
      progress.step();
    }
  };
  unsigned n = rq.threads ? rq.threads : std::max(1u, std::thread::hardware_concurrency());
  n = unsigned(std::clamp<size_t>(n, 1, std::max<size_t>(1, sources.size())));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
    work();
  }
  if (cancelled(rq)) return cancelError(rq);

  Deidentified out;
  std::vector<std::string> from, source;  // incoming name and source of each file in out.files
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (!outcomes[i]) continue;  // not started after a failure
    Result<DeidentifiedFile>& r = *outcomes[i];
    if (!r) {
      if (r.error().code == ErrorCode::NotDicom) {
        ++out.notDicom;
      } else if (unreadable(r.error())) {
        warnings.push_back("not exported: " + r.error().toString());
      } else {
        return r.error();
      }
      continue;
    }
    if (!r->leftOut.empty()) {
      warnings.push_back("left out " + fs::path(sources[i]).filename().string() + ": " +
                         r->leftOut);
      continue;
    }
    out.files.push_back(std::move(*r));
    from.push_back(incoming(i));
    source.push_back(sources[i]);
  }
  if (stop) return makeError(ErrorCode::Internal, "the export stopped without an error", rq.out);

  const std::vector<std::string> layout = layOutBundle(out.files);
  Deidentified placed;
  placed.notDicom = out.notDicom;
  for (size_t i = 0; i < out.files.size(); ++i) {
    const fs::path src = fs::path(staging.path()) / from[i];
    if (layout[i].empty()) {  // the same instance twice: exported once
      std::error_code ec;
      fs::remove(src, ec);
      continue;
    }
    if (Status s = staging.makeParents(layout[i]); !s) return s.error();
    std::error_code ec;
    fs::rename(src, fs::path(staging.path()) / layout[i], ec);
    if (ec)
      return makeError(ErrorCode::Io, "cannot move a file into the bundle: " + ec.message(),
                       staging.finalPath(layout[i]));
    out.files[i].path = staging.finalPath(layout[i]);
    placed.files.push_back(std::move(out.files[i]));
    placed.relative.push_back(layout[i]);
    placed.sources.push_back(source[i]);
  }
  std::error_code ec;
  fs::remove(fs::path(staging.path()) / "incoming", ec);
  return placed;
}

}  // namespace fv::teaching::detail
