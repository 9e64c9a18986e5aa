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

/// The PDF bytes of the report, showing each confirmed frame's figure.
fv::dicom::Result<std::string> procedurePdf(const ConfirmationRequest& request,
                                            const ConfirmationResult& result);

}  // namespace fv::fluoro
