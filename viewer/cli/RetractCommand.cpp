// `retract`: files a rejection note for a saved confirmation (docs/cli.md).
#include <filesystem>
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Json.h"
#include "fv/fluoro/Retraction.h"

namespace fv::cli {

int runRetract(int argc, char** argv) {
  const Args a = parseArgs(argc, argv, 2, {"reason", "operator"}, {"json"});
  std::string problem = a.error;
  if (problem.empty() && a.positional.size() != 1) problem = "give exactly one KO.dcm";
  if (problem.empty() && a.option("reason").value_or("").empty())
    problem = "--reason TEXT is required";
  if (!problem.empty()) {
    std::cerr << "usage: fluoroview-cli retract KO.dcm --reason TEXT [--operator FAMILY^GIVEN] "
                 "[--json]\nerror: "
              << problem << "\n";
    return kUsage;
  }
  const std::string ko = a.positional[0];
  const std::string folder = std::filesystem::path(ko).parent_path().string();
  const fv::dicom::DicomIndex index = fv::dicom::indexPaths({folder.empty() ? "." : folder});
  fv::fluoro::RetractionRequest rq;
  rq.keyObjectPath = ko;
  rq.reason = *a.option("reason");
  rq.operatorName = a.option("operator").value_or("");
  rq.folder = folder.empty() ? "." : folder;
  auto written = fv::fluoro::retractConfirmation(index, rq);
  if (!written) {
    std::cerr << "error: " << written.error().toString() << "\n";
    return kInputError;
  }
  if (a.flag("json"))
    std::cout << fv::dicom::Json::object()
                     .set("written", fv::dicom::Json::object()
                                         .set("path", written->path)
                                         .set("sopClassUid", written->sopClassUid)
                                         .set("sopInstanceUid", written->sopInstanceUid))
                     .dump()
              << "\n";
  else
    std::cout << "wrote " << written->path << "\n";
  return kOk;
}

}  // namespace fv::cli
