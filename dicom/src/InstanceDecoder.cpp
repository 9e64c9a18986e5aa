// Validates an instance's pixel description against its data and picks how frames are made:
// native little-endian bytes from disk, our RLE decoder, or DCMTK's codecs.
#include "fv/dicom/InstanceDecoder.h"

#include <mutex>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcistrmf.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>

#include "BitPackedFrameSource.h"
#include "DcmtkBridge.h"
#include "JpegHeader.h"
#include "DcmtkFrameSource.h"
#include "EncapsulatedFrames.h"
#include "J2kCodestream.h"
#include "Jpeg2000FrameSource.h"
#include "NativeFrameSource.h"
#include "RleFrameSource.h"
#include "fv/dicom/TransferSyntax.h"

namespace fv::dicom {

void registerCodecs() {
  static std::once_flag once;
  std::call_once(once, [] {
    // JPEG YCbCr is colour-converted to RGB as DCMTK's tools do by default.
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

namespace {

constexpr size_t kMaxFrameBytes = size_t(1) << 30;  // 1 GiB per decoded frame
constexpr uint32_t kMaxFrames = 1u << 20;
constexpr double kMaxExpansion = 2000.0;  // no codec turns 1 compressed byte into more than this
constexpr const char* kRleLossless = "1.2.840.10008.1.2.5";

// Stored bytes of one native frame (4:2:2 stores two samples per pixel, PS3.3 C.7.6.3.1.2).
size_t storedFrameBytes(const PixelDescription& d) {
  const size_t pixels = size_t(d.rows) * d.columns;
  if (d.photometric == Photometric::YbrFull422 || d.photometric == Photometric::YbrPartial422)
    return pixels * 2 * d.bytesPerSample();
  return pixels * d.samplesPerPixel * d.bytesPerSample();
}

std::string dims(const PixelDescription& d) {
  return std::to_string(d.rows) + "x" + std::to_string(d.columns) + "x" + std::to_string(d.frames);
}

// Everything about the header that must hold before a single byte is allocated.
Status validate(const InstanceInfo& info) {
  const std::string& path = info.path;
  const PixelDescription& d = info.pixels;
  if (!info.hasPixelData) return makeError(ErrorCode::Malformed, "no Pixel Data (7FE0,0010)", path);
  if (isJpeg2000(info.transferSyntaxUid) && d.bitsAllocated > 16)
    return makeError(ErrorCode::Unsupported,
                     "JPEG 2000 with Bits Allocated (0028,0100) of " + std::to_string(d.bitsAllocated) +
                         " is not supported",
                     path);
  if (d.bitsAllocated != 1 && d.bitsAllocated != 8 && d.bitsAllocated != 16 &&
      d.bitsAllocated != 32)
    return makeError(ErrorCode::Unsupported,
                     "Bits Allocated (0028,0100) of " + std::to_string(d.bitsAllocated) + " is not supported", path);
  if (d.bitsStored == 0 || d.bitsStored > d.bitsAllocated || d.highBit >= d.bitsAllocated ||
      d.highBit + 1 < d.bitsStored)
    return makeError(ErrorCode::Malformed,
                     "inconsistent Bits Stored/High Bit (0028,0101)/(0028,0102): " + std::to_string(d.bitsStored) +
                         "/" + std::to_string(d.highBit) + " with Bits Allocated " + std::to_string(d.bitsAllocated),
                     path);
  if (d.samplesPerPixel != 1 && d.samplesPerPixel != 3)
    return makeError(ErrorCode::Unsupported,
                     "Samples per Pixel (0028,0002) of " + std::to_string(d.samplesPerPixel) + " is not supported", path);
  if (d.photometric == Photometric::Unknown)
    return makeError(ErrorCode::Unsupported, "unknown Photometric Interpretation (0028,0004)", path);
  if (d.frames > kMaxFrames || d.bytesPerFrame() > kMaxFrameBytes)
    return makeError(ErrorCode::TooLarge, dims(d) + " frames is larger than FluoroView accepts", path);
  if (isEncapsulated(info.transferSyntaxUid) && d.bytesPerFrame() > (size_t(64) << 20) &&
      double(d.bytesPerFrame()) * d.frames > kMaxExpansion * double(std::max<uintmax_t>(info.fileSize, 1)))
    return makeError(ErrorCode::TooLarge,
                     dims(d) + " frames cannot come from " + std::to_string(info.fileSize) + " bytes of compressed data",
                     path);
  return {};
}

std::shared_ptr<FrameLayout> makeLayout(const InstanceInfo& info) {
  auto layout = std::make_shared<FrameLayout>();
  layout->path = info.path;
  layout->stored = info.pixels;
  layout->decoded = info.pixels;
  layout->decoded.planarConfiguration = 0;
  if (info.pixels.photometric == Photometric::YbrFull422) layout->decoded.photometric = Photometric::YbrFull;
  layout->storedFrameBytes = storedFrameBytes(info.pixels);
  return layout;
}

// JPEG 2000 / HTJ2K: our frame source on OpenJPEG and Grok. The decoded colour model comes
// from the first codestream: with a multiple component transform (RCT/ICT, PS3.5 A.4.4) the
// decoders give RGB.
Result<std::unique_ptr<FrameSource>> jpeg2000Source(const InstanceInfo& info, std::shared_ptr<FrameLayout> layout,
                                                    DcmPixelSequence& seq, DcmItem& dataset) {
  auto file = std::make_shared<FragmentFile>(info.path);
  auto frames = locateFrameFragments(seq, dataset, info.pixels.frames, *file, startsJ2kCodestream);
  if (!frames) return frames.error();
  PixelDescription& d = layout->decoded;
  bool transform = d.photometric == Photometric::YbrRct || d.photometric == Photometric::YbrIct;
  std::vector<uint8_t> head;  // only colour needs the codestream's word on the colour transform
  if (d.samplesPerPixel == 3 && !transform && !frames->front().empty() &&
      file->head(frames->front().front(), 64 * 1024, head))
    if (auto h = readJ2kHeader(head.data(), head.size())) transform = h->colourTransform;
  if (d.samplesPerPixel == 3 && transform) d.photometric = Photometric::Rgb;
  return std::unique_ptr<FrameSource>(new Jpeg2000FrameSource(std::move(layout), std::move(file), std::move(*frames)));
}

// Encapsulated pixel data: frame → first fragment, and our RLE path when it applies.
Result<std::unique_ptr<FrameSource>> encapsulatedSource(const InstanceInfo& info, std::shared_ptr<FrameLayout> layout,
                                                        std::shared_ptr<DcmtkSlotPool> pool, DcmtkSlot& slot) {
  const std::string& path = info.path;
  const PixelDescription& d = info.pixels;
  DcmPixelSequence* seq = nullptr;
  // DCMTK 3.6.7 does not know the HTJ2K UIDs: it reads such a file as Explicit VR Little Endian
  // and keeps the fragments under that representation.
  E_TransferSyntax xfer = DcmXfer(info.transferSyntaxUid.c_str()).getXfer();
  if (xfer == EXS_Unknown) xfer = slot.file->getDataset()->getOriginalXfer();
  OFCondition c = slot.pixels->getEncapsulatedRepresentation(xfer, nullptr, seq);
  if (c.bad() || !seq) return makeError(ErrorCode::Malformed, "encapsulated Pixel Data has no fragments", path);
  const unsigned long fragments = seq->card() > 0 ? seq->card() - 1 : 0;  // item 0: offset table
  if (fragments == 0) return makeError(ErrorCode::Malformed, "encapsulated Pixel Data has no fragments", path);
  if (fragments < d.frames)
    return makeError(ErrorCode::Truncated,
                     "Number of Frames is " + std::to_string(d.frames) + " but the pixel data has only " +
                         std::to_string(fragments) + " fragments",
                     path);
  // Fragment values stay on disk until a codec asks for them, and then DCMTK allocates what the
  // item's length field claims: refuse claims the file cannot hold before any codec runs.
  // (A truncated file's fragments may together run past its end — frames before the cut still
  // decode — but no single fragment can be longer than the whole file.)
  for (unsigned long i = 1; i < seq->card(); ++i) {
    DcmPixelItem* item = nullptr;
    if (seq->getItem(item, i).good() && item && item->getLengthField() > info.fileSize)
      return makeError(ErrorCode::Malformed,
                       "pixel data fragment " + std::to_string(i) + " claims " + std::to_string(item->getLengthField()) +
                           " bytes but the file has " + std::to_string(info.fileSize),
                       path);
  }
  if (isJpeg2000(info.transferSyntaxUid)) return jpeg2000Source(info, std::move(layout), *seq, *slot.file->getDataset());
  // The JPEG family names its own frame size: a Rows/Columns claim beyond it is refused before a
  // frame buffer of that claimed size is allocated.
  if (DcmPixelItem* first = nullptr; seq->getItem(first, 1).good() && first) {
    // Only the fragment's start (the frame header follows SOI and a few segments): a partial read
    // never loads a fragment whose length field claims gigabytes.
    std::vector<Uint8> head(std::min<Uint32>(first->getLengthField(), 64 * 1024));
    if (!head.empty() && first->getPartialValue(head.data(), 0, Uint32(head.size())).good()) {
      const auto jpeg = jpegFrameSize(head.data(), head.size());
      if (jpeg && jpeg->rows > 0 && uint64_t(jpeg->rows) * jpeg->columns < uint64_t(d.rows) * d.columns)
        return makeError(ErrorCode::Malformed,
                         "the JPEG data holds " + std::to_string(jpeg->columns) + "x" + std::to_string(jpeg->rows) +
                             " pixels per frame but Rows/Columns (0028,0010/0011) say " + std::to_string(d.columns) +
                             "x" + std::to_string(d.rows),
                         path);
    }
  }
  // DCMTK decodes the first frame to learn the colour model: never on a fragment it hangs on.
  if (Status st = checkJpegFragment(*slot.pixels, info.transferSyntaxUid, 1, path); !st) return st.error();
  OFString model;
  if (slot.pixels->getDecompressedColorModel(slot.file->getDataset(), model).good() && !model.empty()) {
    const Photometric p = parsePhotometric(model.c_str());
    if (p != Photometric::Unknown) layout->decoded.photometric = p;
  }
  std::vector<Uint32> starts;
  if (fragments == d.frames)
    for (uint32_t f = 0; f < d.frames; ++f) starts.push_back(f + 1);
  else if (d.frames == 1)
    starts.push_back(1);

  // RLE with one fragment per frame (the standard's rule, PS3.5 A.4.2): our parallel decoder.
  if (info.transferSyntaxUid == kRleLossless && fragments == d.frames && d.bitsAllocated % 8 == 0) {
    auto file = std::make_shared<FragmentFile>(info.path);
    auto frames = locateFrameFragments(*seq, *slot.file->getDataset(), d.frames, *file, nullptr);
    if (!frames) return frames.error();
    return std::unique_ptr<FrameSource>(new RleFrameSource(std::move(layout), std::move(file), std::move(*frames)));
  }
  return std::unique_ptr<FrameSource>(
      new DcmtkFrameSource(std::move(layout), std::move(pool), std::move(starts), true, info.transferSyntaxUid, 0));
}

}  // namespace

struct InstanceDecoder::Impl {
  std::string path;
  uint32_t frames = 0;
  std::shared_ptr<const FrameLayout> layout;
  std::unique_ptr<FrameSource> source;
};

InstanceDecoder::InstanceDecoder(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
InstanceDecoder::~InstanceDecoder() = default;

uint32_t InstanceDecoder::frameCount() const { return m_impl->frames; }
const PixelDescription& InstanceDecoder::description() const { return m_impl->layout->decoded; }

Status InstanceDecoder::checkFrame(uint32_t frame) const {
  if (frame < m_impl->frames) return {};
  return makeError(ErrorCode::InvalidArgument,
                   "frame " + std::to_string(frame + 1) + " does not exist (the image has " +
                       std::to_string(m_impl->frames) + ")",
                   m_impl->path);
}

Result<Frame> InstanceDecoder::decode(uint32_t frame) const {
  if (Status s = checkFrame(frame); !s) return s.error();
  return m_impl->source->decode(frame);
}

Status InstanceDecoder::decodeInto(uint32_t frame, void* dst, size_t bytes) const {
  if (Status s = checkFrame(frame); !s) return s;
  if (bytes != m_impl->layout->decoded.bytesPerFrame())
    return makeError(ErrorCode::InvalidArgument, "destination does not fit one frame", m_impl->path);
  return m_impl->source->decodeInto(frame, static_cast<uint8_t*>(dst));
}

void InstanceDecoder::willNeed(uint32_t first, uint32_t count) const { m_impl->source->willNeed(first, count); }

Result<std::shared_ptr<InstanceDecoder>> InstanceDecoder::open(const InstanceInfo& info) {
  return bridge::guarded<Result<std::shared_ptr<InstanceDecoder>>>("cannot open pixel data", info.path,
                                                                   [&] { return openUnguarded(info); });
}

Result<std::shared_ptr<InstanceDecoder>> InstanceDecoder::openUnguarded(const InstanceInfo& info) {
  if (Status s = validate(info); !s) return s.error();
  auto impl = std::make_unique<Impl>();
  impl->path = info.path;
  impl->frames = info.pixels.frames;
  auto layout = makeLayout(info);
  impl->layout = layout;
  if (info.pixels.bitsAllocated == 1) {  // packed bits, unpacked to 0/1 bytes (PS3.5 8.1.1)
    auto bits = openBitPackedSource(info, layout);
    if (!bits) return bits.error();
    impl->source = std::move(*bits);
    return std::shared_ptr<InstanceDecoder>(new InstanceDecoder(std::move(impl)));
  }
  const size_t firstFrameBytes = layout->storedFrameBytes;
  auto tooShort = [&](uint64_t available) {
    return makeError(ErrorCode::Truncated,
                     "Pixel Data holds " + std::to_string(available) + " bytes, one frame needs " +
                         std::to_string(firstFrameBytes),
                     info.path);
  };

  // Native little-endian pixels located during indexing: no second parse of the header.
  if (info.nativePixelData) {
    auto native = std::make_unique<NativeFrameSource>(layout, info.nativePixelData->first,
                                                      info.nativePixelData->second, info.fileSize);
    if (native->available() < firstFrameBytes) return tooShort(native->available());
    impl->source = std::move(native);
    return std::shared_ptr<InstanceDecoder>(new InstanceDecoder(std::move(impl)));
  }

  registerCodecs();
  auto pool = std::make_shared<DcmtkSlotPool>(info.path);
  auto slot = pool->acquire();
  if (!slot) return slot.error();
  if (isEncapsulated(info.transferSyntaxUid)) {
    auto source = encapsulatedSource(info, layout, pool, **slot);
    if (!source) return source.error();
    impl->source = std::move(*source);
  } else {
    // Big endian, deflated, or small native data DCMTK already holds in memory.
    const uint64_t available = (*slot)->pixels->getLength();
    if (available < firstFrameBytes) return tooShort(available);
    impl->source = std::make_unique<DcmtkFrameSource>(layout, pool, std::vector<Uint32>{}, false,
                                                      info.transferSyntaxUid, available);
  }
  pool->release(std::move(*slot));
  return std::shared_ptr<InstanceDecoder>(new InstanceDecoder(std::move(impl)));
}

}  // namespace fv::dicom
