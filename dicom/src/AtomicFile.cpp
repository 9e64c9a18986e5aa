#include "fv/dicom/AtomicFile.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fv::dicom {

namespace {

constexpr std::string_view kTempMarker = ".fvtmp-";

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

// Removes leftovers of killed writers: see kStaleTemporarySeconds in AtomicFile.h.
void removeStaleTemporaries(const std::string& dir) {
  static std::mutex mutex;
  static std::map<std::string, std::time_t> lastScan;
  const std::time_t now = std::time(nullptr);
  {
    std::lock_guard lock(mutex);
    auto [it, fresh] = lastScan.try_emplace(dir, now);
    if (!fresh && now - it->second < kStaleTemporarySeconds) return;
    it->second = now;
  }
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  const int dfd = ::dirfd(d);
  while (const dirent* e = ::readdir(d)) {
    if (!isAtomicTemporaryName(e->d_name)) continue;
    struct stat st {};
    if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (now - st.st_mtime < kStaleTemporarySeconds) continue;
    ::unlinkat(dfd, e->d_name, 0);
  }
  ::closedir(d);
}

// Adds `temp` under the new name `path` unless that exists. link() is atomic and never replaces;
// FAT/exFAT (USB sticks) and some shares have no hard links (EPERM, EOPNOTSUPP): then
// renameat2(RENAME_NOREPLACE), just as atomic. Returns 0 or the errno of the failure.
int addWithoutReplacing(const std::string& temp, const std::string& path) {
  if (::link(temp.c_str(), path.c_str()) == 0) {
    ::unlink(temp.c_str());
    return 0;
  }
  const int e = errno;
  if (e != EPERM && e != EOPNOTSUPP && e != ENOSYS) return e;
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return 0;
  return errno == EINVAL || errno == ENOSYS ? e : errno;  // neither works here: link()'s reason
}

}  // namespace

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


bool isAtomicTemporaryName(std::string_view n) {
  const size_t tail = kTempMarker.size() + 6;  // ".fvtmp-" + mkstemp's six characters
  if (n.size() < 2 + tail || n.front() != '.') return false;
  if (n.substr(n.size() - tail, kTempMarker.size()) != kTempMarker) return false;
  for (const char c : n.substr(n.size() - 6))
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

Status writeFileAtomically(const std::string& path, const void* data, size_t size, Overwrite mode) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string name = ".";
  name.append(target.filename().string()).append(kTempMarker).append("XXXXXX");
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
    // Fails with EEXIST instead of replacing: no window in which a file is clobbered.
    if (const int e = addWithoutReplacing(temp, path); e != 0) return failure(path, temp, e);
  } else if (::rename(temp.c_str(), path.c_str()) != 0) {
    return failure(path, temp, errno);
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);  // make the new directory entry durable too
    ::close(dfd);
  }
  removeStaleTemporaries(dir.string());
  return {};
}

}  // namespace fv::dicom
