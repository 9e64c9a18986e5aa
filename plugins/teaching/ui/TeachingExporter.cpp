#include "TeachingExporter.h"

#include <algorithm>
#include <atomic>

#include "TeachingExportDialog.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/InstanceDecoder.h"
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

// The study shown in the active viewport, or nullptr.
const fv::dicom::Study* shownStudy(fv::plugin::ViewerServices& viewer) {
  fv::plugin::ViewportContext* active = viewer.activeViewport();
  const fv::dicom::Series* shown = active ? active->series() : nullptr;
  if (!shown) return nullptr;
  for (const auto& patient : viewer.index().patients)
    for (const auto& study : patient.studies)
      for (const auto& s : study.series)
        if (&s == shown) return &study;
  return nullptr;
}

// The first frame of each image series of `study`, rendered as the viewer shows it.
std::vector<PreviewFrame> previewsOf(const fv::dicom::Study& study) {
  std::vector<PreviewFrame> out;
  for (const auto& s : study.series) {
    const auto first =
        std::find_if(s.instances.begin(), s.instances.end(),
                     [](const fv::dicom::InstanceInfo& i) { return i.hasPixelData; });
    if (first == s.instances.end()) continue;
    auto decoder = fv::dicom::InstanceDecoder::open(*first);
    if (!decoder) continue;
    auto frame = (*decoder)->decode(0);
    if (!frame) continue;
    auto image = fv::dicom::renderFrame(*first, *frame, 0, {});
    if (!image) continue;
    const QImage::Format format =
        image->channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
    const QImage view(image->pixels.data(), int(image->columns), int(image->rows),
                      int(image->columns) * image->channels, format);
    out.push_back({QStringLiteral("%1 %2x%3")
                       .arg(QString::fromStdString(s.key.modality))
                       .arg(image->columns)
                       .arg(image->rows),
                   view.copy()});
  }
  return out;
}

}  // namespace

fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> TeachingExporter::prepare(
    fv::plugin::ViewerServices& viewer, QWidget* parent) {
  TeachingRequest rq;
  const fv::dicom::Study* study = shownStudy(viewer);
  if (study)
    for (const auto& s : study->series)
      for (const auto& i : s.instances) rq.inputs.push_back(i.path);
  // The cine in the active viewport is encoded at the window it is displayed with.
  if (fv::plugin::ViewportContext* active = viewer.activeViewport(); active && active->series())
    rq.displayedWindows[active->series()->key.instanceUid] = active->window();
  if (rq.inputs.empty())
    return fv::dicom::makeError(
        ErrorCode::InvalidArgument,
        "show a study in the active viewport to export it as a teaching file");
  TeachingExportDialog dialog(parent, int(rq.inputs.size()), previewsOf(*study));
  if (dialog.exec() != QDialog::Accepted) return std::shared_ptr<fv::plugin::ExportJob>();
  dialog.fill(rq);
  return std::shared_ptr<fv::plugin::ExportJob>(std::make_shared<TeachingJob>(std::move(rq)));
}

}  // namespace fv::teaching::ui
