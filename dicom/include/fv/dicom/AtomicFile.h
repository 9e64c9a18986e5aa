// Writing output files so that no reader ever sees a partial file and nothing is clobbered.
#pragma once

#include <cstddef>
#include <string>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// What to do when the target already exists.
enum class Overwrite {
  Never,    ///< fail with an Io error "already exists" (atomic no-clobber via link())
  Replace,  ///< replace it atomically (rename())
};

/// Writes `size` bytes to `path` via a temporary file in the same folder, fsync, then link or
/// rename, then fsync of the folder. On any failure (missing or read-only folder, full disk)
/// the temporary file is removed and the Error names `path` and the reason.
Status writeFileAtomically(const std::string& path, const void* data, size_t size, Overwrite mode);

}  // namespace fv::dicom
