// The ViewerServices a plugin is given: safe to call from the host's worker threads.
#pragma once

#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::viewer {

/// Forwards every call to the viewer. On a worker thread of the host (a series handler's
/// examine(), an exporter's exportTo()) each call is carried out on the thread waiting for the
/// worker (the GUI thread), so plugins never touch widgets from another thread; once the worker
/// was abandoned (it hung), calls do nothing and answer nullptr, false or an empty index.
class PluginViewer final : public fv::plugin::ViewerServices {
 public:
  /// Forwards to `viewer`, which must outlive every call not made from an abandoned worker.
  explicit PluginViewer(fv::plugin::ViewerServices& viewer) : m_viewer(viewer) {}

  fv::plugin::ViewportContext* activeViewport() override;
  const fv::dicom::DicomIndex& index() const override;
  bool showSeries(const QString& seriesInstanceUid) override;
  void activateTool(const QString& toolId) override;
  void showMessage(const QString& text, bool error = false) override;
  fv::plugin::ViewerEvents& events() override;
  fv::dicom::Status sendToArchive(const std::vector<std::string>& files) override;

 private:
  fv::plugin::ViewerServices& m_viewer;
};

}  // namespace fv::viewer
