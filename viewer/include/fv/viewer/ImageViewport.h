// A 2-D viewport: one stack of a series (cine run, slices, or an MPR reslice) rendered by VTK
// with window/level on the GPU, overlays (text, scale bar, shutters, tools) drawn by QPainter.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <QImage>
#include <QPoint>

#include "fv/dicom/Display.h"
#include "fv/dicom/FrameProvider.h"
#include "fv/dicom/Series.h"
#include "fv/viewer/VtkOpenGLWidget.h"
#include "fv/viewer/ViewGeometry.h"
#include "fv/viewer/plugin/Contributions.h"
#include "fv/viewer/plugin/ViewerServices.h"

class vtkImageData;
class vtkProp3D;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkLookupTable;

namespace fv::dicom::vtkio {
class FrameImageSource;
}

namespace fv::viewer {

class GpuImageLayer;

/// What the viewport shows: a stack of a series (frames on demand) or a single image made
/// elsewhere (an MPR reslice).
class ImageViewport : public VtkOpenGLWidget, public fv::plugin::ViewportContext {
  Q_OBJECT
 public:
  explicit ImageViewport(QWidget* parent = nullptr);
  ~ImageViewport() override;

  /// Shows stack `stack` of `series` (which must stay alive while shown), starting at frame 0,
  /// fitted, with the file's window. `provider` may be shared with other viewports.
  void setStack(const fv::dicom::Series* series, int stack,
                std::shared_ptr<fv::dicom::FrameProvider> provider = {});
  /// Shows a computed image (e.g. an MPR plane) with a geometry label; replaces the stack.
  void setComputedImage(const fv::dicom::Frame& frame, const fv::dicom::InstanceInfo& info, double rowMm,
                        double columnMm, const QString& label);
  /// Shows nothing.
  void clear();
  bool isEmpty() const { return m_series == nullptr && !m_computed; }
  /// The frame provider (for cine decode-ahead), or nullptr.
  std::shared_ptr<fv::dicom::FrameProvider> provider() const { return m_provider; }

  // ViewportContext (what tools and plugins see)
  const fv::dicom::Series* series() const override { return m_series; }
  int stackIndex() const override { return m_stack; }
  int frameIndex() const override { return m_frame; }
  int frameCount() const override;
  fv::dicom::FrameRef frameRef() const override;
  void setFrame(int index) override;
  fv::dicom::Result<fv::dicom::Frame> currentFrame() const override;
  QPointF imageToWidget(const QPointF& image) const override { return m_geometry.toWidget(image); }
  QPointF widgetToImage(const QPointF& widget) const override { return m_geometry.toImage(widget); }
  fv::dicom::Calibration calibration() const override;
  fv::dicom::Window window() const override { return m_window; }
  bool inverted() const override { return m_invert; }
  void requestRepaint() override { repaintView(); }

  /// Window in modality units (after rescale).
  void setWindow(const fv::dicom::Window& window);
  /// The file's window presets plus modality presets.
  std::vector<std::pair<QString, fv::dicom::Window>> windowPresets() const;
  void setInverted(bool inverted);
  /// A user calibration that overrides the header's for this series (null: header).
  void setUserCalibration(std::optional<fv::dicom::Calibration> calibration);

  ViewGeometry& viewGeometry() { return m_geometry; }
  const ViewGeometry& viewGeometry() const { return m_geometry; }
  /// Applies a changed view geometry (zoom/pan/rotate/flip) to the rendering.
  void applyGeometry();
  void fitToWindow();
  void actualSize();

  /// Corner text with or without patient identification (for screenshots and teaching).
  void setShowPatientDetails(bool show);
  void setShowOverlays(bool show);
  /// A text for the bottom-left corner (e.g. "cine 29.8 fps"), set by the cine controller.
  void setStatusText(const QString& text);
  /// Tool receiving mouse/key events first (nullptr: navigation only).
  void setActiveTool(std::shared_ptr<fv::plugin::ViewportTool> tool);
  /// Tools asked to paint on every frame (all contributed tools).
  void setPaintingTools(std::vector<std::shared_ptr<fv::plugin::ViewportTool>> tools);
  /// Marks this viewport as the active one (highlight border).
  void setActive(bool active);
  bool isActive() const { return m_active; }

 signals:
  /// The shown frame changed (0-based).
  void frameChanged(int frame);
  /// Window/level, zoom or similar display state changed.
  void displayChanged();
  /// The user clicked into the viewport.
  void activatedByUser(ImageViewport* viewport);
  /// A series was dropped here (from the study browser).
  void seriesDropped(const QString& seriesInstanceUid);
  /// A click at image position (column, row) with the crosshair modifier (MPR linking).
  void crosshairRequested(QPointF imagePos);
  /// The wheel over a computed image (MPR plane): move the plane by `steps` slices.
  void scrollRequested(int steps);

 protected:
  void paintOverlay(QPainter& painter) override;
  void releaseGraphics() override;
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;
  void mouseDoubleClickEvent(QMouseEvent* e) override;
  void wheelEvent(QWheelEvent* e) override;
  void keyPressEvent(QKeyEvent* e) override;
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  const fv::dicom::InstanceInfo* currentInstance() const;
  void showFrameData();
  void applyWindowToProperty();
  void updateCamera();
  vtkProp3D* activeProp() const;
  fv::plugin::ToolEvent toolEvent(const QPointF& pos, Qt::MouseButton button, Qt::MouseButtons buttons,
                                  Qt::KeyboardModifiers mods) const;

  const fv::dicom::Series* m_series = nullptr;
  int m_stack = 0;
  int m_frame = 0;
  std::shared_ptr<fv::dicom::FrameProvider> m_provider;
  bool m_cpuColour = false;  // YBR / palette frames are converted on the CPU
  std::optional<fv::dicom::Frame> m_computed;
  std::optional<fv::dicom::InstanceInfo> m_computedInfo;
  QString m_computedLabel;

  vtkSmartPointer<fv::dicom::vtkio::FrameImageSource> m_source;
  vtkSmartPointer<vtkImageSliceMapper> m_mapper;
  vtkSmartPointer<vtkImageSlice> m_slice;
  vtkSmartPointer<vtkLookupTable> m_invertLut;
  std::unique_ptr<GpuImageLayer> m_gpu;  // grey-scale frames: window/level in a shader
  bool m_useGpu = false;

  ViewGeometry m_geometry;
  fv::dicom::Window m_window;
  bool m_invert = false;
  bool m_fitted = true;  // refit on resize until the user zooms or pans
  std::optional<fv::dicom::Calibration> m_userCalibration;
  bool m_showPatient = true;
  bool m_showOverlays = true;
  bool m_active = false;
  QString m_status;

  std::shared_ptr<fv::plugin::ViewportTool> m_tool;
  std::vector<std::shared_ptr<fv::plugin::ViewportTool>> m_paintingTools;

  enum class Drag { None, WindowLevel, Zoom, Pan, Tool };
  Drag m_drag = Drag::None;
  QPointF m_lastPos;
  // Burned-in 60xx overlays of the current frame, as an image ready to draw.
  QImage m_overlayImage;
  int m_overlayFrame = -1;
};

}  // namespace fv::viewer
