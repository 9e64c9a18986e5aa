// Our Qt 6 ↔ VTK bridge: a QOpenGLWidget driving a vtkGenericOpenGLRenderWindow, the way VTK's own
// (Qt 5-only on Debian 12) QVTKOpenGLNativeWidget does. Subclasses paint overlays with QPainter.
#pragma once

#include <QOpenGLWidget>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

class QPainter;
class vtkGenericOpenGLRenderWindow;
class vtkRenderer;
class vtkObject;

namespace fv::viewer {

/// Hosts one VTK render window inside a Qt 6 widget tree.
class VtkOpenGLWidget : public QOpenGLWidget {
  Q_OBJECT
 public:
  explicit VtkOpenGLWidget(QWidget* parent = nullptr);
  ~VtkOpenGLWidget() override;

  /// Must run before QApplication exists: OpenGL 3.2 core, depth 24, stencil 8, alpha 8, no MSAA.
  static void setDefaultSurfaceFormat();

  vtkGenericOpenGLRenderWindow* renderWindow() const;
  /// The single renderer filling the widget.
  vtkRenderer* renderer() const;
  /// Schedules a VTK render + repaint (coalesced by Qt).
  void requestRender();
  /// Milliseconds the last VTK render + blit took (for the cine statistics and benchmarks).
  double lastRenderMs() const { return m_lastRenderMs; }
  /// Milliseconds of the last VTK render alone (texture upload + window/level + draw); exact
  /// (GPU work included) when FV_MEASURE_GL is set.
  double lastVtkRenderMs() const { return m_lastVtkMs; }

 signals:
  /// Emitted after each paint with the time it took (VTK render + blit + overlays), in ms.
  void painted(double milliseconds);

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  /// Draws on top of the VTK image, in widget (logical) pixels. Default: nothing.
  virtual void paintOverlay(QPainter& painter);
  /// Frees subclass GL resources while the context is still current (before VTK's Finalize).
  virtual void releaseGraphics() {}

 private:
  void onRenderWindowEvent(vtkObject* caller, unsigned long event, void* callData);
  void cleanupGL();

  vtkNew<vtkGenericOpenGLRenderWindow> m_window;
  vtkNew<vtkRenderer> m_renderer;
  QMetaObject::Connection m_contextGone;
  bool m_needsRender = true;
  bool m_inPaint = false;
  double m_lastRenderMs = 0;
  double m_lastVtkMs = 0;
  bool m_measure = false;
};

}  // namespace fv::viewer
