// Opening a second folder adds its studies to those already open: one index over both.
#pragma once

#include "fv/dicom/Series.h"

namespace fv::viewer {

/// Re-groups the instances of `base` and `added` into one index with fv::dicom::buildIndex
/// (series with the same Series Instance UID merge; stacks and series warnings are rebuilt).
/// A file or SOP Instance UID indexed in both is kept once: the `added` reading wins (a re-read
/// file; a retrieve's one-frame preview replaced by the instance itself); errors are concatenated
/// without exact duplicates; skipped counts add up (the same folder opened twice counts its
/// non-DICOM files twice). A duplicate SOP instance `base` had already dropped is not reported
/// again. Never throws except std::bad_alloc.
fv::dicom::DicomIndex mergeIndexes(const fv::dicom::DicomIndex& base, fv::dicom::DicomIndex added);

}  // namespace fv::viewer
