#include "fv/viewer/VtkOpenGLWidget.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLFunctions>
#include <QPainter>
#include <QSurfaceFormat>
#include <QVBoxLayout>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

#include "VtkGLWindow.h"

namespace fv::viewer {

VtkGLWindow::VtkGLWindow(VtkOpenGLWidget& host)
    // NoPartialUpdate: we paint straight into the back buffer (no extra FBO and full-window blit);
    // every paint redraws the whole view, and grabs paint first (paintNow) and read before a swap.
    : QOpenGLWindow(QOpenGLWindow::NoPartialUpdate), m_host(host) {
  setFlag(Qt::WindowTransparentForInput);  // input goes to the host widget underneath
}

void VtkGLWindow::paintNow() {
  makeCurrent();  // binds the window's paint FBO
  m_host.paintGL();
  m_host.m_paintClock.invalidate();  // painted for a grab: nothing is presented
}

void VtkGLWindow::updateSoon() {
  m_dirty = true;
  update();  // marks Qt's dirty region (and arms Qt's timer, whose request is swallowed below)
  if (m_updatePosted) return;
  m_updatePosted = true;
  QCoreApplication::postEvent(this, new QEvent(QEvent::UpdateRequest));
}

bool VtkGLWindow::event(QEvent* e) {
  if (e->type() == QEvent::UpdateRequest) {
    m_updatePosted = false;
    if (!m_dirty) return true;  // Qt's delayed request for a frame that is already shown
    m_dirty = false;
  }
  return QOpenGLWindow::event(e);
}

void VtkGLWindow::initializeGL() { m_host.initializeGL(); }
void VtkGLWindow::resizeGL(int w, int h) { m_host.resizeGL(w, h); }
void VtkGLWindow::paintGL() { m_host.paintGL(); }

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
    : QWidget(parent), m_measure(qEnvironmentVariableIsSet("FV_MEASURE_GL")) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);  // the GL window covers the whole widget
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
  m_glWindow = new VtkGLWindow(*this);
  // A frame counts as shown once it is on screen: after Qt's blit and the swap.
  connect(m_glWindow, &QOpenGLWindow::frameSwapped, this, [this] {
    if (!m_paintClock.isValid()) return;
    m_lastRenderMs = double(m_paintClock.nsecsElapsed()) / 1e6;
    m_paintClock.invalidate();
    emit painted(m_lastRenderMs);
  });
  m_container = QWidget::createWindowContainer(m_glWindow, this);  // takes ownership of the window
  m_container->setAttribute(Qt::WA_TransparentForMouseEvents);     // drops and clicks reach us
  m_container->setFocusPolicy(Qt::NoFocus);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_container);
}

VtkOpenGLWidget::~VtkOpenGLWidget() {
  // The container (a child widget) destroys the GL window and its context after we are gone:
  // release VTK's GL resources now and make sure aboutToBeDestroyed no longer reaches us.
  disconnect(m_contextGone);
  if (isValid()) {
    m_glWindow->makeCurrent();
    cleanupGL();
    m_glWindow->doneCurrent();
  }
}

vtkGenericOpenGLRenderWindow* VtkOpenGLWidget::renderWindow() const { return m_window; }
vtkRenderer* VtkOpenGLWidget::renderer() const { return m_renderer; }

bool VtkOpenGLWidget::isValid() const { return m_glWindow && m_glWindow->isValid(); }
QOpenGLContext* VtkOpenGLWidget::context() const { return m_glWindow ? m_glWindow->context() : nullptr; }
void VtkOpenGLWidget::makeCurrent() {
  if (isValid()) m_glWindow->makeCurrent();
}
void VtkOpenGLWidget::doneCurrent() {
  if (isValid()) m_glWindow->doneCurrent();
}

void VtkOpenGLWidget::requestRender() {
  m_needsRender = true;
  m_glWindow->updateSoon();
}

void VtkOpenGLWidget::repaintView() { m_glWindow->updateSoon(); }

QImage VtkOpenGLWidget::grabFramebuffer() {
  if (!isValid()) return {};
  m_glWindow->paintNow();
  return m_glWindow->grabFramebuffer();
}

void VtkOpenGLWidget::onRenderWindowEvent(vtkObject*, unsigned long event, void* callData) {
  switch (event) {
    case vtkCommand::WindowMakeCurrentEvent:
      // Never initialised (a hidden viewport): nothing of VTK's can be on a GL context yet.
      if (!isValid() || QOpenGLContext::currentContext() == context()) break;
      // The trap: inside painting, QOpenGLWindow::makeCurrent() would also bind the window's
      // framebuffer while VTK builds its own (black window, "incomplete framebuffer"): make only
      // the context current. Outside painting (VTK releasing resources) makeCurrent() is the safe
      // way: the context's last surface may belong to a window that no longer exists.
      if (m_inPaint) context()->makeCurrent(m_glWindow);
      else m_glWindow->makeCurrent();
      break;
    case vtkCommand::WindowIsCurrentEvent:
      *static_cast<bool*>(callData) = isValid() && QOpenGLContext::currentContext() == context();
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
  const qreal dpr = m_glWindow->devicePixelRatio();
  m_window->SetSize(int(m_glWindow->width() * dpr), int(m_glWindow->height() * dpr));
  m_needsRender = true;
}

void VtkOpenGLWidget::cleanupGL() {
  if (!m_window->GetReadyForRendering()) return;
  releaseGraphics();
  m_window->Finalize();  // releases VTK's GL resources while the context still exists
  m_window->SetReadyForRendering(false);
}

void VtkOpenGLWidget::resizeGL(int w, int h) {
  const qreal dpr = m_glWindow->devicePixelRatio();
  m_window->SetSize(int(w * dpr), int(h * dpr));
  m_needsRender = true;
}

void VtkOpenGLWidget::paintGL() {
  if (m_inPaint || !m_window->GetReadyForRendering()) return;
  m_inPaint = true;
  m_paintClock.start();
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

  // One blit: VTK's render framebuffer straight into the window's paint framebuffer.
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  const qreal dpr = m_glWindow->devicePixelRatio();
  const int w = int(m_glWindow->width() * dpr), h = int(m_glWindow->height() * dpr);
  vtkOpenGLFramebufferObject* fbo = m_window->GetRenderFramebuffer();
  state->PushFramebufferBindings();
  fbo->Bind(GL_READ_FRAMEBUFFER);
  fbo->ActivateReadBuffer(0);
  const GLuint target = m_glWindow->defaultFramebufferObject();  // 0: the window's back buffer
  state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
  const GLenum buffers[1] = {target ? GLenum(GL_COLOR_ATTACHMENT0) : GLenum(GL_BACK)};
  f->glDrawBuffers(1, buffers);
  state->vtkglDisable(GL_SCISSOR_TEST);  // scissor limits blits
  int* size = fbo->GetLastSize();
  state->vtkglBlitFramebuffer(0, 0, size[0], size[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  state->PopFramebufferBindings();
  state->Pop();

  {
    QPainter painter(m_glWindow);
    paintOverlay(painter);
  }
  m_inPaint = false;
}

void VtkOpenGLWidget::paintOverlay(QPainter&) {}

}  // namespace fv::viewer
