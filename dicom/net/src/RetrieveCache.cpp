#include "fv/net/RetrieveCache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include "DcmtkBridge.h"
#include "fv/dicom/AtomicFile.h"

namespace fv::net {
namespace fs = std::filesystem;
using fv::dicom::ErrorCode;
using fv::dicom::makeError;

namespace {
bool isUid(std::string_view s) {
  if (s.empty() || s.size() > 64 || s == "." || s == "..") return false;
  for (char c : s)
    if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::string hexHash(std::string_view s) {  // FNV-1a 64: a stable name, not a security hash
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

fv::dicom::Status fsyncPath(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) return makeError(ErrorCode::Io, std::string("cannot open: ") + std::strerror(errno), p);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0 && !directory)
    return makeError(ErrorCode::Io, std::string("cannot sync: ") + std::strerror(err), p);
  return {};
}
}  // namespace

std::string safeComponent(std::string_view uid) {
  if (isUid(uid)) return std::string(uid);
  std::string out = "x";  // appended, not "x" + ...: GCC 12 warns falsely (-Wrestrict) on that
  out += hexHash(uid);
  return out;
}

fs::path RetrieveCache::pathOf(std::string_view studyUid, std::string_view seriesUid,
                               std::string_view sopUid) const {
  return m_root / safeComponent(studyUid) / safeComponent(seriesUid) /
         (safeComponent(sopUid) + ".dcm");
}

fv::dicom::Result<fs::path> RetrieveCache::newTemporary() const {
  std::error_code ec;
  fs::create_directories(m_root, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create the cache folder: " + ec.message(), m_root);
  // ".<name>.fvtmp-XXXXXX": the indexer and the browser ignore such names (AtomicFile.h).
  std::string tmpl = (m_root / ".incoming.fvtmp-XXXXXX").string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    return makeError(ErrorCode::Io, std::string("cannot create a file in the cache: ") +
                                        std::strerror(errno), m_root);
  ::close(fd);
  return fs::path(tmpl);
}

fv::dicom::Result<ReceivedFile> RetrieveCache::commit(const fs::path& temporary) const {
  auto fail = [&](fv::dicom::Error e) -> fv::dicom::Result<ReceivedFile> {
    std::error_code ec;
    fs::remove(temporary, ec);
    return e;
  };
  fv::dicom::bridge::configureDcmtk();
  ReceivedFile file;
  {
    DcmFileFormat ff;
    // Only the header: values longer than 4 KiB (Pixel Data) are not loaded.
    const OFCondition c = ff.loadFile(temporary.c_str(), EXS_Unknown, EGL_noChange, 4096);
    if (c.bad()) return fail(fv::dicom::bridge::toError(c, "the received file is not DICOM", ""));
    fv::dicom::bridge::TagReader r(ff.getDataset());
    file.studyUid = r.str(DCM_StudyInstanceUID);
    file.seriesUid = r.str(DCM_SeriesInstanceUID);
    file.sopInstanceUid = r.str(DCM_SOPInstanceUID);
  }
  if (file.studyUid.empty() || file.seriesUid.empty() || file.sopInstanceUid.empty())
    return fail(makeError(ErrorCode::Malformed,
                          "the received instance has no Study, Series or SOP Instance UID"));
  if (auto s = fsyncPath(temporary, false); !s) return fail(s.error());
  file.path = pathOf(file.studyUid, file.seriesUid, file.sopInstanceUid);
  std::error_code ec;
  fs::create_directories(file.path.parent_path(), ec);
  if (ec) return fail(makeError(ErrorCode::Io, "cannot create a cache folder: " + ec.message(),
                                file.path.parent_path()));
  file.bytes = fs::file_size(temporary, ec);
  // Never replace a complete file: link() fails with EEXIST when the instance is there already.
  if (::link(temporary.c_str(), file.path.c_str()) != 0) {
    const int err = errno;
    if (err == EEXIST) {
      fs::remove(temporary, ec);
      file.bytes = fs::file_size(file.path, ec);
      return file;
    }
    // No hard links (FAT, some shares): renameat2 without replacing, just as atomic.
    if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, file.path.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno == EEXIST) {
        fs::remove(temporary, ec);
        file.bytes = fs::file_size(file.path, ec);
        return file;
      }
      return fail(makeError(ErrorCode::Io, std::string("cannot move into the cache: ") +
                                               std::strerror(errno), file.path));
    }
  } else {
    fs::remove(temporary, ec);
  }
  (void)fsyncPath(file.path.parent_path(), true);
  return file;
}

std::set<std::string> RetrieveCache::completeInstances(std::string_view studyUid) const {
  std::set<std::string> out;
  std::error_code ec;
  const fs::path study = m_root / safeComponent(studyUid);
  for (fs::recursive_directory_iterator it(study, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".dcm") continue;
    const std::string stem = it->path().stem().string();
    if (fv::dicom::isAtomicTemporaryName(it->path().filename().string())) continue;
    if (isUid(stem)) {
      out.insert(stem);
      continue;
    }
    DcmFileFormat ff;  // a hashed name: the UID is in the file
    if (ff.loadFile(it->path().c_str(), EXS_Unknown, EGL_noChange, 256).good()) {
      OFString sop;
      if (ff.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, sop).good()) out.insert(sop.c_str());
    }
  }
  return out;
}

void RetrieveCache::removeTemporaries(long olderThanSeconds) const {
  std::error_code ec;
  const time_t now = std::time(nullptr);
  for (fs::recursive_directory_iterator it(m_root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!fv::dicom::isAtomicTemporaryName(it->path().filename().string())) continue;
    struct stat st{};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::getuid())
      continue;
    if (now - st.st_mtime >= olderThanSeconds) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
  }
}

}  // namespace fv::net
