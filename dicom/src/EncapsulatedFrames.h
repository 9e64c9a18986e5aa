// Which fragments of encapsulated Pixel Data make up each frame (PS3.5 A.4). Private to fv_dicom.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcpixseq.h>

#include "FragmentFile.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// True when a fragment's first bytes begin a frame (e.g. a JPEG 2000 SOC marker).
using FrameStartTest = bool (*)(const uint8_t* data, size_t size);

/// The fragments of each of `frames` frames, taken from (in this order) the Extended Offset Table
/// (7FE0,0001), the Basic Offset Table, one fragment per frame, one frame holding every fragment,
/// or else the fragments whose first bytes begin a frame by `startsFrame` (an error when null). A
/// frame whose fragments are missing (a truncated file) gets an empty list; its decode fails, the
/// others do not.
Result<std::vector<FrameFragments>> locateFrameFragments(DcmPixelSequence& sequence,
                                                         DcmItem& dataset, uint32_t frames,
                                                         const FragmentFile& file,
                                                         FrameStartTest startsFrame);

}  // namespace fv::dicom
