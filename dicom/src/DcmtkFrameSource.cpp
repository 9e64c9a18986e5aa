#include "DcmtkFrameSource.h"

#include <cstdlib>

#include "JpegHeader.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"

namespace fv::dicom {

Result<std::unique_ptr<DcmtkSlot>> DcmtkSlotPool::acquire() const {
  {
    std::lock_guard lock(m_mutex);
    if (!m_free.empty()) {
      auto s = std::move(m_free.back());
      m_free.pop_back();
      return s;
    }
  }
  auto file = loadDataset(m_path);
  if (!file) return file.error();
  auto slot = std::make_unique<DcmtkSlot>();
  slot->file = std::move(*file);
  DcmElement* e = nullptr;
  if (slot->file->getDataset()->findAndGetElement(DCM_PixelData, e).bad() || !e)
    return makeError(ErrorCode::Malformed, "Pixel Data (7FE0,0010) is missing", m_path);
  // Pixel Representation (Type 1) missing: read as unsigned (InstanceInfo warns). DCMTK's JPEG
  // codec needs the attribute, so the in-memory copy gets 0 (the file is never changed).
  DcmDataset* ds = slot->file->getDataset();
  if (!ds->tagExists(DCM_PixelRepresentation))
    (void)ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
  // DCMTK makes a DcmPixelData only for a well-formed (7FE0,0010); a damaged VR gives plain OB/OW.
  slot->pixels = dynamic_cast<DcmPixelData*>(e);
  if (!slot->pixels)
    return makeError(ErrorCode::Malformed, "Pixel Data (7FE0,0010) has an unusable value representation", m_path);
  return slot;
}

void DcmtkSlotPool::release(std::unique_ptr<DcmtkSlot> slot) const {
  std::lock_guard lock(m_mutex);
  m_free.push_back(std::move(slot));
}

DcmtkFrameSource::DcmtkFrameSource(std::shared_ptr<const FrameLayout> layout, std::shared_ptr<DcmtkSlotPool> pool,
                                   std::vector<Uint32> startFragments, bool encapsulated,
                                   std::string transferSyntax, uint64_t nativeBytes)
    : FrameSource(std::move(layout)), m_pool(std::move(pool)), m_startFragments(std::move(startFragments)),
      m_encapsulated(encapsulated), m_transferSyntax(std::move(transferSyntax)), m_nativeBytes(nativeBytes) {}

Result<Frame> DcmtkFrameSource::decode(uint32_t frame) const {
  const FrameLayout& L = *m_layout;
  if (!m_encapsulated && (uint64_t(frame) + 1) * L.storedFrameBytes > m_nativeBytes)
    return makeError(ErrorCode::Truncated,
                     FrameLayout::frameText(frame) + ": pixel data ends after " + std::to_string(m_nativeBytes) + " bytes",
                     L.path);
  return bridge::guarded<Result<Frame>>(FrameLayout::frameText(frame) + ": cannot decode", L.path, [&] {
    const bool inOrder = m_encapsulated && m_startFragments.empty();
    if (!inOrder) return decodeUnlocked(frame);
    std::lock_guard order(m_orderMutex);  // DCMTK must walk the fragments in order
    return decodeUnlocked(frame);
  });
}

Status checkJpegFragment(DcmPixelData& pixels, const std::string& ts, unsigned long fragment, const std::string& path) {
  // The IJG-based JPEG syntaxes 1.2.840.10008.1.2.4.50 to .70 (PS3.5 A.4.1) go through
  // DJCodecDecoder; JPEG-LS, JPEG 2000 and RLE do not.
  const std::string prefix = "1.2.840.10008.1.2.4.";
  if (ts.rfind(prefix, 0) != 0) return {};
  const int n = std::atoi(ts.c_str() + prefix.size());
  if (n < 50 || n > 70) return {};
  DcmPixelSequence* seq = nullptr;
  DcmPixelItem* item = nullptr;
  if (pixels.getEncapsulatedRepresentation(DcmXfer(ts.c_str()).getXfer(), nullptr, seq).bad() || !seq ||
      seq->getItem(item, fragment).bad() || !item)
    return {};  // DCMTK reports these itself
  std::vector<Uint8> bytes(item->getLengthField());  // at most the file size (checked at open)
  if (bytes.empty() || item->getPartialValue(bytes.data(), 0, Uint32(bytes.size())).bad()) return {};
  if (dcmtkJpegScanLoopsForever(bytes.data(), bytes.size()))
    return makeError(ErrorCode::Malformed,
                     "JPEG fragment " + std::to_string(fragment) +
                         " has a TEM marker (FF01) before its frame header, which DCMTK's decoder cannot get past",
                     path);
  return {};
}

Result<Frame> DcmtkFrameSource::decodeUnlocked(uint32_t frame) const {
  const FrameLayout& L = *m_layout;
  auto slot = m_pool->acquire();
  if (!slot) return slot.error();
  DcmtkSlot& s = **slot;
  if (m_encapsulated) {
    // The frame's first fragment, when known (else DCMTK finds it walking in order; frame 0 is item 1).
    const unsigned long first = frame < m_startFragments.size() ? m_startFragments[frame] : (frame == 0 ? 1 : 0);
    if (first > 0)
      if (Status st = checkJpegFragment(*s.pixels, m_transferSyntax, first, L.path); !st) {
        m_pool->release(std::move(*slot));
        return Error{st.error().code, FrameLayout::frameText(frame) + ": " + st.error().message, L.path, {}};
      }
  }
  Uint32 size = 0;
  OFCondition c = s.pixels->getUncompressedFrameSize(s.file->getDataset(), size);
  if (c.bad()) {
    m_pool->release(std::move(*slot));
    return bridge::toError(c, FrameLayout::frameText(frame) + ": cannot determine frame size", L.path);
  }
  size_t need = std::max<size_t>(size, m_encapsulated ? L.decoded.bytesPerFrame() : L.storedFrameBytes);
  need += need & 1;  // DCMTK wants an even buffer size
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[need]);
  Uint32 start = frame < m_startFragments.size() ? m_startFragments[frame] : 0;
  OFString colorModel;
  c = s.pixels->getUncompressedFrame(s.file->getDataset(), frame, start, buffer.get(), Uint32(need), colorModel,
                                     &s.cache);
  if (m_encapsulated) {
    // Release the fragment values DCMTK loaded (they reload from disk on demand), so a full
    // load never keeps the compressed stream in memory next to the pixels.
    DcmPixelSequence* seq = nullptr;
    const E_TransferSyntax xfer = DcmXfer(m_transferSyntax.c_str()).getXfer();
    if (s.pixels->getEncapsulatedRepresentation(xfer, nullptr, seq).good() && seq) {
      for (unsigned long i = 0; i < seq->card(); ++i) {
        DcmPixelItem* item = nullptr;
        if (seq->getItem(item, i).good() && item) item->compact();
      }
    }
  }
  m_pool->release(std::move(*slot));
  if (c.bad()) return bridge::toError(c, FrameLayout::frameText(frame) + ": cannot decode pixel data", L.path);
  // Codecs emit the decoded layout, planar configuration as in the header.
  PixelDescription as = m_encapsulated ? L.decoded : L.stored;
  as.planarConfiguration = L.stored.planarConfiguration;
  return L.finish(std::move(buffer), as);
}

}  // namespace fv::dicom
