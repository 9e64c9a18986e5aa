// What plugins may see and do of the running viewer, without touching its widgets.
#pragma once

#include <QObject>
#include <QPointF>
#include <QString>

#include <string>
#include <vector>

#include "fv/dicom/Calibration.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Frame.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::plugin {

/// One viewport as a tool or panel sees it.
class ViewportContext {
 public:
  virtual ~ViewportContext() = default;
  /// The series shown (nullptr when empty) and the stack within it.
  virtual const fv::dicom::Series* series() const = 0;
  virtual int stackIndex() const = 0;
  /// Current frame, 0-based in stack order, and the number of frames.
  virtual int frameIndex() const = 0;
  virtual int frameCount() const = 0;
  /// The instance/frame the current frame is (for references to the exact source frame).
  virtual fv::dicom::FrameRef frameRef() const = 0;
  /// Shows frame `index` (0-based).
  virtual void setFrame(int index) = 0;
  /// The decoded current frame (raw stored values), or an error.
  virtual fv::dicom::Result<fv::dicom::Frame> currentFrame() const = 0;
  /// Image pixel (column, row; centres at integers) ↔ widget pixel, with zoom/pan/flip/rotation.
  virtual QPointF imageToWidget(const QPointF& image) const = 0;
  virtual QPointF widgetToImage(const QPointF& widget) const = 0;
  /// Calibration in effect for the series (a user calibration overrides the header's).
  virtual fv::dicom::Calibration calibration() const = 0;
  /// Window in effect (modality units) and whether the image is shown inverted.
  virtual fv::dicom::Window window() const = 0;
  virtual bool inverted() const = 0;
  /// Asks for a repaint of overlays (tools call this after changing what they draw).
  virtual void requestRepaint() = 0;
};

/// Signals plugins can connect to (the host emits them on the GUI thread).
class ViewerEvents : public QObject {
  Q_OBJECT
 signals:
  /// The user made another viewport active (nullptr: none).
  void activeViewportChanged(fv::plugin::ViewportContext* viewport);
  /// A viewport shows another frame.
  void frameChanged(fv::plugin::ViewportContext* viewport, int frame);
  /// A new index was loaded (File → Open, command line).
  void indexChanged();
};

/// The host, as plugins see it. Called from a handler's or exporter's worker thread, each call
/// is carried out on the GUI thread (and does nothing once the host gave up on the worker).
/// ViewportContext and ViewerEvents objects belong to the GUI thread.
class ViewerServices {
 public:
  virtual ~ViewerServices() = default;
  /// The active viewport, or nullptr.
  virtual ViewportContext* activeViewport() = 0;
  /// Everything loaded.
  virtual const fv::dicom::DicomIndex& index() const = 0;
  /// Shows `series` (by UID) in the active viewport; false when unknown.
  virtual bool showSeries(const QString& seriesInstanceUid) = 0;
  /// Activates a contributed tool by id ("" = navigation).
  virtual void activateTool(const QString& toolId) = 0;
  /// A status-bar message; `error` ones are also logged to the problems list.
  virtual void showMessage(const QString& text, bool error = false) = 0;
  /// Signals.
  virtual ViewerEvents& events() = 0;
  /// Queues DICOM files the plugin wrote for the archive (the PACS node marked "Archive" in
  /// Edit > PACS nodes) through the persistent outbox; the outcome shows in the status bar and
  /// the Outbox panel. An error (nothing queued) when no archive is set or a file is unreadable.
  /// (API 1.2)
  virtual fv::dicom::Status sendToArchive(const std::vector<std::string>& files) = 0;
};

}  // namespace fv::plugin
