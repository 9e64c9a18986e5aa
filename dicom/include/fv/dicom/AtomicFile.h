// Writing output files so that no reader ever sees a partial file and nothing is clobbered.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// What to do when the target already exists.
enum class Overwrite {
  Never,    ///< fail with an Io error "already exists" (link(), or renameat2 RENAME_NOREPLACE)
  Replace,  ///< replace it atomically (rename())
};

/// Writes `size` bytes to `path` via a temporary file in the same folder, fsync, then link or
/// rename, then fsync of the folder. On any failure (missing or read-only folder, full disk)
/// the temporary file is removed and the Error names `path` and the reason.
Status writeFileAtomically(const std::string& path, const void* data, size_t size, Overwrite mode);

/// Writes all `size` bytes to the open file `fd` (retrying short writes and EINTR); false on
/// error, with errno set.
bool writeAll(int fd, const void* data, size_t size);

/// True for the temporary names writeFileAtomically uses: ".<name>.fvtmp-XXXXXX" (X: A-Z a-z 0-9).
bool isAtomicTemporaryName(std::string_view fileName);

/// Our temporary files untouched for this long are leftovers of a killed writer (see below).
inline constexpr long kStaleTemporarySeconds = 3600;
// After a successful write, writeFileAtomically removes such leftovers from the same folder: only
// regular files whose name passes isAtomicTemporaryName, owned by this user, with a modification
// time older than kStaleTemporarySeconds; the folder is scanned at most once an hour per process.

}  // namespace fv::dicom
