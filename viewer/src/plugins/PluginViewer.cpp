#include "PluginViewer.h"

#include "PluginWorker.h"

namespace fv::viewer {
namespace {

/// What an abandoned worker sees instead of the loaded index.
const fv::dicom::DicomIndex& emptyIndex() {
  static const fv::dicom::DicomIndex empty;
  return empty;
}

/// Signals that never fire, for an abandoned worker (deliberately never deleted: a late worker
/// may still hold it when the application exits).
fv::plugin::ViewerEvents& silentEvents() {
  static auto* const silent = new fv::plugin::ViewerEvents;
  return *silent;
}

}  // namespace

fv::plugin::ViewportContext* PluginViewer::activeViewport() {
  fv::plugin::ViewportContext* viewport = nullptr;
  runOnWaitingThread([&] { viewport = m_viewer.activeViewport(); });
  return viewport;
}

const fv::dicom::DicomIndex& PluginViewer::index() const {
  const fv::dicom::DicomIndex* index = nullptr;
  runOnWaitingThread([&] { index = &m_viewer.index(); });
  return index ? *index : emptyIndex();
}

bool PluginViewer::showSeries(const QString& seriesInstanceUid) {
  bool shown = false;
  runOnWaitingThread([&] { shown = m_viewer.showSeries(seriesInstanceUid); });
  return shown;
}

void PluginViewer::activateTool(const QString& toolId) {
  runOnWaitingThread([&] { m_viewer.activateTool(toolId); });
}

void PluginViewer::showMessage(const QString& text, bool error) {
  runOnWaitingThread([&] { m_viewer.showMessage(text, error); });
}

fv::plugin::ViewerEvents& PluginViewer::events() {
  fv::plugin::ViewerEvents* events = nullptr;
  runOnWaitingThread([&] { events = &m_viewer.events(); });
  return events ? *events : silentEvents();
}

fv::dicom::Status PluginViewer::sendToArchive(const std::vector<std::string>& files) {
  fv::dicom::Status status = fv::dicom::makeError(fv::dicom::ErrorCode::Cancelled,
                                                  "the viewer gave up on this plugin call");
  runOnWaitingThread([&] { status = m_viewer.sendToArchive(files); });
  return status;
}

}  // namespace fv::viewer
