// Index → JSON (the `info --json` contract) and human-readable text.
#pragma once

#include <string>

#include "fv/dicom/Json.h"
#include "fv/dicom/Series.h"

namespace fv::cli {

using fv::dicom::Json;

/// One series as in docs/cli.md (patientId, modality, stacks, calibration, ...).
Json seriesToJson(const fv::dicom::Patient& patient, const fv::dicom::Study& study,
                  const fv::dicom::Series& series);
/// The whole index: {"series": [...], "errors": [{"path", "message"}], "skipped": N}.
Json indexToJson(const fv::dicom::DicomIndex& index);
/// A readable tree for terminals.
std::string indexToText(const fv::dicom::DicomIndex& index);

}  // namespace fv::cli
