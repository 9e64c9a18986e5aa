// A read-only memory map of a whole file: native pixel data is served from it without copying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Read-only mapping of one file; shared by every frame that points into it.
class MappedFile {
 public:
  /// Maps `path`; Io error naming the file on failure.
  static Result<std::shared_ptr<MappedFile>> open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return m_data; }
  size_t size() const { return m_size; }
  /// Asks the kernel to map [offset, offset+length) now (one call instead of a fault per page).
  void prefault(size_t offset, size_t length) const;

 private:
  MappedFile(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}
  const uint8_t* m_data;
  size_t m_size;
};

}  // namespace fv::dicom
