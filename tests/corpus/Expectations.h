// The reviewed table of corpus files whose decode does not simply agree with GDCM's
// (tests/corpus/expectations.tsv): every entry says what we expect and why.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "Outcome.h"

namespace fv::corpus {

/// One reviewed row: collection, file (relative to the collection), expected outcome kind, a bound
/// and the reason.
struct Expectation {
  std::string collection;
  std::string file;
  std::string kind;    ///< as Outcome::kind
  std::string bound;   ///< "differs": "max<=N mean<=M"; "error/…": text our message contains;
                       ///< "…/failed", "…/unreadable": text GDCM's message contains; "-": none;
                       ///< and/or "pydicom=equal": pydicom's own decode equals ours
  std::string reason;  ///< why (e.g. "GDCM applies X, we follow PS3.5 Y")
  int line = 0;
};

/// Parses the table; malformed lines are reported in `errors` ("expectations.tsv:LINE: why").
std::vector<Expectation> readExpectations(const std::string& path,
                                          std::vector<std::string>& errors);

/// True when `o` is what `e` expects; otherwise `why` says how it differs.
bool meets(const Expectation& e, const Outcome& o, std::string& why);

/// The table row that would describe `o` (printed for a new disagreement, to review and commit).
std::string suggestedRow(const std::string& collection, const std::string& file, const Outcome& o);

}  // namespace fv::corpus
