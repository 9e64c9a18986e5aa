#include "DicomDir.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "DcmtkBridge.h"

namespace fv::dicom {

namespace fs = std::filesystem;

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// Resolves one path component in `dir`, exactly first, then ignoring case.
std::optional<fs::path> resolveComponent(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  fs::path exact = dir / name;
  if (fs::exists(exact, ec)) return exact;
  const std::string want = lower(name);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (lower(entry.path().filename().string()) == want) return entry.path();
  }
  return std::nullopt;
}
}  // namespace

void listDicomDirFiles(DcmDataset& dataset, const std::string& dicomdirPath,
                       std::vector<std::string>& files, std::vector<Error>& errors) {
  bridge::TagReader r(&dataset);
  const fs::path base = fs::path(dicomdirPath).parent_path();
  const unsigned long n = r.items(DCM_DirectoryRecordSequence);
  // Records are read flat rather than by following the offset links, so directories with
  // broken or missing offsets (seen in the wild) still yield their files.
  for (unsigned long i = 0; i < n; ++i) {
    bridge::TagReader rec(r.item(DCM_DirectoryRecordSequence, i));
    const std::vector<std::string> parts = rec.strings(DCM_ReferencedFileID);
    if (parts.empty()) continue;
    fs::path p = base;
    bool found = true;
    for (const std::string& part : parts) {
      auto next = resolveComponent(p, part);
      if (!next) { found = false; break; }
      p = *next;
    }
    if (found) {
      files.push_back(p.string());
    } else {
      std::string ref;
      for (const auto& part : parts) ref += (ref.empty() ? "" : "\\") + part;
      errors.push_back(makeError(ErrorCode::NotFound,
                                 "DICOMDIR references a missing file: " + ref, dicomdirPath));
    }
  }
}

}  // namespace fv::dicom
