#include <cstdio>
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "SeriesJson.h"
#include "fv/dicom/Indexer.h"

namespace fv::cli {

int runInfo(int argc, char** argv) {
  const Args a = parseArgs(argc, argv, 2, {"threads"}, {"json"});
  if (!a.error.empty() || a.positional.empty()) {
    std::cerr << "usage: fluoroview-cli info [--json] PATH...\n";
    if (!a.error.empty()) std::cerr << "error: " << a.error << "\n";
    return kUsage;
  }
  fv::dicom::IndexOptions opt;
  if (auto t = a.option("threads")) opt.threads = unsigned(parsePositive(*t).value_or(0));
  const fv::dicom::DicomIndex index = fv::dicom::indexPaths(a.positional, opt);
  if (a.flag("json")) std::cout << indexToJson(index).dump() << "\n";
  else std::cout << indexToText(index);
  return index.errors.empty() ? kOk : kInputError;
}

}  // namespace fv::cli
