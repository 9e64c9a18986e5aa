// Test doubles for the viewer side of the plugin API: ViewerServices that record what plugins
// ask for, and a viewport with a fixed image → widget mapping. (The real ones are MainWindow and
// ImageViewport, exercised by the GUI tests.)
#pragma once

#include <QList>
#include <QStringList>

#include "fv/dicom/Series.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::test {

/// One message a plugin or the host showed.
struct RecordedMessage {
  QString text;
  bool error = false;
};

/// ViewerServices over a fixed index; records messages, shown series and activated tools.
class RecordingViewerServices final : public fv::plugin::ViewerServices {
 public:
  /// Services over `index` (empty by default).
  explicit RecordingViewerServices(fv::dicom::DicomIndex index = {}) : m_index(std::move(index)) {}

  fv::plugin::ViewportContext* activeViewport() override { return m_active; }
  const fv::dicom::DicomIndex& index() const override { return m_index; }
  bool showSeries(const QString& seriesInstanceUid) override;
  void activateTool(const QString& toolId) override { activatedTools << toolId; }
  void showMessage(const QString& text, bool error = false) override {
    messages.append({text, error});
  }
  fv::plugin::ViewerEvents& events() override { return m_events; }
  fv::dicom::Status sendToArchive(const std::vector<std::string>& files) override {
    archived.push_back(files);
    return {};
  }

  /// Makes `viewport` the active one and emits activeViewportChanged.
  void setActiveViewport(fv::plugin::ViewportContext* viewport);
  /// True when some message contains `part` (and is an error, if `error`).
  bool hasMessage(const QString& part, bool error = false) const;
  /// The texts of all messages, one per line (for failure output).
  QString allMessages() const;

  QList<RecordedMessage> messages;  ///< in order
  QStringList shownSeries;          ///< UIDs passed to showSeries() that were found
  QStringList activatedTools;       ///< ids passed to activateTool()
  std::vector<std::vector<std::string>> archived;  ///< files passed to sendToArchive()

 private:
  fv::dicom::DicomIndex m_index;
  fv::plugin::ViewerEvents m_events;
  fv::plugin::ViewportContext* m_active = nullptr;
};

/// A viewport showing one stack of a series; image pixel p is at widget pixel p * scale + offset.
class FakeViewport final : public fv::plugin::ViewportContext {
 public:
  /// Shows stack `stack` of `series` (may be nullptr: empty viewport).
  explicit FakeViewport(const fv::dicom::Series* series = nullptr, int stack = 0)
      : m_series(series), m_stack(stack) {}

  const fv::dicom::Series* series() const override { return m_series; }
  int stackIndex() const override { return m_stack; }
  int frameIndex() const override { return m_frame; }
  int frameCount() const override;
  fv::dicom::FrameRef frameRef() const override;
  void setFrame(int index) override { m_frame = index; }
  fv::dicom::Result<fv::dicom::Frame> currentFrame() const override;
  QPointF imageToWidget(const QPointF& image) const override { return image * scale + offset; }
  QPointF widgetToImage(const QPointF& widget) const override { return (widget - offset) / scale; }
  fv::dicom::Calibration calibration() const override { return {}; }
  fv::dicom::Window window() const override { return {}; }
  bool inverted() const override { return false; }
  void requestRepaint() override { ++repaints; }

  double scale = 0.5;
  QPointF offset{10, 20};
  int repaints = 0;  ///< requestRepaint() calls

 private:
  const fv::dicom::Series* m_series;
  int m_stack;
  int m_frame = 0;
};

}  // namespace fv::test
