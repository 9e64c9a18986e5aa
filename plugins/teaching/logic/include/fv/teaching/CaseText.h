// What the author writes about a teaching case (export dialog or --case case.json).
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/Result.h"

namespace fv::teaching {

/// The case page's text; every field may be empty. Never taken from the DICOM sources.
struct CaseText {
  std::string title;
  std::string history;
  std::string findings;
  std::string diagnosis;
  std::vector<std::string> teachingPoints;
  std::string discussion;
  /// The Key Object Description of the TCE manifest: title and teaching points, one per line.
  std::string manifestDescription() const;
};

/// Reads {"title", "history", "findings", "diagnosis", "teachingPoints" (string or list),
/// "discussion"} from a UTF-8 JSON file; other keys are ignored. Errors name the file and why.
fv::dicom::Result<CaseText> readCaseJson(const std::string& path);

}  // namespace fv::teaching
