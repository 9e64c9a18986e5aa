#include "fv/dicom/AtomicFile.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fv::dicom {

namespace {

std::string reason(int e) {
  if (e == ENOSPC || e == EDQUOT) return "the disk is full";
  if (e == EFBIG) return "the file is larger than the disk or quota allows";
  if (e == EROFS || e == EACCES || e == EPERM) return "the folder is read-only or not writable";
  if (e == ENOENT) return "the folder does not exist";
  if (e == EEXIST) return "the file already exists";
  return std::strerror(e);
}

Status failure(const std::string& path, const std::string& temp, int e) {
  if (!temp.empty()) ::unlink(temp.c_str());
  return makeError(ErrorCode::Io, "cannot write file: " + reason(e), path, std::strerror(e));
}

bool writeAll(int fd, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    size -= size_t(n);
  }
  return true;
}

}  // namespace

Status writeFileAtomically(const std::string& path, const void* data, size_t size, Overwrite mode) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string name = ".";
  name.append(target.filename().string()).append(".XXXXXX");
  std::string temp = (dir / name).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return failure(path, "", errno);
  if (!writeAll(fd, data, size) || ::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    return failure(path, temp, e);
  }
  if (::close(fd) != 0) return failure(path, temp, errno);
  ::chmod(temp.c_str(), 0644);
  if (mode == Overwrite::Never) {
    // link() fails with EEXIST instead of replacing: no window in which a file is clobbered.
    if (::link(temp.c_str(), path.c_str()) != 0) return failure(path, temp, errno);
    ::unlink(temp.c_str());
  } else if (::rename(temp.c_str(), path.c_str()) != 0) {
    return failure(path, temp, errno);
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);  // make the new directory entry durable too
    ::close(dfd);
  }
  return {};
}

}  // namespace fv::dicom
