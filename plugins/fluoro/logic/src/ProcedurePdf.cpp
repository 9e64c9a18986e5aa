#include "fv/fluoro/ProcedurePdf.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "PdfApi.h"
#include "fv/dicom/PersonName.h"
#include "fv/dicom/Positioner.h"

namespace fv::fluoro {
namespace {

std::string number(const std::optional<double>& v, const char* fmt, const char* unit) {
  if (!v) return "not recorded";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, *v);
  return std::string(buf) + unit;
}

std::string fileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

fv::dicom::Result<std::string> procedurePdf(const ConfirmationRequest& request,
                                            const ConfirmationResult& result) {
  auto module = detail::pdfModule();
  if (!module) return module.error();
  const auto& first = request.frames.front().source;
  detail::PdfDocument doc;
  doc.title = "Needle position confirmation";
  auto field = [&](std::string key, std::string value) {
    doc.fields.emplace_back(std::move(key), std::move(value));
  };
  field("Patient", fv::dicom::formatPersonName(first.patient.name) + "   ID " + first.patient.id);
  field("Birth date / sex", first.patient.birthDate + "  " + first.patient.sex);
  field("Study", first.study.date + " " + first.study.time + "  " + first.study.description);
  field("Accession number", first.study.accessionNumber);
  field("Source series", first.series.modality + "  " + first.series.description);
  field("Operator", request.operatorName.empty()
                        ? std::string("not recorded")
                        : fv::dicom::formatPersonName(request.operatorName));
  field("Saved", result.savedAt);
  if (result.generation > 1)
    field("Amendment", "version " + std::to_string(result.generation) +
                           " (supersedes the earlier report of these frames)");
  field("Fluoroscopy time", number(first.exposure.fluoroscopyTimeS, "%.1f", " s"));
  field("kVp", number(first.exposure.kvp, "%.0f", " kV"));
  field("Tube current", number(first.exposure.tubeCurrentMa, "%.1f", " mA"));
  field("Dose-area product", number(first.exposure.doseAreaProduct, "%.3f", " dGy\u00B7cm\u00B2"));
  for (size_t i = 0; i < request.frames.size() && i < result.frames.size(); ++i) {
    const ConfirmedFrame& f = request.frames[i];
    const ConfirmedOutput& o = result.frames[i];
    detail::PdfSection section;
    section.title = "Frame " + std::to_string(o.frame + 1) + " of " +
                    std::to_string(std::max<uint32_t>(1, f.source.pixels.frames));
    if (o.timeS) section.title += "  (t = " + number(o.timeS, "%.2f", " s") + ")";
    section.figure = o.figure;
    section.lines = o.measurements.describe();
    const auto cal = f.effectiveCalibration();
    std::string calibration = "Calibration: ";
    calibration +=
        fv::dicom::toString(cal.calibrated() ? cal.source : fv::dicom::CalibrationSource::None);
    if (cal.calibrated())
      calibration +=
          " (" + number(cal.rowMm, "%.4f", "") + " x " + number(cal.columnMm, "%.4f", " mm/pixel)");
    section.lines.push_back(calibration);
    if (f.source.positioner)
      section.lines.push_back("C-arm: " + fv::dicom::positionerText(*f.source.positioner));
    if (!f.markedAt.empty()) section.lines.push_back("Marked " + f.markedAt);
    section.lines.push_back("Images: " + fileName(o.secondaryCapture.path) + ", " +
                            fileName(o.presentationState.path));
    doc.sections.push_back(std::move(section));
  }
  doc.footer = "Measurements are also in the DICOM SR " + fileName(result.measurementReport.path) +
               "; coordinates are image pixels.";
  return (*module)->render(doc);
}

namespace detail {

fv::dicom::Result<const PdfApi*> pdfModule() {
  static std::once_flag once;
  static fv::dicom::Result<const PdfApi*> loaded =
      fv::dicom::makeError(fv::dicom::ErrorCode::Internal, "not loaded");
  std::call_once(once, [] {
    std::string reasons;
    for (const char* path : {FV_FLUORO_PDF_BUILD, FV_FLUORO_PDF_INSTALLED}) {
      std::error_code ec;
      if (!std::filesystem::exists(path, ec)) continue;
      void* handle = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        const char* e = ::dlerror();
        reasons += std::string(path) + ": " + (e ? e : "cannot load") + "; ";
        continue;
      }
      using Entry = const PdfApi* (*)();
      auto entry = reinterpret_cast<Entry>(::dlsym(handle, "fv_fluoro_pdf_api"));
      const PdfApi* api = entry ? entry() : nullptr;
      if (!api || api->abi != PdfApi::kAbi) {
        reasons += std::string(path) + ": not the PDF module of this build; ";
        continue;
      }
      loaded = api;  // the handle stays open for the life of the process
      return;
    }
    loaded = fv::dicom::makeError(
        fv::dicom::ErrorCode::Unsupported,
        "the PDF report needs libfv_fluoro_pdf.so (Cairo), which is not installed" +
            (reasons.empty() ? std::string() : ": " + reasons),
        FV_FLUORO_PDF_INSTALLED);
  });
  return loaded;
}

}  // namespace detail

}  // namespace fv::fluoro
