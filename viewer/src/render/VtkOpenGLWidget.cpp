#include "fv/viewer/VtkOpenGLWidget.h"

#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLFunctions>
#include <QPainter>
#include <QSurfaceFormat>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

namespace fv::viewer {

void VtkOpenGLWidget::setDefaultSurfaceFormat() {
  QSurfaceFormat f;
  f.setRenderableType(QSurfaceFormat::OpenGL);
  f.setVersion(3, 2);
  f.setProfile(QSurfaceFormat::CoreProfile);
  f.setDepthBufferSize(24);
  f.setStencilBufferSize(8);
  f.setAlphaBufferSize(8);
  f.setSamples(0);
  f.setSwapInterval(0);  // cine timing is ours, not the display's vsync
  QSurfaceFormat::setDefaultFormat(f);
}

VtkOpenGLWidget::VtkOpenGLWidget(QWidget* parent)
    : QOpenGLWidget(parent), m_measure(qEnvironmentVariableIsSet("FV_MEASURE_GL")) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  m_window->SetReadyForRendering(false);  // not until initializeGL gave it a context
  m_window->SetForceMaximumHardwareLineWidth(1);
  m_window->SetMultiSamples(0);  // VTK defaults to 8x MSAA: eight times the fill cost for flat images
  // We blit VTK's render framebuffer ourselves: skip VTK's own copy into its display buffer.
  m_window->SetSwapBuffers(0);
  m_window->AddRenderer(m_renderer);
  m_renderer->SetBackgroundAlpha(1.0);  // opaque everywhere: no alpha fix-up pass needed
  for (unsigned long event : {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent}) {
    m_window->AddObserver(event, this, &VtkOpenGLWidget::onRenderWindowEvent);
  }
}

VtkOpenGLWidget::~VtkOpenGLWidget() {
  // QOpenGLWidget's own destructor destroys the context after our members are gone: release
  // VTK's GL resources now and make sure aboutToBeDestroyed no longer reaches us.
  disconnect(m_contextGone);
  if (context()) {
    makeCurrent();
    cleanupGL();
    doneCurrent();
  }
}

vtkGenericOpenGLRenderWindow* VtkOpenGLWidget::renderWindow() const { return m_window; }
vtkRenderer* VtkOpenGLWidget::renderer() const { return m_renderer; }

void VtkOpenGLWidget::requestRender() {
  m_needsRender = true;
  update();
}

void VtkOpenGLWidget::onRenderWindowEvent(vtkObject*, unsigned long event, void* callData) {
  switch (event) {
    case vtkCommand::WindowMakeCurrentEvent:
      // Never initialised (a hidden viewport): nothing of VTK's can be on a GL context yet.
      if (!isValid() || !context() || QOpenGLContext::currentContext() == context()) break;
      // The trap: inside paintGL, QOpenGLWidget::makeCurrent() would also bind the widget's
      // framebuffer while VTK builds its own (black widget, "incomplete framebuffer"): make only
      // the context current. Outside painting (VTK releasing resources) makeCurrent() is the safe
      // way: the context's last surface may belong to a window that no longer exists.
      if (m_inPaint) context()->makeCurrent(context()->surface());
      else makeCurrent();
      break;
    case vtkCommand::WindowIsCurrentEvent:
      *static_cast<bool*>(callData) = isValid() && context() && QOpenGLContext::currentContext() == context();
      break;
    default:
      break;
  }
}

void VtkOpenGLWidget::initializeGL() {
  disconnect(m_contextGone);
  m_contextGone = connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] { cleanupGL(); },
                          Qt::DirectConnection);
  m_window->SetOwnContext(0);
  m_window->SetMapped(1);
  m_window->SetUseOffScreenBuffers(false);
  m_window->OpenGLInitContext();
  m_window->SetReadyForRendering(true);
  const qreal dpr = devicePixelRatioF();
  m_window->SetSize(int(width() * dpr), int(height() * dpr));
  m_needsRender = true;
}

void VtkOpenGLWidget::cleanupGL() {
  if (!m_window->GetReadyForRendering()) return;
  releaseGraphics();
  m_window->Finalize();  // releases VTK's GL resources while the context still exists
  m_window->SetReadyForRendering(false);
}

void VtkOpenGLWidget::resizeGL(int w, int h) {
  const qreal dpr = devicePixelRatioF();
  m_window->SetSize(int(w * dpr), int(h * dpr));
  m_needsRender = true;
}

void VtkOpenGLWidget::paintGL() {
  if (m_inPaint || !m_window->GetReadyForRendering()) return;
  m_inPaint = true;
  QElapsedTimer timer;
  timer.start();
  vtkOpenGLState* state = m_window->GetState();
  state->Reset();
  state->Push();
  state->vtkglDepthFunc(GL_LEQUAL);  // Qt leaves GL_LESS, VTK expects GL_LEQUAL
  if (m_needsRender) {
    QElapsedTimer vtkTimer;
    vtkTimer.start();
    m_window->Render();
    // Software rasterisers work lazily; with FV_MEASURE_GL the GPU work is waited for, so that
    // lastVtkRenderMs() is the true cost of upload + window/level + draw (benchmarks only).
    if (m_measure) context()->functions()->glFinish();
    m_lastVtkMs = double(vtkTimer.nsecsElapsed()) / 1e6;
  }
  m_needsRender = false;

  // One blit: VTK's render framebuffer straight into the widget's framebuffer.
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  const int w = int(width() * devicePixelRatioF()), h = int(height() * devicePixelRatioF());
  vtkOpenGLFramebufferObject* fbo = m_window->GetRenderFramebuffer();
  state->PushFramebufferBindings();
  fbo->Bind(GL_READ_FRAMEBUFFER);
  fbo->ActivateReadBuffer(0);
  state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  const GLenum buffers[1] = {GL_COLOR_ATTACHMENT0};
  f->glDrawBuffers(1, buffers);
  state->vtkglDisable(GL_SCISSOR_TEST);  // scissor limits blits
  int* size = fbo->GetLastSize();
  state->vtkglBlitFramebuffer(0, 0, size[0], size[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  state->PopFramebufferBindings();
  state->Pop();

  {
    QPainter painter(this);
    paintOverlay(painter);
  }
  m_lastRenderMs = double(timer.nsecsElapsed()) / 1e6;
  m_inPaint = false;
  emit painted(m_lastRenderMs);
}

void VtkOpenGLWidget::paintOverlay(QPainter&) {}

}  // namespace fv::viewer
