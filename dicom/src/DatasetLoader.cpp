#include "DatasetLoader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <sys/stat.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include "DcmtkBridge.h"
#include "MappedFile.h"
#include "StructureGuard.h"

#include <dcmtk/dcmdata/dcistrmb.h>
#include <fcntl.h>
#include <unistd.h>
#include <optional>
#include <vector>

namespace fv::dicom {

static Result<std::unique_ptr<DcmFileFormat>> loadDatasetUnguarded(const std::string& path,
                                                                   std::string* truncation,
                                                                   Uint32 lazyValueBytes);

namespace {

// The DICM preamble, or without one a plausible first tag, in the first bytes of a file.
Status sniffBytes(const uint8_t* b, size_t size, const std::string& path) {
  if (size >= 132 && std::memcmp(b + 128, "DICM", 4) == 0) return {};
  if (size < 8) return makeError(ErrorCode::NotDicom, "file too small to be DICOM", path);
  // Without a preamble, a DICOM stream starts with a tag of group 0002 (meta) or a low
  // even group (0008 usually); check both byte orders (PS3.10 7.1, legacy ACR-NEMA streams).
  const unsigned le = unsigned(b[0]) | unsigned(b[1]) << 8;
  const unsigned be = unsigned(b[1]) | unsigned(b[0]) << 8;
  auto plausible = [](unsigned g) {
    return g == 0x0002 || (g >= 0x0008 && g <= 0x0028 && g % 2 == 0);
  };
  if (plausible(le) || plausible(be)) return {};
  return makeError(ErrorCode::NotDicom, "no DICOM preamble and no plausible first tag", path);
}

}  // namespace

Status sniffDicom(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return makeError(ErrorCode::NotFound, "cannot open file", path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return makeError(ErrorCode::NotDicom, "not a regular file", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::Io, "cannot open file", path, std::strerror(errno));
  unsigned char b[132] = {};
  in.read(reinterpret_cast<char*>(b), sizeof b);
  return sniffBytes(b, size_t(in.gcount()), path);
}

std::string transferSyntaxOf(DcmFileFormat& file) {
  OFString ts;
  if (file.getMetaInfo() &&
      file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, ts).good() && !ts.empty())
    return ts.c_str();
  const DcmXfer x(file.getDataset()->getOriginalXfer());
  return x.getXferID() ? x.getXferID() : "";
}

Result<std::unique_ptr<DcmFileFormat>> loadDataset(const std::string& path, std::string* truncation,
                                                   Uint32 lazyValueBytes) {
  return bridge::guarded<Result<std::unique_ptr<DcmFileFormat>>>("cannot parse DICOM", path, [&] {
    return loadDatasetUnguarded(path, truncation, lazyValueBytes);
  });
}

namespace {

// The whole file mapped (no copy, no zero-filled buffer), or nullptr (then the caller goes
// through the file itself): small enough, a regular file, not empty.
std::shared_ptr<MappedFile> mapWhole(const std::string& path, Uint32 limit) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
      uint64_t(st.st_size) > limit)
    return nullptr;
  auto mapped = MappedFile::open(path);
  return mapped ? *mapped : nullptr;
}

// What loadFile reports, judged the same way for both ways of reading.
Result<std::unique_ptr<DcmFileFormat>> judged(std::unique_ptr<DcmFileFormat> file,
                                              const OFCondition& c, const std::string& path,
                                              std::string* truncation) {
  DcmDataset* ds = file->getDataset();
  if (c.bad()) {
    // Cut off inside Pixel Data: everything before it was read, so keep the header and let the
    // decoder fail only the frames that are missing.
    const bool cutInPixels = bridge::classify(c) == ErrorCode::Truncated || c == EC_InvalidStream ||
                             c == EC_StreamNotifyClient;
    if (!(cutInPixels && ds && ds->tagExists(DCM_PixelData) && ds->tagExists(DCM_SOPInstanceUID)))
      return bridge::toError(c == EC_StreamNotifyClient ? EC_EndOfStream : c, "cannot parse DICOM",
                             path);
    if (truncation)
      *truncation = "file ends inside Pixel Data (7FE0,0010); missing frames cannot be shown";
  }
  if (!ds || ds->card() == 0) return makeError(ErrorCode::NotDicom, "no DICOM data elements", path);
  return file;
}

}  // namespace

static Result<std::unique_ptr<DcmFileFormat>> loadDatasetUnguarded(const std::string& path,
                                                                   std::string* truncation,
                                                                   Uint32 lazyValueBytes) {
  bridge::configureDcmtk();
  // A caller that wants every value of a file no larger than that (de-identification, small
  // files) gets the file mapped and parsed from memory: DCMTK's file stream reads 4 KiB at a time
  // with a seek each (about 100 system calls for a 128 KiB MR slice), the guard as many again.
  if (lazyValueBytes > kLazyValueBytes)
    if (auto bytes = mapWhole(path, lazyValueBytes)) {
      if (Status s = sniffBytes(bytes->data(), bytes->size(), path); !s) return s.error();
      if (Status s = checkStructure(path, bytes->data(), bytes->size()); !s) return s.error();
      auto file = std::make_unique<DcmFileFormat>();
      DcmInputBufferStream stream;
      stream.setBuffer(bytes->data(), offile_off_t(bytes->size()));
      stream.setEos();
      file->setReadMode(ERM_autoDetect);
      file->transferInit();
      const OFCondition c = file->read(stream, EXS_Unknown, EGL_noChange, lazyValueBytes);
      file->transferEnd();
      return judged(std::move(file), c, path, truncation);
    }
  if (Status s = sniffDicom(path); !s) return s.error();
  if (Status s = checkStructure(path); !s) return s.error();
  auto file = std::make_unique<DcmFileFormat>();
  const OFCondition c =
      file->loadFile(path.c_str(), EXS_Unknown, EGL_noChange, lazyValueBytes, ERM_autoDetect);
  return judged(std::move(file), c, path, truncation);
}

}  // namespace fv::dicom
