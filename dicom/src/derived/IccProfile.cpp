#include "derived/IccProfile.h"

#include <mutex>

#include <lcms2.h>

namespace fv::dicom::derived {

Result<std::vector<uint8_t>> srgbProfile() {
  static std::once_flag once;
  static std::vector<uint8_t> bytes;
  std::call_once(once, [] {
    cmsHPROFILE profile = cmsCreate_sRGBProfile();
    if (!profile) return;
    cmsUInt32Number size = 0;
    if (cmsSaveProfileToMem(profile, nullptr, &size) && size > 0) {
      std::vector<uint8_t> buffer(size);
      if (cmsSaveProfileToMem(profile, buffer.data(), &size)) {
        buffer.resize(size);
        bytes = std::move(buffer);
      }
    }
    cmsCloseProfile(profile);
  });
  if (bytes.empty())
    return makeError(ErrorCode::Internal, "Little CMS could not make the sRGB ICC profile");
  return bytes;
}

}  // namespace fv::dicom::derived
