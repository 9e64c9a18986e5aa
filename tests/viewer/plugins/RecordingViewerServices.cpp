#include "RecordingViewerServices.h"

namespace fv::test {

bool RecordingViewerServices::showSeries(const QString& seriesInstanceUid) {
  if (!m_index.findSeries(seriesInstanceUid.toStdString())) return false;
  shownSeries << seriesInstanceUid;
  return true;
}

void RecordingViewerServices::setActiveViewport(fv::plugin::ViewportContext* viewport) {
  m_active = viewport;
  emit m_events.activeViewportChanged(viewport);
}

bool RecordingViewerServices::hasMessage(const QString& part, bool error) const {
  for (const RecordedMessage& m : messages)
    if (m.text.contains(part) && (!error || m.error)) return true;
  return false;
}

QString RecordingViewerServices::allMessages() const {
  QStringList lines;
  for (const RecordedMessage& m : messages) lines << (m.error ? "[error] " : "") + m.text;
  return lines.join(u'\n');
}

int FakeViewport::frameCount() const {
  if (!m_series || m_stack < 0 || size_t(m_stack) >= m_series->stacks.size()) return 0;
  return int(m_series->stacks[size_t(m_stack)].size());
}

fv::dicom::FrameRef FakeViewport::frameRef() const {
  if (m_frame < 0 || m_frame >= frameCount()) return {};
  return m_series->stacks[size_t(m_stack)].frames[size_t(m_frame)];
}

fv::dicom::Result<fv::dicom::Frame> FakeViewport::currentFrame() const {
  return fv::dicom::makeError(fv::dicom::ErrorCode::Unsupported,
                              "the fake viewport decodes nothing");
}

}  // namespace fv::test
