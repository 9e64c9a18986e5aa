#include "fv/teaching/Media.h"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>

namespace fv::teaching {

using fv::dicom::ErrorCode;
using fv::dicom::makeError;

fv::dicom::Result<const MediaApi*> media() {
  static std::once_flag once;
  static fv::dicom::Result<const MediaApi*> loaded =
      makeError(ErrorCode::Internal, "the media module was not loaded");
  std::call_once(once, [] {
    std::string reasons;
    for (const char* path : {FV_TEACHING_MEDIA_BUILD, FV_TEACHING_MEDIA_INSTALLED}) {
      std::error_code ec;
      if (!std::filesystem::exists(path, ec)) continue;
      void* handle = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        const char* e = ::dlerror();
        reasons += std::string(path) + ": " + (e ? e : "cannot load") + "; ";
        continue;
      }
      using Entry = const MediaApi* (*)();
      auto entry = reinterpret_cast<Entry>(::dlsym(handle, "fv_teaching_media_api"));
      const MediaApi* api = entry ? entry() : nullptr;
      if (!api || api->abi != MediaApi::kAbi) {
        reasons += std::string(path) + ": not the media module of this build; ";
        continue;
      }
      loaded = api;  // the handle stays open for the life of the process
      return;
    }
    loaded = makeError(ErrorCode::Unsupported,
                       "videos and OCR need libfv_teaching_media.so (FFmpeg, Tesseract), which "
                       "is not installed" +
                           (reasons.empty() ? std::string() : ": " + reasons),
                       FV_TEACHING_MEDIA_INSTALLED);
  });
  return loaded;
}

}  // namespace fv::teaching
