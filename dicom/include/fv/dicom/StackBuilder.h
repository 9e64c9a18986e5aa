// Splits a series into stacks and orders slices in space (never by file name or number).
#pragma once

#include <vector>

#include "fv/dicom/InstanceInfo.h"
#include "fv/dicom/Series.h"

namespace fv::dicom {

/// Builds the stacks of one series from its instances:
/// - each multi-frame instance is its own stack (one fluoroscopy run or cine); an enhanced
///   multi-frame with per-frame geometry is split by orientation and ordered by position;
/// - single-frame images are grouped by size and orientation; each group with positions is
///   ordered along its slice normal, with spacing computed and irregularities warned about;
/// - images without geometry keep acquisition order (Instance Number, then acquisition time).
std::vector<Stack> buildStacks(const std::vector<InstanceInfo>& instances);

}  // namespace fv::dicom
