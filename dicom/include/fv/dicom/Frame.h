// A decoded frame: stored sample values in native byte order, ready for display or the GPU.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "fv/dicom/PixelDescription.h"

namespace fv::dicom {

/// The C++ type of one decoded sample.
enum class SampleType { U8, I8, U16, I16, U32, I32 };

/// Bytes per sample of a SampleType.
size_t sampleSize(SampleType t);

/// One frame's samples, immutable and cheap to copy (shared ownership of the buffer, which may be
/// a view into a memory-mapped file). Colour frames are interleaved (R,G,B,R,G,B...).
class Frame {
 public:
  Frame() = default;
  /// Wraps `data` (kept alive by `owner`) described by `desc`; desc.planarConfiguration must be 0.
  Frame(PixelDescription desc, SampleType type, const void* data, std::shared_ptr<const void> owner)
      : m_desc(desc), m_type(type), m_data(data), m_owner(std::move(owner)) {}

  bool empty() const { return m_data == nullptr; }
  const PixelDescription& description() const { return m_desc; }
  uint32_t rows() const { return m_desc.rows; }
  uint32_t columns() const { return m_desc.columns; }
  uint16_t samplesPerPixel() const { return m_desc.samplesPerPixel; }
  SampleType sampleType() const { return m_type; }
  const void* data() const { return m_data; }
  size_t sampleCount() const { return m_desc.samplesPerFrame(); }
  size_t byteSize() const { return sampleCount() * sampleSize(m_type); }
  template <class T>
  const T* as() const { return static_cast<const T*>(m_data); }

  /// Sample i as a double (slow path for tests and single-pixel probes).
  double sample(size_t i) const;
  /// Sum of all sample values (the `decode` checksum), computed exactly as a 64-bit integer.
  int64_t sum() const;
  /// Smallest and largest sample values.
  void minMax(double& lo, double& hi) const;

 private:
  PixelDescription m_desc;
  SampleType m_type = SampleType::U8;
  const void* m_data = nullptr;
  std::shared_ptr<const void> m_owner;
};

}  // namespace fv::dicom
