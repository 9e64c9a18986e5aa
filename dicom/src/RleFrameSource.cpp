#include "RleFrameSource.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "RleCodec.h"
#include "SampleLayout.h"

namespace fv::dicom {

RleFrameSource::RleFrameSource(std::shared_ptr<const FrameLayout> layout, std::vector<RleFragment> fragments)
    : FrameSource(std::move(layout)), m_fragments(std::move(fragments)) {}

Status RleFrameSource::decodeInto(uint32_t frame, uint8_t* dst) const {
  const FrameLayout& L = *m_layout;
  const RleFragment& f = m_fragments.at(frame);
  const uint8_t* data = f.bytes.data();
  size_t size = f.bytes.size();
  thread_local std::vector<uint8_t> compressed;
  if (f.bytes.empty()) {
    // pread into a per-thread buffer: the compressed stream never accumulates in memory.
    compressed.resize(f.length);
    if (Status s = readAt(f.offset, compressed.data(), f.length); !s)
      return Error{s.error().code, FrameLayout::frameText(frame) + ": " + s.error().message, L.path, s.error().detail};
    data = compressed.data();
    size = f.length;
  }
  PixelDescription as = L.decoded;
  as.planarConfiguration = 0;
  if (Status s = decodeRleFrame(data, size, as, dst); !s)
    return Error{s.error().code, FrameLayout::frameText(frame) + ": " + s.error().message, L.path, {}};
  L.finishInPlace(dst, as);
  return {};
}

Status RleFrameSource::readAt(uint64_t offset, uint8_t* dst, size_t size) const {
  std::lock_guard lock(m_fdMutex);
  if (m_fd < 0) {
    m_fd = ::open(m_layout->path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) return makeError(ErrorCode::Io, "cannot open file", m_layout->path, std::strerror(errno));
  }
  const int fd = m_fd;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, dst + done, size - done, off_t(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return makeError(ErrorCode::Truncated, "RLE fragment runs past the end of the file", m_layout->path);
    done += size_t(n);
  }
  return {};
}

RleFrameSource::~RleFrameSource() {
  if (m_fd >= 0) ::close(m_fd);
}

Result<Frame> RleFrameSource::decode(uint32_t frame) const {
  const FrameLayout& L = *m_layout;
  if (frame >= m_fragments.size())
    return makeError(ErrorCode::InvalidArgument, FrameLayout::frameText(frame) + ": no such frame", L.path);
  // A replicate run turns 2 bytes into at most 128 (PS3.5 G.3.1): a fragment of n bytes decodes
  // to at most 64·n. Checked before allocating, so a forged Rows/Columns cannot ask for more.
  const RleFragment& f = m_fragments[frame];
  const uint64_t compressed = f.bytes.empty() ? f.length : f.bytes.size();
  if (L.decoded.bytesPerFrame() > 64 * compressed)
    return makeError(ErrorCode::Malformed,
                     FrameLayout::frameText(frame) + ": " + std::to_string(compressed) + " bytes of RLE data cannot hold a " +
                         std::to_string(L.decoded.rows) + "x" + std::to_string(L.decoded.columns) + " frame",
                     L.path);
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[L.decoded.bytesPerFrame()]);
  if (Status s = decodeInto(frame, buffer.get()); !s) return s.error();
  const void* data = buffer.get();
  return Frame(L.decoded, sampleTypeOf(L.decoded), data, std::shared_ptr<const void>(std::move(buffer), data));
}

}  // namespace fv::dicom
