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

VtkOpenGLWidget::VtkOpenGLWidget(QWidget* parent) : QOpenGLWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  m_window->SetReadyForRendering(false);  // not until initializeGL gave it a context
  m_window->SetForceMaximumHardwareLineWidth(1);
  m_window->AddRenderer(m_renderer);
  for (unsigned long event : {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent,
                              vtkCommand::WindowFrameEvent}) {
    m_window->AddObserver(event, this, &VtkOpenGLWidget::onRenderWindowEvent);
  }
}

VtkOpenGLWidget::~VtkOpenGLWidget() {
  makeCurrent();
  cleanupGL();
  doneCurrent();
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
      // The trap: QOpenGLWidget::makeCurrent() would also bind the widget's framebuffer while VTK
      // builds its own (black widget, "incomplete framebuffer"). Make only the context current.
      if (context() && QOpenGLContext::currentContext() != context()) context()->makeCurrent(context()->surface());
      break;
    case vtkCommand::WindowIsCurrentEvent:
      *static_cast<bool*>(callData) = context() && QOpenGLContext::currentContext() == context();
      break;
    case vtkCommand::WindowFrameEvent:
      if (!m_inPaint) update();  // a render outside paintGL (e.g. picking) still needs a repaint
      break;
    default:
      break;
  }
}

void VtkOpenGLWidget::initializeGL() {
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] { cleanupGL(); }, Qt::DirectConnection);
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
  if (m_needsRender) m_window->Render();
  m_needsRender = false;

  // Blit VTK's display framebuffer into the widget's framebuffer.
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  const int w = int(width() * devicePixelRatioF()), h = int(height() * devicePixelRatioF());
  f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  const GLenum buffers[1] = {GL_COLOR_ATTACHMENT0};
  f->glDrawBuffers(1, buffers);
  const bool scissor = f->glIsEnabled(GL_SCISSOR_TEST);
  if (scissor) {
    state->vtkglDisable(GL_SCISSOR_TEST);
    f->glDisable(GL_SCISSOR_TEST);
  }
  int* size = m_window->GetRenderFramebuffer()->GetLastSize();
  m_window->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  // Force alpha to 1, otherwise Qt composes the widget as (partly) transparent.
  GLboolean mask[4];
  f->glGetBooleanv(GL_COLOR_WRITEMASK, mask);
  f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  GLfloat clear[4];
  f->glGetFloatv(GL_COLOR_CLEAR_VALUE, clear);
  f->glClearColor(0, 0, 0, 1);
  f->glViewport(0, 0, w, h);
  f->glClear(GL_COLOR_BUFFER_BIT);
  f->glColorMask(mask[0], mask[1], mask[2], mask[3]);
  f->glClearColor(clear[0], clear[1], clear[2], clear[3]);
  if (scissor) {
    state->vtkglEnable(GL_SCISSOR_TEST);
    f->glEnable(GL_SCISSOR_TEST);
  }
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
