// writeMeasurementReport / readMeasurementReport: through libfv_dicom_sr.so (SrApi.h), loaded
// once from beside libfv_dicom.so, else from <prefix>/lib/fluoroview.
#include <dlfcn.h>

#include <filesystem>
#include <mutex>

#include "derived/SrApi.h"

namespace fv::dicom {

namespace {

Result<const SrApi*> module() {
  static std::once_flag once;
  static Result<const SrApi*> loaded = makeError(ErrorCode::Internal, "not loaded");
  std::call_once(once, [] {
    namespace fs = std::filesystem;
    std::vector<std::string> candidates;
    Dl_info self{};
    if (::dladdr(reinterpret_cast<void*>(&module), &self) && self.dli_fname)
      candidates.push_back((fs::path(self.dli_fname).parent_path() / "libfv_dicom_sr.so").string());
    candidates.push_back(FV_DICOM_SR_INSTALLED);
    std::string reasons;
    for (const std::string& path : candidates) {
      std::error_code ec;
      if (!fs::exists(path, ec)) continue;
      void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        const char* e = ::dlerror();
        reasons += path + ": " + (e ? e : "cannot load") + "; ";
        continue;
      }
      using Entry = const SrApi* (*)();
      auto entry = reinterpret_cast<Entry>(::dlsym(handle, "fv_dicom_sr_api"));
      const SrApi* api = entry ? entry() : nullptr;
      if (!api || api->abi != SrApi::kAbi) {
        reasons += path + ": not the SR module of this build; ";
        continue;
      }
      loaded = api;  // the handle stays open for the life of the process
      return;
    }
    loaded = makeError(ErrorCode::Unsupported,
                       "structured reports need libfv_dicom_sr.so (DCMTK dcmsr), which is not "
                       "installed" +
                           (reasons.empty() ? std::string() : ": " + reasons),
                       FV_DICOM_SR_INSTALLED);
  });
  return loaded;
}

}  // namespace

Result<WrittenObject> writeMeasurementReport(const MeasurementReportRequest& request) {
  auto api = module();
  if (!api) return api.error();
  return (*api)->write(request);
}

Result<MeasurementReportInfo> readMeasurementReport(const std::string& path) {
  auto api = module();
  if (!api) return api.error();
  return (*api)->read(path);
}

}  // namespace fv::dicom
