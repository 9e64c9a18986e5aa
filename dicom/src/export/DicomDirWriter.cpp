#include "fv/dicom/DicomDirWriter.h"

#include <filesystem>

#include <dcmtk/dcmdata/dcddirif.h>

#include "../DcmtkBridge.h"

namespace fv::dicom {

Status writeDicomDir(const std::string& folder, const std::vector<std::string>& relativeFiles,
                     const std::string& fileSetId, const std::string& shownFolder) {
  const std::string shown = shownFolder.empty() ? folder : shownFolder;
  const std::string path = folder + "/DICOMDIR";
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    return makeError(ErrorCode::Io, "a DICOMDIR exists already", path);
  return bridge::guarded<Status>("cannot write the DICOMDIR", path, [&]() -> Status {
    DicomDirInterface dir;
    dir.disableBackupMode();
    dir.disableTransferSyntaxCheck();
    dir.disableEncodingCheck();
    dir.disableResolutionCheck();
    dir.enableInventMode();
    // Not "abort on first inconsistent file": files of one study may differ in Specific
    // Character Set (0008,0005), e.g. a GSPS in ISO_IR 192 beside an image in ISO_IR 100; the
    // record keeps the first file's values, as dcmgpdir does.
    dir.enableAbortMode(OFFalse);
    if (OFCondition c = dir.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose,
                                              OFFilename(path.c_str()), fileSetId.c_str());
        c.bad())
      return bridge::toError(c, "cannot create the DICOMDIR", shown + "/DICOMDIR");
    for (const std::string& f : relativeFiles)
      if (OFCondition c = dir.addDicomFile(OFFilename(f.c_str()), OFFilename(folder.c_str()));
          c.bad())
        return bridge::toError(c, "cannot list a file in the DICOMDIR", shown + "/" + f);
    if (OFCondition c = dir.writeDicomDir(); c.bad())
      return bridge::toError(c, "cannot write the DICOMDIR", shown + "/DICOMDIR");
    return {};
  });
}

}  // namespace fv::dicom
