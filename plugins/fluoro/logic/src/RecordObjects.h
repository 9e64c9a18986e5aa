// What a confirmation files in the record besides images: the TID 1500 measurement report's
// content and the earlier reports a save amends (private to fv_fluoro_logic).
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/MeasurementReport.h"
#include "fv/fluoro/Confirmation.h"

namespace fv::fluoro::detail {

/// Reports FluoroView wrote earlier into `folder` (SR*.dcm) that measured one of `frames` and
/// that no other of them already amends: the predecessors of a new save.
std::vector<fv::dicom::WrittenObject> earlierReports(const std::string& folder,
                                                     const std::vector<ConfirmedFrame>& frames);

/// One measurement group per confirmed frame: tip-to-target distance (with the tip → target
/// points) and trajectory angle, the calibration as its method, the frame with its GSPS and SC.
std::vector<fv::dicom::ReportGroup> reportGroups(const ConfirmationRequest& request,
                                                 const ConfirmationResult& result);

/// A measurement value as the report prints it (DS): two decimals.
std::string reportValue(double value);

}  // namespace fv::fluoro::detail
