// Frames through DCMTK's frame-wise getUncompressedFrame(): JPEG, JPEG-LS, RLE (fallback),
// big endian, deflate. One DCMTK dataset per concurrent caller, so frames decode in parallel.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>

#include "FrameSource.h"

namespace fv::dicom {

/// One parsed copy of the file for one decoding thread (DCMTK objects are not thread-safe).
struct DcmtkSlot {
  std::unique_ptr<DcmFileFormat> file;
  DcmPixelData* pixels = nullptr;
  DcmFileCache cache;  ///< keeps the file handle open between frames
};

/// A pool of DcmtkSlots for one file.
class DcmtkSlotPool {
 public:
  explicit DcmtkSlotPool(std::string path) : m_path(std::move(path)) {}
  /// A free slot, parsing the file again when all are busy.
  Result<std::unique_ptr<DcmtkSlot>> acquire() const;
  /// Returns a slot for reuse.
  void release(std::unique_ptr<DcmtkSlot> slot) const;

 private:
  std::string m_path;
  mutable std::mutex m_mutex;
  mutable std::vector<std::unique_ptr<DcmtkSlot>> m_free;
};

/// Refuses a JPEG fragment on which DCMTK 3.6.7's decoder would loop forever (see
/// dcmtkJpegScanLoopsForever); other transfer syntaxes and fragments pass. `fragment` is the
/// 1-based item index in the pixel sequence.
Status checkJpegFragment(DcmPixelData& pixels, const std::string& transferSyntax, unsigned long fragment,
                         const std::string& path);

/// Frames decoded by DCMTK.
class DcmtkFrameSource : public FrameSource {
 public:
  /// `pool` must hold the parsed file; `startFragments` maps frames to first fragments (empty:
  /// let DCMTK find them, which requires decoding in order); `encapsulated` per transfer syntax.
  DcmtkFrameSource(std::shared_ptr<const FrameLayout> layout, std::shared_ptr<DcmtkSlotPool> pool,
                   std::vector<Uint32> startFragments, bool encapsulated, std::string transferSyntax,
                   uint64_t nativeBytes);
  Result<Frame> decode(uint32_t frame) const override;

 private:
  Result<Frame> decodeUnlocked(uint32_t frame) const;
  std::shared_ptr<DcmtkSlotPool> m_pool;
  std::vector<Uint32> m_startFragments;
  bool m_encapsulated;
  std::string m_transferSyntax;
  uint64_t m_nativeBytes;  // native data present (encapsulated: unused)
  mutable std::mutex m_orderMutex;  // serialises decodes when fragments must be walked in order
};

}  // namespace fv::dicom
