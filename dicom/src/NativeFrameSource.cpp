#include "NativeFrameSource.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "SampleLayout.h"

namespace fv::dicom {

NativeFrameSource::NativeFrameSource(std::shared_ptr<const FrameLayout> layout, uint64_t offset,
                                     uint64_t declaredLength, uint64_t fileSize)
    : FrameSource(std::move(layout)), m_offset(offset),
      m_available(offset <= fileSize ? std::min(declaredLength, fileSize - offset) : 0) {}

Result<std::shared_ptr<MappedFile>> NativeFrameSource::mapping() const {
  std::lock_guard lock(m_mapMutex);
  if (!m_map) {
    auto m = MappedFile::open(m_layout->path);
    if (!m) return m.error();
    m_map = *m;
  }
  return m_map;
}

Status NativeFrameSource::checkPresent(uint32_t frame) const {
  const uint64_t end = (uint64_t(frame) + 1) * m_layout->storedFrameBytes;
  if (end <= m_available) return {};
  return makeError(ErrorCode::Truncated,
                   FrameLayout::frameText(frame) + ": pixel data ends after " + std::to_string(m_available) +
                       " bytes, " + std::to_string(end) + " needed",
                   m_layout->path);
}

Result<Frame> NativeFrameSource::decode(uint32_t frame) const {
  if (Status s = checkPresent(frame); !s) return s.error();
  auto map = mapping();
  if (!map) return map.error();
  const FrameLayout& L = *m_layout;
  const uint8_t* p = (*map)->data() + m_offset + uint64_t(frame) * L.storedFrameBytes;
  // Zero copy when the samples can be used as they are (the common case): the frame is a view
  // into the mapping, which the frame keeps alive.
  if (L.simpleLayout() && reinterpret_cast<uintptr_t>(p) % L.stored.bytesPerSample() == 0 &&
      samplesAreClean(p, L.decoded.samplesPerFrame(), L.stored))
    return Frame(L.decoded, sampleTypeOf(L.decoded), p, *map);
  std::shared_ptr<uint8_t[]> copy(new uint8_t[L.storedFrameBytes]);
  std::memcpy(copy.get(), p, L.storedFrameBytes);
  return L.finish(std::move(copy), L.stored);
}

Status NativeFrameSource::decodeInto(uint32_t frame, uint8_t* dst) const {
  const FrameLayout& L = *m_layout;
  if (!L.simpleLayout()) return FrameSource::decodeInto(frame, dst);
  if (Status s = checkPresent(frame); !s) return s;
  // One copy, kernel to final buffer: cheaper than mapping small files one by one.
  const int fd = ::open(L.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return makeError(ErrorCode::Io, "cannot open file", L.path, std::strerror(errno));
  size_t done = 0;
  const uint64_t start = m_offset + uint64_t(frame) * L.storedFrameBytes;
  while (done < L.storedFrameBytes) {
    const ssize_t n = ::pread(fd, dst + done, L.storedFrameBytes - done, off_t(start + done));
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      return makeError(ErrorCode::Io, FrameLayout::frameText(frame) + ": read failed", L.path,
                       n == 0 ? "unexpected end of file" : std::strerror(e));
    }
    done += size_t(n);
  }
  ::close(fd);
  L.finishInPlace(dst, L.stored);
  return {};
}

void NativeFrameSource::willNeed(uint32_t first, uint32_t count) const {
  auto map = mapping();
  if (map) (*map)->prefault(m_offset + uint64_t(first) * m_layout->storedFrameBytes, uint64_t(count) * m_layout->storedFrameBytes);
}

}  // namespace fv::dicom
