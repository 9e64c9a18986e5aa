// Builds a DicomIndex from files, folders (recursively) and DICOMDIRs, reading headers only.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "fv/dicom/InstanceInfo.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::dicom {

/// Options for indexPaths().
struct IndexOptions {
  unsigned threads = 0;  ///< worker threads for header reading; 0 = hardware concurrency
  /// Called from worker threads with (files done, files total); may be empty.
  std::function<void(size_t, size_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  ///< set to true to stop early
};

/// Reads one file's header (stops before Pixel Data). NotDicom for files that are not DICOM.
Result<InstanceInfo> readInstanceHeader(const std::string& path);

/// Indexes files, folders and DICOMDIRs in parallel into patient → study → series → stacks.
/// Never throws; unreadable files are listed in DicomIndex::errors, non-DICOM files counted.
DicomIndex indexPaths(const std::vector<std::string>& paths, const IndexOptions& options = {});

/// Groups already-read instances into the patient/study/series tree and builds the stacks.
DicomIndex buildIndex(std::vector<InstanceInfo> instances);

}  // namespace fv::dicom
