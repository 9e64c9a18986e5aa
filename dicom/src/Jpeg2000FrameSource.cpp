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
  constexpr size_t kThreadedPixels = 512 * 512;  // below this, thread start-up costs more than it saves
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

Status decodeJpeg2000Frame(const uint8_t* data, size_t size, const PixelDescription& d, uint8_t* dst) {
  auto header = readJ2kHeader(data, size);
  if (!header) return header.error();
  if (Status s = checkJ2kFitsFrame(*header, d); !s) return s;
  const uint8_t* codestream = data + header->codestreamOffset;
  const size_t length = size - header->codestreamOffset;
  const J2kTarget target{dst, d.rows, d.columns, d.samplesPerPixel, d.bytesPerSample()};
  ActiveDecode active;
  if (header->highThroughput) {
    Status s = decodeWithOpenJph(codestream, length, target);
    if (s || s.error().code != ErrorCode::Unsupported) return s;
    // OpenJPH decodes pure HTJ2K only; OpenJPEG also reads mixed HT/Part 1 code blocks.
  }
  return decodeWithOpenJpeg(codestream, length, target, threadsForFrame(d));
}

Jpeg2000FrameSource::Jpeg2000FrameSource(std::shared_ptr<const FrameLayout> layout,
                                         std::shared_ptr<const FragmentFile> file, std::vector<FrameFragments> frames)
    : FrameSource(std::move(layout)), m_file(std::move(file)), m_frames(std::move(frames)) {}

Status Jpeg2000FrameSource::decodeInto(uint32_t frame, uint8_t* dst) const {
  const FrameLayout& L = *m_layout;
  if (frame >= m_frames.size() || m_frames[frame].empty())
    return makeError(ErrorCode::Truncated, FrameLayout::frameText(frame) + ": its pixel data fragments are missing",
                     L.path);
  thread_local std::vector<uint8_t> compressed;  // one frame's codestream; never all of them
  if (Status s = m_file->gather(m_frames[frame], compressed); !s) return inFrame(frame, s.error(), L.path);
  PixelDescription as = L.decoded;
  as.planarConfiguration = 0;
  const Status decoded = decodeJpeg2000Frame(compressed.data(), compressed.size(), as, dst);
  if (compressed.capacity() > (size_t(16) << 20)) std::vector<uint8_t>().swap(compressed);  // a rare huge frame
  if (!decoded) return inFrame(frame, decoded.error(), L.path);
  L.finishInPlace(dst, as);
  return {};
}

Result<Frame> Jpeg2000FrameSource::decode(uint32_t frame) const {
  const FrameLayout& L = *m_layout;
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[L.decoded.bytesPerFrame()]);
  if (Status s = decodeInto(frame, buffer.get()); !s) return s.error();
  const void* data = buffer.get();
  return Frame(L.decoded, sampleTypeOf(L.decoded), data, std::shared_ptr<const void>(std::move(buffer), data));
}

}  // namespace fv::dicom
