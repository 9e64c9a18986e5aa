// Picking a series and a frame the way the command line numbers them.
#pragma once

#include <optional>
#include <string>

#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::cli {

/// The series with `uid`, or (empty uid) the first series that has frames.
fv::dicom::Result<const fv::dicom::Series*> selectSeries(const fv::dicom::DicomIndex& index,
                                                         const std::string& uid);

/// Frame `number` (1-based) of a series, counting through its stacks in order.
fv::dicom::Result<fv::dicom::FrameRef> locateFrame(const fv::dicom::Series& series, long number);

}  // namespace fv::cli
