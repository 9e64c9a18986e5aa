#include "TeachingExporter.h"

#include <atomic>

#include "TeachingExportDialog.h"
#include "fv/teaching/TeachingExport.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::teaching::ui {
namespace {

using fv::dicom::ErrorCode;

/// One bundle: the request is plain data; run() adds the folder, progress and cancel.
class TeachingJob final : public fv::plugin::ExportJob {
 public:
  explicit TeachingJob(TeachingRequest request) : m_request(std::move(request)) {}
  fv::dicom::Status run(const QString& folder, fv::plugin::ExportControl& control) override {
    std::atomic<bool> cancel{control.cancelled()};
    TeachingRequest rq = m_request;
    rq.out = folder.toStdString();
    rq.cancel = &cancel;
    rq.progress = [&](size_t done, size_t total) {
      control.progress(int(done), int(total));
      if (control.cancelled()) cancel = true;
    };
    auto result = exportTeachingFile(rq);
    if (!result) return result.error();
    return {};
  }

 private:
  const TeachingRequest m_request;
};

// The files of the study shown in the active viewport: every series of it (sources, our SC,
// GSPS and KOS saved into the same study).
std::vector<std::string> studyFiles(fv::plugin::ViewerServices& viewer) {
  std::vector<std::string> files;
  fv::plugin::ViewportContext* active = viewer.activeViewport();
  const fv::dicom::Series* shown = active ? active->series() : nullptr;
  if (!shown) return files;
  for (const auto& patient : viewer.index().patients)
    for (const auto& study : patient.studies) {
      bool here = false;
      for (const auto& s : study.series) here |= &s == shown;
      if (!here) continue;
      for (const auto& s : study.series)
        for (const auto& i : s.instances) files.push_back(i.path);
    }
  return files;
}

}  // namespace

fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> TeachingExporter::prepare(
    fv::plugin::ViewerServices& viewer, QWidget* parent) {
  TeachingRequest rq;
  rq.inputs = studyFiles(viewer);
  if (rq.inputs.empty())
    return fv::dicom::makeError(
        ErrorCode::InvalidArgument,
        "show a study in the active viewport to export it as a teaching file");
  TeachingExportDialog dialog(parent, int(rq.inputs.size()));
  if (dialog.exec() != QDialog::Accepted) return std::shared_ptr<fv::plugin::ExportJob>();
  dialog.fill(rq);
  return std::shared_ptr<fv::plugin::ExportJob>(std::make_shared<TeachingJob>(std::move(rq)));
}

}  // namespace fv::teaching::ui
