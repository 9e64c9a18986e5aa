// Encapsulated Pixel Data fragments read straight from the file with pread (thread-safe), so
// compressed data never accumulates in memory. Private to fv_dicom.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Where one fragment's value is: in the file, or (small ones DCMTK had loaded) copied here.
struct Fragment {
  uint64_t offset = 0;
  uint32_t length = 0;
  bool inMemory = false;  ///< DCMTK had loaded the value: it is in `bytes`
  std::vector<uint8_t> bytes;

  /// Length of the value.
  size_t size() const { return inMemory ? bytes.size() : length; }
};

/// The fragments of one frame, in order.
using FrameFragments = std::vector<Fragment>;

/// Reads fragment values of one file; opens the file on first use.
class FragmentFile {
 public:
  explicit FragmentFile(std::string path) : m_path(std::move(path)) {}
  ~FragmentFile();
  FragmentFile(const FragmentFile&) = delete;
  FragmentFile& operator=(const FragmentFile&) = delete;

  /// Appends the values of `fragments` to `out` (cleared first): one frame's compressed stream.
  Status gather(const FrameFragments& fragments, std::vector<uint8_t>& out) const;
  /// The first `count` bytes (or fewer, if the fragment is shorter) of `fragment` into `out`.
  Status head(const Fragment& fragment, size_t count, std::vector<uint8_t>& out) const;
  /// The file's path, for messages.
  const std::string& path() const { return m_path; }

 private:
  Status readAt(uint64_t offset, uint8_t* dst, size_t size) const;
  std::string m_path;
  mutable std::mutex m_openMutex;  // guards opening; pread itself is thread-safe
  mutable int m_fd = -1;
};

}  // namespace fv::dicom
