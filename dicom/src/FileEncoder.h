// Encoding a whole DICOM file into memory (the one place writers turn a DcmFileFormat into bytes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include "fv/dicom/Result.h"

namespace fv::dicom::bridge {

/// The bytes of `file` (meta header included) in transfer syntax `xfer`, explicit lengths, no
/// group lengths; a deflated syntax is flushed completely. The error names `path`.
Result<std::vector<uint8_t>> encodeFile(DcmFileFormat& file, E_TransferSyntax xfer,
                                        const std::string& path);

}  // namespace fv::dicom::bridge
