#include "RleFrameSource.h"

#include "RleCodec.h"
#include "SampleLayout.h"

namespace fv::dicom {

RleFrameSource::RleFrameSource(std::shared_ptr<const FrameLayout> layout,
                               std::shared_ptr<const FragmentFile> file,
                               std::vector<FrameFragments> frames)
    : FrameSource(std::move(layout)), m_file(std::move(file)), m_frames(std::move(frames)) {}

Status RleFrameSource::decodeInto(uint32_t frame, uint8_t* dst) const {
  const FrameLayout& L = *m_layout;
  // pread into a per-thread buffer: the compressed stream never accumulates in memory.
  thread_local std::vector<uint8_t> compressed;
  if (Status s = m_file->gather(m_frames.at(frame), compressed); !s)
    return Error{s.error().code, FrameLayout::frameText(frame) + ": " + s.error().message, L.path,
                 s.error().detail};
  PixelDescription as = L.decoded;
  as.planarConfiguration = 0;
  if (Status s = decodeRleFrame(compressed.data(), compressed.size(), as, dst); !s)
    return Error{
        s.error().code, FrameLayout::frameText(frame) + ": " + s.error().message, L.path, {}};
  L.finishInPlace(dst, as);
  return {};
}

Result<Frame> RleFrameSource::decode(uint32_t frame) const {
  const FrameLayout& L = *m_layout;
  if (frame >= m_frames.size() || m_frames[frame].empty())
    return makeError(ErrorCode::InvalidArgument, FrameLayout::frameText(frame) + ": no such frame",
                     L.path);
  // A replicate run turns 2 bytes into at most 128 (PS3.5 G.3.1): a fragment of n bytes decodes
  // to at most 64·n. Checked before allocating, so a forged Rows/Columns cannot ask for more.
  const uint64_t compressed = m_frames[frame].front().size();
  if (L.decoded.bytesPerFrame() > 64 * compressed)
    return makeError(ErrorCode::Malformed,
                     FrameLayout::frameText(frame) + ": " + std::to_string(compressed) +
                         " bytes of RLE data cannot hold a " + std::to_string(L.decoded.rows) +
                         "x" + std::to_string(L.decoded.columns) + " frame",
                     L.path);
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[L.decoded.bytesPerFrame()]);
  if (Status s = decodeInto(frame, buffer.get()); !s) return s.error();
  const void* data = buffer.get();
  return Frame(L.decoded, sampleTypeOf(L.decoded), data,
               std::shared_ptr<const void>(std::move(buffer), data));
}

}  // namespace fv::dicom
