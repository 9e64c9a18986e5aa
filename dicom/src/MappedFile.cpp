#include "MappedFile.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fv::dicom {

Result<std::shared_ptr<MappedFile>> MappedFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return makeError(ErrorCode::Io, "cannot open file", path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return makeError(ErrorCode::Io, "cannot stat file", path, std::strerror(e));
  }
  const size_t size = size_t(st.st_size);
  void* p = nullptr;
  if (size > 0) {
    p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int e = errno;
      ::close(fd);
      return makeError(ErrorCode::Io, "cannot map file", path, std::strerror(e));
    }
  }
  ::close(fd);  // the mapping keeps the file alive
  return std::shared_ptr<MappedFile>(new MappedFile(static_cast<const uint8_t*>(p), size));
}

MappedFile::~MappedFile() {
  if (m_data) ::munmap(const_cast<uint8_t*>(m_data), m_size);
}

void MappedFile::prefault(size_t offset, size_t length) const {
  if (!m_data || offset >= m_size) return;
  const size_t page = size_t(::sysconf(_SC_PAGESIZE));
  const size_t begin = offset / page * page;
  const size_t end = std::min(m_size, offset + length);
#ifdef MADV_POPULATE_READ
  if (::madvise(const_cast<uint8_t*>(m_data) + begin, end - begin, MADV_POPULATE_READ) == 0) return;
#endif
  ::madvise(const_cast<uint8_t*>(m_data) + begin, end - begin, MADV_WILLNEED);
}

}  // namespace fv::dicom
