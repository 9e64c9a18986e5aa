#include "FragmentFile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace fv::dicom {

FragmentFile::~FragmentFile() {
  if (m_fd >= 0) ::close(m_fd);
}

Status FragmentFile::readAt(uint64_t offset, uint8_t* dst, size_t size) const {
  int fd = -1;
  {
    std::lock_guard lock(m_openMutex);
    if (m_fd < 0) {
      m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
      if (m_fd < 0)
        return makeError(ErrorCode::Io, "cannot open file", m_path, std::strerror(errno));
    }
    fd = m_fd;
  }
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, dst + done, size - done, off_t(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return makeError(ErrorCode::Io, "cannot read pixel data", m_path, std::strerror(errno));
    if (n == 0)
      return makeError(ErrorCode::Truncated, "pixel data fragment runs past the end of the file",
                       m_path);
    done += size_t(n);
  }
  return {};
}

Status FragmentFile::gather(const FrameFragments& fragments, std::vector<uint8_t>& out) const {
  size_t total = 0;
  for (const Fragment& f : fragments) total += f.size();
  out.resize(total);
  size_t at = 0;
  for (const Fragment& f : fragments) {
    if (f.inMemory) {
      if (!f.bytes.empty()) std::memcpy(out.data() + at, f.bytes.data(), f.bytes.size());
    } else if (Status s = readAt(f.offset, out.data() + at, f.length); !s) {
      return s;
    }
    at += f.size();
  }
  return {};
}

Status FragmentFile::head(const Fragment& fragment, size_t count, std::vector<uint8_t>& out) const {
  const size_t n = std::min(count, fragment.size());
  out.resize(n);
  if (fragment.inMemory) {
    if (n > 0) std::memcpy(out.data(), fragment.bytes.data(), n);
    return {};
  }
  return readAt(fragment.offset, out.data(), n);
}

}  // namespace fv::dicom
