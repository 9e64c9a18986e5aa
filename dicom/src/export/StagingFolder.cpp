#include "fv/dicom/StagingFolder.h"

#include "fv/dicom/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fv::dicom {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".fvstage-";

Error ioError(const std::string& what, const std::string& path, int e) {
  return makeError(ErrorCode::Io, what + ": " + std::strerror(e), path);
}

Status syncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return ioError("cannot open to sync", path, errno);
  const int rc = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  if (rc != 0 && e != EINVAL) return ioError("cannot sync", path, e);
  return {};
}

}  // namespace

bool isStagingFolderName(const std::string& name) {
  const size_t at = name.rfind(kMarker);
  return !name.empty() && name[0] == '.' && at != std::string::npos &&
         name.size() == at + std::strlen(kMarker) + 6;
}

Result<std::unique_ptr<StagingFolder>> StagingFolder::create(const std::string& target) {
  if (target.empty()) return makeError(ErrorCode::InvalidArgument, "no output folder given");
  fs::path t = fs::path(target).lexically_normal();
  if (t.filename().empty()) t = t.parent_path();
  std::error_code ec;
  if (fs::exists(t, ec)) {
    if (!fs::is_directory(t, ec))
      return makeError(ErrorCode::Io, "the output exists and is not a folder", t.string());
    if (!fs::is_empty(t, ec))
      return makeError(ErrorCode::Io,
                       "the output folder exists and is not empty (an export makes a new folder)",
                       t.string());
  }
  const fs::path parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    return makeError(ErrorCode::Io, "the folder the output goes into does not exist",
                     parent.string());
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on the operator+ chain.
  std::string name = ".";
  name.append(t.filename().string()).append(kMarker).append("XXXXXX");
  const std::string pattern = (parent / name).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) return ioError("cannot create the export folder", t.string(), errno);
  return std::unique_ptr<StagingFolder>(new StagingFolder(buf.data(), t.string()));
}

StagingFolder::~StagingFolder() {
  if (m_published) return;
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

Status StagingFolder::makeParents(const std::string& relative) {
  const fs::path dir = (fs::path(m_path) / relative).parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return makeError(ErrorCode::Io, "cannot create folder: " + ec.message(), finalPath(relative));
  return {};
}

Status StagingFolder::writeFile(const std::string& relative, const void* data, size_t size) {
  if (m_published)
    return makeError(ErrorCode::InvalidArgument, "the export is already published", m_target);
  if (Status s = makeParents(relative); !s) return s;
  const std::string path = m_path + "/" + relative;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ioError("cannot write file", finalPath(relative), errno);
  const bool ok = writeAll(fd, data, size);
  const int e = errno;
  if (::close(fd) != 0 || !ok) {
    ::unlink(path.c_str());
    return ioError("cannot write file", finalPath(relative), ok ? errno : e);
  }
  return {};
}

Status StagingFolder::publish() {
  if (m_published) return {};
  std::error_code ec;
  // Files first, then their folders deepest first, then the staging folder itself.
  std::vector<std::string> folders{m_path};
  for (auto it = fs::recursive_directory_iterator(m_path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_directory(ec)) {
      folders.push_back(it->path().string());
    } else if (Status s = syncPath(it->path().string(), false); !s) {
      return s;
    }
  }
  if (ec) return makeError(ErrorCode::Io, "cannot list the export: " + ec.message(), m_path);
  for (auto f = folders.rbegin(); f != folders.rend(); ++f)
    if (Status s = syncPath(*f, true); !s) return s;
  // An empty target folder (checked at create) is replaced; a non-empty one makes rename fail.
  if (::rename(m_path.c_str(), m_target.c_str()) != 0)
    return ioError("cannot move the finished export into place", m_target, errno);
  m_published = true;
  const fs::path parent =
      fs::path(m_target).has_parent_path() ? fs::path(m_target).parent_path() : fs::path(".");
  return syncPath(parent.string(), true);
}

}  // namespace fv::dicom
