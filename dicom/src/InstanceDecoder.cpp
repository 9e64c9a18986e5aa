// Frame decoding: native little-endian pixels straight from a memory map (no copy when the
// samples are clean); everything else through DCMTK's frame-wise getUncompressedFrame().
#include "fv/dicom/InstanceDecoder.h"

#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcistrmf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "MappedFile.h"
#include "SampleLayout.h"
#include "fv/dicom/TransferSyntax.h"

namespace fv::dicom {

void registerCodecs() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Colour-convert JPEG YCbCr to RGB as DCMTK's tools do by default (EDC_photometricInterpretation).
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

namespace {

constexpr size_t kMaxFrameBytes = size_t(1) << 30;  // 1 GiB per decoded frame
constexpr uint32_t kMaxFrames = 1u << 20;

std::string frameText(uint32_t frame) { return "frame " + std::to_string(frame + 1); }

// One DCMTK view of the file per concurrent decode (DCMTK objects are not thread-safe).
struct DcmtkSlot {
  std::unique_ptr<DcmFileFormat> file;
  DcmPixelData* pixels = nullptr;
  DcmFileCache cache;
};

// Stored bytes of one native frame (4:2:2 stores two samples per pixel, PS3.3 C.7.6.3.1.2).
size_t storedFrameBytes(const PixelDescription& d) {
  const size_t pixels = size_t(d.rows) * d.columns;
  if (d.photometric == Photometric::YbrFull422 || d.photometric == Photometric::YbrPartial422)
    return pixels * 2 * d.bytesPerSample();
  return pixels * d.samplesPerPixel * d.bytesPerSample();
}

}  // namespace

struct InstanceDecoder::Impl {
  std::string path;
  std::string transferSyntax;
  PixelDescription stored;   // as in the header
  PixelDescription decoded;  // what decode() returns
  bool mapped = false;
  std::shared_ptr<MappedFile> map;
  size_t pixelOffset = 0;
  size_t pixelAvailable = 0;  // bytes of pixel data actually present in the file
  size_t frameStride = 0;     // stored bytes per native frame
  bool encapsulated = false;
  bool parallelFragments = true;  // frame → fragment is known without decoding in order
  std::vector<Uint32> startFragment;  // per frame, for encapsulated data (0 = let DCMTK find it)

  mutable std::mutex poolMutex;
  mutable std::vector<std::unique_ptr<DcmtkSlot>> pool;
  mutable std::mutex orderMutex;  // serialises decodes when fragments must be walked in order

  Result<std::unique_ptr<DcmtkSlot>> acquire() const;
  void release(std::unique_ptr<DcmtkSlot> slot) const;
  Result<Frame> fromMap(uint32_t frame) const;
  Result<Frame> fromDcmtk(uint32_t frame) const;
  Result<Frame> finish(std::shared_ptr<uint8_t[]> buffer, const PixelDescription& layout,
                       uint32_t frame) const;
};

Result<std::unique_ptr<DcmtkSlot>> InstanceDecoder::Impl::acquire() const {
  {
    std::lock_guard lock(poolMutex);
    if (!pool.empty()) {
      auto s = std::move(pool.back());
      pool.pop_back();
      return s;
    }
  }
  auto file = loadDataset(path);
  if (!file) return file.error();
  auto slot = std::make_unique<DcmtkSlot>();
  slot->file = std::move(*file);
  DcmElement* e = nullptr;
  if (slot->file->getDataset()->findAndGetElement(DCM_PixelData, e).bad() || !e)
    return makeError(ErrorCode::Malformed, "Pixel Data (7FE0,0010) is missing", path);
  slot->pixels = static_cast<DcmPixelData*>(e);
  return slot;
}

void InstanceDecoder::Impl::release(std::unique_ptr<DcmtkSlot> slot) const {
  std::lock_guard lock(poolMutex);
  pool.push_back(std::move(slot));
}

Result<Frame> InstanceDecoder::Impl::finish(std::shared_ptr<uint8_t[]> buffer,
                                           const PixelDescription& layout, uint32_t frame) const {
  PixelDescription out = decoded;
  const size_t pixels = size_t(layout.rows) * layout.columns;
  const size_t bps = layout.bytesPerSample();
  if (layout.samplesPerPixel > 1 && layout.planarConfiguration == 1) {
    std::shared_ptr<uint8_t[]> inter(new uint8_t[pixels * layout.samplesPerPixel * bps]);
    interleavePlanes(buffer.get(), inter.get(), pixels, layout.samplesPerPixel, bps);
    buffer = std::move(inter);
  }
  if ((layout.photometric == Photometric::YbrFull422 || layout.photometric == Photometric::YbrPartial422) &&
      bps == 1 && !encapsulated) {
    std::shared_ptr<uint8_t[]> full(new uint8_t[pixels * 3]);
    expandYbr422(buffer.get(), full.get(), layout.rows, layout.columns);
    buffer = std::move(full);
  }
  const size_t count = out.samplesPerFrame();
  if (!samplesAreClean(buffer.get(), count, layout)) cleanSamples(buffer.get(), count, layout);
  (void)frame;
  const void* data = buffer.get();
  return Frame(out, sampleTypeOf(out), data, std::shared_ptr<const void>(std::move(buffer), data));
}

Result<Frame> InstanceDecoder::Impl::fromMap(uint32_t frame) const {
  const size_t begin = size_t(frame) * frameStride;
  if (begin + frameStride > pixelAvailable) {
    return makeError(ErrorCode::Truncated,
                     frameText(frame) + ": pixel data ends after " + std::to_string(pixelAvailable) +
                         " bytes, " + std::to_string(begin + frameStride) + " needed",
                     path);
  }
  const uint8_t* p = map->data() + pixelOffset + begin;
  const bool simpleLayout = stored.planarConfiguration == 0 &&
                            stored.photometric != Photometric::YbrFull422 &&
                            stored.photometric != Photometric::YbrPartial422;
  // Zero-copy when the samples can be used as they are (the common case): the frame is a view
  // into the mapping, kept alive by it. Alignment: native 16-bit data starts at an even offset.
  if (simpleLayout && (reinterpret_cast<uintptr_t>(p) % stored.bytesPerSample()) == 0 &&
      samplesAreClean(p, decoded.samplesPerFrame(), stored)) {
    return Frame(decoded, sampleTypeOf(decoded), p, map);
  }
  std::shared_ptr<uint8_t[]> copy(new uint8_t[frameStride]);
  std::memcpy(copy.get(), p, frameStride);
  return finish(std::move(copy), stored, frame);
}

Result<Frame> InstanceDecoder::Impl::fromDcmtk(uint32_t frame) const {
  if (!encapsulated && (size_t(frame) + 1) * frameStride > pixelAvailable)
    return makeError(ErrorCode::Truncated,
                     frameText(frame) + ": pixel data ends after " + std::to_string(pixelAvailable) + " bytes",
                     path);
  std::unique_lock<std::mutex> order(orderMutex, std::defer_lock);
  if (!parallelFragments) order.lock();
  auto slot = acquire();
  if (!slot) return slot.error();
  DcmtkSlot& s = **slot;
  // Uncompressed size as DCMTK computes it (even, at least one frame of the stored layout).
  Uint32 size = 0;
  OFCondition c = s.pixels->getUncompressedFrameSize(s.file->getDataset(), size);
  if (c.bad()) {
    release(std::move(*slot));
    return bridge::toError(c, frameText(frame) + ": cannot determine frame size", path);
  }
  const size_t need = std::max<size_t>(size, encapsulated ? decoded.bytesPerFrame() : frameStride);
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[need + (need & 1)]);
  Uint32 start = frame < startFragment.size() ? startFragment[frame] : 0;
  OFString colorModel;
  c = s.pixels->getUncompressedFrame(s.file->getDataset(), frame, start, buffer.get(),
                                     Uint32(need + (need & 1)), colorModel, &s.cache);
  if (encapsulated) {
    // Release fragment values DCMTK loaded for this frame (they reload from disk on demand),
    // so a full load never keeps the compressed stream in memory next to the pixels.
    DcmPixelSequence* seq = nullptr;
    E_TransferSyntax xfer = DcmXfer(transferSyntax.c_str()).getXfer();
    if (s.pixels->getEncapsulatedRepresentation(xfer, nullptr, seq).good() && seq) {
      for (unsigned long i = 0; i < seq->card(); ++i) {
        DcmPixelItem* item = nullptr;
        if (seq->getItem(item, i).good() && item) item->compact();
      }
    }
  }
  release(std::move(*slot));
  if (c.bad()) return bridge::toError(c, frameText(frame) + ": cannot decode pixel data", path);
  PixelDescription layout = stored;
  if (encapsulated) layout = decoded;  // codecs emit the decoded layout (planar as in the header)
  layout.planarConfiguration = stored.planarConfiguration;  // DCMTK codecs honour the header's
  return finish(std::move(buffer), layout, frame);
}

InstanceDecoder::InstanceDecoder(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
InstanceDecoder::~InstanceDecoder() = default;

uint32_t InstanceDecoder::frameCount() const { return m_impl->stored.frames; }
const PixelDescription& InstanceDecoder::description() const { return m_impl->decoded; }

Result<Frame> InstanceDecoder::decode(uint32_t frame) const {
  if (frame >= m_impl->stored.frames)
    return makeError(ErrorCode::InvalidArgument,
                     "frame " + std::to_string(frame + 1) + " does not exist (the image has " +
                         std::to_string(m_impl->stored.frames) + ")",
                     m_impl->path);
  if (m_impl->mapped) return m_impl->fromMap(frame);
  return bridge::guarded<Result<Frame>>(frameText(frame) + ": cannot decode", m_impl->path,
                                        [&] { return m_impl->fromDcmtk(frame); });
}

void InstanceDecoder::willNeed(uint32_t first, uint32_t count) const {
  if (!m_impl->mapped || count == 0) return;
  m_impl->map->prefault(m_impl->pixelOffset + size_t(first) * m_impl->frameStride,
                        size_t(count) * m_impl->frameStride);
}

Result<std::shared_ptr<InstanceDecoder>> InstanceDecoder::open(const InstanceInfo& info) {
  return bridge::guarded<Result<std::shared_ptr<InstanceDecoder>>>("cannot open pixel data", info.path,
                                                                   [&] { return openUnguarded(info); });
}

Result<std::shared_ptr<InstanceDecoder>> InstanceDecoder::openUnguarded(const InstanceInfo& info) {
  registerCodecs();
  const std::string& path = info.path;
  const PixelDescription& d = info.pixels;
  if (!info.hasPixelData) return makeError(ErrorCode::Malformed, "no Pixel Data (7FE0,0010)", path);
  if (isJpeg2000(info.transferSyntaxUid))
    return makeError(ErrorCode::Unsupported,
                     "JPEG 2000 is not supported (" + transferSyntaxName(info.transferSyntaxUid) + ")", path);
  if (d.bitsAllocated != 8 && d.bitsAllocated != 16 && d.bitsAllocated != 32)
    return makeError(ErrorCode::Unsupported,
                     "Bits Allocated (0028,0100) of " + std::to_string(d.bitsAllocated) + " is not supported", path);
  if (d.bitsStored == 0 || d.bitsStored > d.bitsAllocated || d.highBit >= d.bitsAllocated ||
      d.highBit + 1 < d.bitsStored)
    return makeError(ErrorCode::Malformed,
                     "inconsistent Bits Stored/High Bit (0028,0101)/(0028,0102): " + std::to_string(d.bitsStored) +
                         "/" + std::to_string(d.highBit) + " with Bits Allocated " + std::to_string(d.bitsAllocated),
                     path);
  if (d.samplesPerPixel != 1 && d.samplesPerPixel != 3)
    return makeError(ErrorCode::Unsupported, "Samples per Pixel (0028,0002) of " + std::to_string(d.samplesPerPixel) + " is not supported", path);
  if (d.photometric == Photometric::Unknown)
    return makeError(ErrorCode::Unsupported, "unknown Photometric Interpretation (0028,0004)", path);
  if (d.frames > kMaxFrames || d.bytesPerFrame() > kMaxFrameBytes)
    return makeError(ErrorCode::TooLarge,
                     std::to_string(d.rows) + "x" + std::to_string(d.columns) + "x" + std::to_string(d.frames) +
                         " frames is larger than FluoroView accepts",
                     path);

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->transferSyntax = info.transferSyntaxUid;
  impl->stored = d;
  impl->decoded = d;
  impl->decoded.planarConfiguration = 0;
  impl->frameStride = storedFrameBytes(d);
  if (d.photometric == Photometric::YbrFull422 || d.photometric == Photometric::YbrPartial422)
    impl->decoded.photometric = d.photometric == Photometric::YbrFull422 ? Photometric::YbrFull : d.photometric;

  auto slot = impl->acquire();
  if (!slot) return slot.error();
  DcmtkSlot& s = **slot;
  impl->encapsulated = isEncapsulated(info.transferSyntaxUid);
  const size_t needed = size_t(d.frames) * impl->frameStride;
  if (impl->encapsulated) {
    DcmPixelSequence* seq = nullptr;
    const E_TransferSyntax xfer = DcmXfer(info.transferSyntaxUid.c_str()).getXfer();
    OFCondition c = s.pixels->getEncapsulatedRepresentation(xfer, nullptr, seq);
    if (c.bad() || !seq)
      return bridge::toError(c.bad() ? c : EC_CorruptedData, "encapsulated Pixel Data has no fragments", path);
    const unsigned long fragments = seq->card() > 0 ? seq->card() - 1 : 0;  // item 0: offset table
    if (fragments == 0) return makeError(ErrorCode::Malformed, "encapsulated Pixel Data has no fragments", path);
    // A compressed file cannot expand without bound: refuse headers that claim far more pixels
    // than any codec could produce from the bytes present (before allocating anything).
    constexpr double kMaxExpansion = 2000.0;
    if (d.bytesPerFrame() > (size_t(64) << 20) &&
        double(d.bytesPerFrame()) * d.frames > kMaxExpansion * double(std::max<uintmax_t>(info.fileSize, 1)))
      return makeError(ErrorCode::TooLarge,
                       std::to_string(d.rows) + "x" + std::to_string(d.columns) + "x" + std::to_string(d.frames) +
                           " frames cannot come from " + std::to_string(info.fileSize) + " bytes of compressed data",
                       path);
    if (fragments < d.frames)
      return makeError(ErrorCode::Truncated,
                       "Number of Frames is " + std::to_string(d.frames) + " but the pixel data has only " +
                           std::to_string(fragments) + " fragments",
                       path);
    if (fragments == d.frames) {
      for (uint32_t f = 0; f < d.frames; ++f) impl->startFragment.push_back(f + 1);
    } else if (d.frames > 1) {
      // Several fragments per frame: decode in order so DCMTK can follow the fragments.
      impl->parallelFragments = false;
    }
    OFString model;
    if (s.pixels->getDecompressedColorModel(s.file->getDataset(), model).good() && !model.empty()) {
      impl->decoded.photometric = parsePhotometric(model.c_str());
      if (impl->decoded.photometric == Photometric::Unknown) impl->decoded.photometric = d.photometric;
    }
  } else {
    const auto* factory = s.pixels->getInputStream();
    const DcmXfer xfer(info.transferSyntaxUid.c_str());
    const bool littleEndian = xfer.getByteOrder() == EBO_LittleEndian && xfer.getStreamCompression() == ESC_none;
    if (factory && factory->ident() == DFT_DcmInputFileStreamFactory && littleEndian) {
      auto map = MappedFile::open(path);
      if (!map) return map.error();
      const auto* fileFactory = static_cast<const DcmInputFileStreamFactory*>(factory);
      impl->pixelOffset = size_t(fileFactory->getOffset());
      const size_t declared = s.pixels->getLengthField();
      const size_t inFile = impl->pixelOffset <= (*map)->size() ? (*map)->size() - impl->pixelOffset : 0;
      impl->pixelAvailable = std::min(declared, inFile);
      impl->map = std::move(*map);
      impl->mapped = true;
    } else {
      impl->pixelAvailable = s.pixels->getLength();
    }
    // Never trust Rows×Columns×Frames beyond what the file holds (checked before any allocation):
    // frames past the end fail individually with a clear message.
    if (impl->pixelAvailable < impl->frameStride && needed > 0)
      return makeError(ErrorCode::Truncated,
                       "Pixel Data holds " + std::to_string(impl->pixelAvailable) + " bytes, one frame needs " +
                           std::to_string(impl->frameStride),
                       path);
  }
  impl->release(std::move(*slot));
  return std::shared_ptr<InstanceDecoder>(new InstanceDecoder(std::move(impl)));
}

}  // namespace fv::dicom
