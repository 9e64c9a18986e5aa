// Helpers of the teaching-file tests: a case with generated PHI and a confirmation, and exports.
#pragma once

#include <string>
#include <vector>

#include "fv/teaching/TeachingExport.h"

namespace fv::test::teaching {

/// Generated sources full of fake PHI (an XA cine and an MR series of one patient) and, in its own
/// folder, a needle confirmation of XA frame 2 saved with the patient's name burned in.
struct PhiCase {
  std::vector<std::string> sources;  ///< the XA file, then the MR files
  std::string confirmation;          ///< folder with SC, GSPS, KOS, procedure.json/.html
  /// Sources and the confirmation folder: what an author selects.
  std::vector<std::string> inputs() const;
};
/// Made once per test process.
const PhiCase& phiCase();

/// A request for `inputs` into a new folder `name` under a fresh temporary folder.
fv::teaching::TeachingRequest request(const std::vector<std::string>& inputs,
                                      const std::string& name);
/// Runs the export; fails the calling test (and returns an empty result) on error.
fv::teaching::TeachingResult exportOrFail(const fv::teaching::TeachingRequest& request);
/// Paths of `result`'s files of `kind`.
std::vector<std::string> ofKind(const fv::teaching::TeachingResult& result,
                                const std::string& kind);

}  // namespace fv::test::teaching
