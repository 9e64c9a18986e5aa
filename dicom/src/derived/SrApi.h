// DCMTK's SR modules (dcmsr, cmr) pull in libxml2 and ICU: +11 ms at every start of every
// program linking fv_dicom. They live in libfv_dicom_sr.so, loaded on the first report written or
// read (private to fv_dicom; the public API is fv/dicom/MeasurementReport.h).
#pragma once

#include <string>

#include "fv/dicom/MeasurementReport.h"

namespace fv::dicom {

namespace sr {
/// The implementations inside the module.
Result<WrittenObject> write(const MeasurementReportRequest& request);
Result<MeasurementReportInfo> read(const std::string& path);
}  // namespace sr

/// What libfv_dicom_sr.so offers (entry point "fv_dicom_sr_api").
struct SrApi {
  static constexpr int kAbi = 1;  ///< bumped on any change of this struct or the request types
  int abi = kAbi;
  Result<WrittenObject> (*write)(const MeasurementReportRequest&) = nullptr;
  Result<MeasurementReportInfo> (*read)(const std::string&) = nullptr;
};

}  // namespace fv::dicom
