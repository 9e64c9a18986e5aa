// procedure.pdf: the readable procedure report (patient, study, operator, times, each confirmed
// frame as its annotated image, measurements with calibration, C-arm angles, exposure), drawn
// with Cairo's PDF surface — the document the Encapsulated PDF carries into the record.
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/Display.h"
#include "fv/dicom/Result.h"
#include "fv/fluoro/Confirmation.h"

namespace fv::fluoro {

/// The PDF bytes of the report. `images[i]` is the annotated RGB frame of request.frames[i]
/// (e.g. the Secondary Capture's pixels); `savedAt` the save's time as shown.
fv::dicom::Result<std::string> procedurePdf(const ConfirmationRequest& request,
                                            const ConfirmationResult& result,
                                            const std::vector<fv::dicom::Image8>& images,
                                            const std::string& savedAt);

}  // namespace fv::fluoro
