// Decodes frames of one instance on demand (native pixels memory-mapped, compressed via DCMTK).
#pragma once

#include <cstdint>
#include <memory>

#include "fv/dicom/Frame.h"
#include "fv/dicom/InstanceInfo.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// Registers DCMTK's JPEG, JPEG-LS and RLE decoders once per process (idempotent, thread-safe).
void registerCodecs();

/// Opens one instance's pixel data and decodes single frames; decode() is thread-safe and runs
/// in parallel. Native little-endian pixels come straight from the file (a frame is a view into
/// a memory map), RLE through our PS3.5 Annex G decoder, JPEG 2000 / HTJ2K through OpenJPEG /
/// Grok, everything else through DCMTK (each concurrent caller gets its own DCMTK dataset).
class InstanceDecoder {
 public:
  /// Validates the pixel description against the data the file holds, before allocating.
  static Result<std::shared_ptr<InstanceDecoder>> open(const InstanceInfo& info);
  ~InstanceDecoder();
  InstanceDecoder(const InstanceDecoder&) = delete;
  InstanceDecoder& operator=(const InstanceDecoder&) = delete;

  /// Frames the pixel data holds (Number of Frames).
  uint32_t frameCount() const;
  /// Layout of decoded frames (photometric after decompression, planar configuration 0).
  const PixelDescription& description() const;
  /// Decodes frame `frame` (0-based). Truncated data fails only the frames it affects.
  Result<Frame> decode(uint32_t frame) const;
  /// Decodes frame `frame` into caller memory of exactly description().bytesPerFrame() bytes
  /// (for volumes: native slices are read straight into the final buffer, one copy).
  Status decodeInto(uint32_t frame, void* dst, size_t bytes) const;
  /// Hints that frames [first, first+count) are about to be decoded (maps their pages at once).
  void willNeed(uint32_t first, uint32_t count) const;

  struct Impl;

 private:
  explicit InstanceDecoder(std::unique_ptr<Impl> impl);
  static Result<std::shared_ptr<InstanceDecoder>> openUnguarded(const InstanceInfo& info);
  Status checkFrame(uint32_t frame) const;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace fv::dicom
