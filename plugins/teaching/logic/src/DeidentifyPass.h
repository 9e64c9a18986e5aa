// The first step of a teaching-file export: every source file read once, de-identified into the
// staging folder and put in its place in the bundle layout.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ExportSupport.h"
#include "fv/dicom/StagingFolder.h"

namespace fv::teaching::detail {

/// The source files of `inputs` in a stable order: folders walked recursively (sorted by path),
/// DICOMDIRs resolved through the indexer; DICOMDIR files themselves and our temporary files and
/// staging folders left out.
std::vector<std::string> listSources(const std::vector<std::string>& inputs);

/// OCR boxes per source file: Tesseract on the first frame of each series (indexing `inputs`).
using TextBoxes = std::unordered_map<std::string, std::vector<fv::dicom::Redaction>>;
fv::dicom::Result<TextBoxes> findText(const TeachingRequest& rq);

/// What the pass wrote: the de-identified files (final paths) and their paths in the bundle.
struct Deidentified {
  std::vector<fv::dicom::DeidentifiedFile> files;
  std::vector<std::string> relative;
  std::vector<std::string> sources;  ///< the source of each file
  size_t notDicom = 0;               ///< files that are not DICOM at all (procedure records, ...)
};

/// De-identifies `sources` (threads of rq) into the staging folder, then moves each file to its
/// layOutBundle() place. A file that is not DICOM is skipped; one that cannot be read (truncated,
/// malformed) is skipped with a warning naming it; any other failure fails the export.
fv::dicom::Result<Deidentified> deidentifySources(
    const TeachingRequest& rq, const std::vector<std::string>& sources, const TextBoxes& text,
    fv::dicom::Deidentifier& deid, fv::dicom::StagingFolder& staging, Progress& progress,
    std::vector<std::string>& warnings);

}  // namespace fv::teaching::detail
