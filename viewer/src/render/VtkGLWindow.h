// The native child OpenGL window of a VtkOpenGLWidget (private to the bridge).
#pragma once

#include <QOpenGLWindow>

namespace fv::viewer {

class VtkOpenGLWidget;

/// Forwards the QOpenGLWindow life cycle to its VtkOpenGLWidget; transparent for input.
class VtkGLWindow final : public QOpenGLWindow {
 public:
  explicit VtkGLWindow(VtkOpenGLWidget& host);
  /// Paints now into the window's framebuffer (for grabs), without presenting.
  void paintNow();
  /// Schedules a repaint for the next event-loop pass. QWindow::requestUpdate() waits for a
  /// refresh-interval timer (16 ms at 60 Hz) first, a whole frame of latency for a W/L drag.
  void updateSoon();

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  bool event(QEvent* e) override;

 private:
  VtkOpenGLWidget& m_host;
  bool m_updatePosted = false;  // our UpdateRequest is in the event queue
  bool m_dirty = false;         // a repaint was asked for since the last UpdateRequest
};

}  // namespace fv::viewer
