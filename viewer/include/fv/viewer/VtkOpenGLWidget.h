// Our Qt 6 ↔ VTK bridge: a widget hosting a native child QOpenGLWindow that drives a
// vtkGenericOpenGLRenderWindow, the way VTK's own (Qt 5-only on Debian 12) QVTKOpenGLNativeWidget
// drives its QOpenGLWidget. A native child window is presented on its own: an update costs the
// VTK render and one swap of this viewport, never a re-composition of the whole main window
// (which is what every QOpenGLWidget update costs, 15–20 ms on a software rasteriser).
// Subclasses paint overlays with QPainter and handle input as a normal QWidget: the GL window is
// transparent for input, so mouse, wheel, keyboard and drops reach this widget directly.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QWidget>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

class QOpenGLContext;
class QPainter;
class vtkGenericOpenGLRenderWindow;
class vtkRenderer;
class vtkObject;

namespace fv::viewer {

class VtkGLWindow;

/// Hosts one VTK render window inside a Qt 6 widget tree.
class VtkOpenGLWidget : public QWidget {
  Q_OBJECT
 public:
  explicit VtkOpenGLWidget(QWidget* parent = nullptr);
  ~VtkOpenGLWidget() override;

  /// Must run before QApplication exists: OpenGL 3.2 core, depth 24, stencil 8, alpha 8, no MSAA.
  static void setDefaultSurfaceFormat();

  vtkGenericOpenGLRenderWindow* renderWindow() const;
  /// The single renderer filling the widget.
  vtkRenderer* renderer() const;
  /// Schedules a VTK render + repaint (coalesced to the next frame).
  void requestRender();
  /// Schedules a repaint of the overlays over the last VTK image (coalesced).
  void repaintView();
  /// Renders now (VTK image + overlays) and returns what the viewport shows; null before the GL
  /// window was first exposed.
  QImage grabFramebuffer();
  /// Milliseconds from the start of the last paint until it was on screen (VTK render, blit,
  /// overlays, present) — for the cine statistics and benchmarks.
  double lastRenderMs() const { return m_lastRenderMs; }
  /// Milliseconds of the last VTK render alone (texture upload + window/level + draw); exact
  /// (GPU work included) when FV_MEASURE_GL is set.
  double lastVtkRenderMs() const { return m_lastVtkMs; }

 signals:
  /// Emitted when a paint is on screen, with lastRenderMs().
  void painted(double milliseconds);

 protected:
  /// The GL context exists (the GL window was exposed at least once).
  bool isValid() const;
  /// Makes the GL context current outside painting (e.g. to free GL objects).
  void makeCurrent();
  void doneCurrent();
  /// Called once the GL context exists (current).
  virtual void initializeGL();
  /// Called when the GL window's size changes (logical pixels).
  virtual void resizeGL(int w, int h);
  /// Draws on top of the VTK image, in widget (logical) pixels. Default: nothing.
  virtual void paintOverlay(QPainter& painter);
  /// Frees subclass GL resources while the context is still current (before VTK's Finalize).
  virtual void releaseGraphics() {}

 private:
  friend class VtkGLWindow;
  void paintGL();
  void onRenderWindowEvent(vtkObject* caller, unsigned long event, void* callData);
  void cleanupGL();
  QOpenGLContext* context() const;

  vtkNew<vtkGenericOpenGLRenderWindow> m_window;
  vtkNew<vtkRenderer> m_renderer;
  VtkGLWindow* m_glWindow = nullptr;  ///< owned by the window container (a child widget)
  QWidget* m_container = nullptr;
  QMetaObject::Connection m_contextGone;
  bool m_needsRender = true;
  bool m_inPaint = false;
  QElapsedTimer m_paintClock;  ///< running from paintGL() until the frame is swapped
  double m_lastRenderMs = 0;
  double m_lastVtkMs = 0;
  bool m_measure = false;
};

}  // namespace fv::viewer
