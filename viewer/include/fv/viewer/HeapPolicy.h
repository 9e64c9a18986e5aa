// The viewer uses the heap policy of fv_dicom (fv/dicom/HeapPolicy.h), shared with the CLI.
#pragma once

#include "fv/dicom/HeapPolicy.h"

namespace fv::viewer {

using fv::dicom::applyHeapPolicy;
using fv::dicom::releaseFreedHeap;

}  // namespace fv::viewer
