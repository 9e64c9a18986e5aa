#include "Jpeg2000FrameSource.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "J2kCodestream.h"
#include "J2kDecoders.h"
#include "SampleLayout.h"

namespace fv::dicom {

namespace {

// OpenJPEG can spread one large frame over several threads; while other frames decode in
// parallel (a stack load), each decode gets its share of the cores instead.
std::atomic<int> g_activeDecodes{0};

int threadsForFrame(const PixelDescription& d) {
  constexpr size_t kThreadedPixels =
      512 * 512;  // below this, thread start-up costs more than it saves
  if (size_t(d.rows) * d.columns < kThreadedPixels) return 1;
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, g_activeDecodes.load()));
}

struct ActiveDecode {
  ActiveDecode() { ++g_activeDecodes; }
  ~ActiveDecode() { --g_activeDecodes; }
};

Error inFrame(uint32_t frame, const Error& e, const std::string& path) {
  return Error{e.code, FrameLayout::frameText(frame) + ": " + e.message, path, e.detail};
}

}  // namespace

Status decodeJpeg2000Frame(const uint8_t* data, size_t size, const PixelDescription& d,
                           uint8_t* dst) {
  auto header = readJ2kHeader(data, size);
  if (!header) return header.error();
  if (Status s = checkJ2kFitsFrame(*header, d); !s) return s;
  const uint8_t* codestream = data + header->codestreamOffset;
  const size_t length = size - header->codestreamOffset;
  J2kTarget target{dst, d.rows, d.columns, d.samplesPerPixel, d.bytesPerSample()};
  target.setRange(header->components[0].precision, header->components[0].isSigned);
  ActiveDecode active;
  // HTJ2K only to Grok: OpenJPEG 2.5's HT decoder (Debian's build) abort()s on damaged HT
  // code-blocks (an assert in ht_dec.c mel_init, found by fuzz-j2k). Grok would decode a
  // codestream without its EOC silently, so a truncated one is refused here.
  if (header->highThroughput) {
    if (!endsWithEoc(codestream, length))
      return makeError(ErrorCode::Truncated, "HTJ2K codestream is truncated (no EOC marker)");
    return decodeWithGrok(codestream, length, target);
  }
  return decodeWithOpenJpeg(codestream, length, target, threadsForFrame(d));
}

Jpeg2000FrameSource::Jpeg2000FrameSource(std::shared_ptr<const FrameLayout> layout,
                                         std::shared_ptr<const FragmentFile> file,
                                         std::vector<FrameFragments> frames)
    : FrameSource(std::move(layout)), m_file(std::move(file)), m_frames(std::move(frames)) {}

Status Jpeg2000FrameSource::gather(uint32_t frame, std::vector<uint8_t>& compressed) const {
  const FrameLayout& L = *m_layout;
  if (frame >= m_frames.size() || m_frames[frame].empty())
    return makeError(ErrorCode::Truncated,
                     FrameLayout::frameText(frame) + ": its pixel data fragments are missing",
                     L.path);
  if (Status s = m_file->gather(m_frames[frame], compressed); !s)
    return inFrame(frame, s.error(), L.path);
  return {};
}

Status Jpeg2000FrameSource::decodeGathered(uint32_t frame, std::vector<uint8_t>& compressed,
                                           uint8_t* dst) const {
  const FrameLayout& L = *m_layout;
  const Status decoded = decodeJpeg2000Frame(compressed.data(), compressed.size(), L.decoded, dst);
  if (compressed.capacity() > (size_t(16) << 20))
    std::vector<uint8_t>().swap(compressed);  // a rare huge frame
  if (!decoded) return inFrame(frame, decoded.error(), L.path);
  L.finishInPlace(dst, L.decoded);
  return {};
}

Status Jpeg2000FrameSource::decodeInto(uint32_t frame, uint8_t* dst) const {
  thread_local std::vector<uint8_t> compressed;  // one frame's codestream; never all of them
  if (Status s = gather(frame, compressed); !s) return s;
  return decodeGathered(frame, compressed, dst);
}

Result<Frame> Jpeg2000FrameSource::decode(uint32_t frame) const {
  const FrameLayout& L = *m_layout;
  thread_local std::vector<uint8_t> compressed;
  if (Status s = gather(frame, compressed); !s) return s.error();
  // The codestream must fit the frame before the frame's buffer is allocated: Rows/Columns are
  // only the header's claim (a forged one must not cost its size in memory).
  auto header = readJ2kHeader(compressed.data(), compressed.size());
  if (!header) return inFrame(frame, header.error(), L.path);
  if (Status s = checkJ2kFitsFrame(*header, L.decoded); !s)
    return inFrame(frame, s.error(), L.path);
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[L.decoded.bytesPerFrame()]);
  if (Status s = decodeGathered(frame, compressed, buffer.get()); !s) return s.error();
  const void* data = buffer.get();
  return Frame(L.decoded, sampleTypeOf(L.decoded), data,
               std::shared_ptr<const void>(std::move(buffer), data));
}

}  // namespace fv::dicom
