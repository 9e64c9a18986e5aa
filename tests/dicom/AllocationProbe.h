// Counts heap allocations of the whole process (our code and DCMTK's) through a replaced global
// operator new: the largest single request and the peak of live bytes since the last reset.
// Not available under AddressSanitizer (which owns operator new); there ASan's own
// max_allocation_size_mb guards the same promise (see tests/dicom/CMakeLists.txt).
#pragma once

#include <cstddef>

namespace fv::test {

/// True when this build counts allocations.
bool allocationProbeActive();
/// Starts a new measurement: largest and peak go back to zero.
void resetAllocationProbe();
/// Largest single operator new request since the reset, in bytes.
size_t largestAllocation();
/// Peak of live heap bytes since the reset, above what was live at the reset.
size_t peakLiveBytes();

}  // namespace fv::test
