// Checks a file's element structure before DCMTK parses it: the attacks DCMTK itself does not
// survive (deep recursion, eager allocation in inflate streams) are refused with a clear error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Deflated Explicit VR Little Endian (PS3.5 A.5).
inline constexpr const char* kDeflatedTransferSyntax = "1.2.840.10008.1.2.1.99";

/// Deepest sequence nesting accepted. DCMTK parses sequences recursively and overflows the
/// stack somewhere between 1,000 and 10,000 levels; real objects (SR trees) stay far below 100.
inline constexpr int kMaxSequenceDepth = 100;

/// Most bytes a deflated dataset may inflate to before it is refused as a decompression bomb.
inline constexpr uint64_t kMaxInflatedBytes = uint64_t(2) << 30;

/// Walks the dataset's elements up to the top-level Pixel Data (PS3.5 7.1, 7.5) without keeping
/// any value, in the file's transfer syntax (implicit VR sequences recognised by the data
/// dictionary). Fails if sequences nest deeper than kMaxSequenceDepth. For a deflated dataset,
/// which DCMTK reads through an inflate stream where it allocates whatever a length field
/// claims (up to 4 GiB), also fails if an element claims more bytes than the data holds, and
/// walks on through the Pixel Data (which DCMTK cannot defer there either).
/// A cut-off or otherwise damaged file passes: DCMTK reports those itself.
Status checkStructure(const std::string& path);
/// The same on the bytes of `path` already in memory (`size` bytes at `data`).
Status checkStructure(const std::string& path, const uint8_t* data, size_t size);

}  // namespace fv::dicom
