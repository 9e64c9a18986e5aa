#include "fv/viewer/ImageViewport.h"

#include <algorithm>
#include <cmath>

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkRenderer.h>

#include "GpuImageLayer.h"
#include "ViewportOverlay.h"
#include "fv/dicom/vtk/FrameImageSource.h"
#include "fv/dicom/vtk/VtkImages.h"
#include "fv/viewer/MimeTypes.h"

namespace fv::viewer {

using namespace fv::dicom;

ImageViewport::ImageViewport(QWidget* parent) : VtkOpenGLWidget(parent) {
  setAcceptDrops(true);
  setMinimumSize(64, 64);
  m_source = vtkSmartPointer<vtkio::FrameImageSource>::New();
  m_mapper = vtkSmartPointer<vtkImageSliceMapper>::New();
  m_slice = vtkSmartPointer<vtkImageSlice>::New();
  m_slice->SetMapper(m_mapper);
  m_slice->GetProperty()->SetInterpolationTypeToNearest();  // the pixels as acquired
  m_invertLut = vtkSmartPointer<vtkLookupTable>::New();
  m_invertLut->SetNumberOfTableValues(256);
  for (int i = 0; i < 256; ++i) {
    const double g = 1.0 - i / 255.0;
    m_invertLut->SetTableValue(i, g, g, g, 1.0);
  }
  m_invertLut->Build();
  m_gpu = std::make_unique<GpuImageLayer>();
  m_gpu->setRenderWindow(renderWindow());
  renderer()->SetBackground(0, 0, 0);
  static const bool fontsReady = (ViewportOverlay::warmUpFonts(), true);
  (void)fontsReady;
  renderer()->GetActiveCamera()->ParallelProjectionOn();
}

ImageViewport::~ImageViewport() {
  // Free GL objects while our context can still be made current (makeCurrent() is
  // safe outside painting); later, VTK's own clean-up finds the context current and does nothing.
  if (isValid()) makeCurrent();
  renderer()->RemoveAllViewProps();
  if (isValid()) m_gpu->releaseGraphics(renderWindow());
  m_gpu.reset();
  if (isValid()) doneCurrent();
}

void ImageViewport::releaseGraphics() { m_gpu->releaseGraphics(renderWindow()); }

void ImageViewport::initializeGL() {
  VtkOpenGLWidget::initializeGL();
  // Compile the window/level shader now (llvmpipe takes ~100 ms per context), so that showing
  // the first image of a series never stalls the event loop.
  static const uint16_t dummy[4] = {0, 0, 0, 0};
  PixelDescription d;
  d.rows = d.columns = 2;
  d.bitsAllocated = d.bitsStored = 16;
  d.highBit = 15;
  const bool empty = isEmpty();
  if (empty) {
    m_gpu->setFrame(Frame(d, SampleType::U16, dummy, nullptr), 1.0, 1.0);
    renderer()->AddViewProp(m_gpu->actor());
    renderWindow()->Render();
    renderer()->RemoveViewProp(m_gpu->actor());
    m_gpu->setFrame(Frame(), 1.0, 1.0);
  }
}

vtkProp3D* ImageViewport::activeProp() const {
  if (m_useGpu) return m_gpu->actor();
  return m_slice;
}

const InstanceInfo* ImageViewport::currentInstance() const {
  if (m_computed) return &*m_computedInfo;
  if (!m_series || m_stack >= int(m_series->stacks.size())) return nullptr;
  const Stack& st = m_series->stacks[size_t(m_stack)];
  if (st.frames.empty()) return nullptr;
  return &m_series->instanceOf(st.frames[size_t(std::clamp(m_frame, 0, int(st.frames.size()) - 1))]);
}

int ImageViewport::frameCount() const {
  if (m_computed) return 1;
  if (!m_series || m_stack >= int(m_series->stacks.size())) return 0;
  return int(m_series->stacks[size_t(m_stack)].frames.size());
}

FrameRef ImageViewport::frameRef() const {
  if (!m_series || m_computed || frameCount() == 0) return {};
  return m_series->stacks[size_t(m_stack)].frames[size_t(m_frame)];
}

Result<Frame> ImageViewport::currentFrame() const {
  if (m_computed) return *m_computed;
  if (!m_provider) return makeError(ErrorCode::InvalidArgument, "no image shown");
  return m_provider->frame(size_t(m_frame));
}

Calibration ImageViewport::calibration() const {
  if (m_userCalibration) return *m_userCalibration;
  if (const InstanceInfo* i = currentInstance()) return i->calibration;
  return {};
}

void ImageViewport::setStack(const Series* series, int stack, std::shared_ptr<FrameProvider> provider) {
  clear();
  if (!series || stack < 0 || stack >= int(series->stacks.size()) || series->stacks[size_t(stack)].frames.empty()) return;
  m_series = series;
  m_stack = stack;
  m_frame = 0;
  const Stack& st = series->stacks[size_t(stack)];
  m_provider = provider ? std::move(provider) : std::make_shared<FrameProvider>(*series, st);
  const InstanceInfo& first = series->instanceOf(st.frames.front());
  const Calibration cal = first.calibration;
  // Pixel spacing shapes the displayed image only when it is isotropic-ish or cross-sectional;
  // projection images keep square pixels on screen unless calibrated anisotropically.
  const double rowMm = cal.rowMm.value_or(1.0), colMm = cal.columnMm.value_or(1.0);
  m_source->SetProvider(m_provider, rowMm, colMm);
  m_geometry.setImage(int(st.columns), int(st.rows), colMm, rowMm);
  m_cpuColour = !first.pixels.monochrome() && first.pixels.photometric != Photometric::Rgb;
  auto f = m_provider->frame(st.kind == StackKind::Volume ? st.frames.size() / 2 : 0);
  if (f) {
    m_window = defaultWindow(first, *f);
    m_cpuColour = m_cpuColour || (f->description().photometric != Photometric::Rgb && !f->description().monochrome());
  }
  m_invert = false;
  m_useGpu = f && !m_cpuColour && GpuImageLayer::accepts(*f);
  // Volumes open at the middle slice (where the anatomy is), cine at the first frame.
  if (st.kind == StackKind::Volume) m_frame = int(st.frames.size() / 2);
  showFrameData();
  renderer()->AddViewProp(activeProp());
  fitToWindow();
  emit frameChanged(m_frame);
}

void ImageViewport::setComputedImage(const Frame& frame, const InstanceInfo& info, double rowMm, double columnMm,
                                     const QString& label) {
  const bool keepView = m_computed && m_geometry.zoom() > 0 && m_computed->rows() == frame.rows() &&
                        m_computed->columns() == frame.columns();
  const Window keepWindow = m_window;
  if (!m_computed) clear();
  m_computed = frame;
  m_computedInfo = info;
  m_computedLabel = label;
  m_geometry.setImage(int(frame.columns()), int(frame.rows()), columnMm, rowMm);
  m_useGpu = GpuImageLayer::accepts(frame);
  if (m_useGpu) m_gpu->setFrame(frame, columnMm, rowMm);
  else m_mapper->SetInputData(vtkio::frameToImage(frame, rowMm, columnMm));
  renderer()->RemoveAllViewProps();
  renderer()->AddViewProp(activeProp());
  if (keepView) {
    m_window = keepWindow;
    applyWindowToProperty();
    requestRender();
  } else {
    m_window = defaultWindow(info, frame);
    applyWindowToProperty();
    fitToWindow();
  }
}

void ImageViewport::clear() {
  renderer()->RemoveAllViewProps();
  // The shown frame may be a view into the file's memory map: holding it would keep the whole
  // mapping (a 1 GiB series stays resident) after the study is closed.
  m_gpu->setFrame(Frame(), 1.0, 1.0);
  m_series = nullptr;
  m_source->SetProvider(nullptr);  // the VTK adapter shares the provider and its last frame
  if (vtkDataObject* out = m_source->GetOutputDataObject(0)) out->ReleaseData();
  m_provider.reset();
  m_computed.reset();
  m_computedInfo.reset();
  m_frame = 0;
  m_overlayFrame = -1;
  m_overlayImage = QImage();
  m_userCalibration.reset();
  requestRender();
}

void ImageViewport::setFrame(int index) {
  const int n = frameCount();
  if (n == 0 || m_computed) return;
  index = std::clamp(index, 0, n - 1);
  if (index == m_frame) return;
  m_frame = index;
  showFrameData();
  requestRender();
  emit frameChanged(m_frame);
}

void ImageViewport::showFrameData() {
  if (!m_provider) return;
  if (m_useGpu) {
    // The decoded frame goes to the GPU as it is (raw stored values, no copy before upload).
    auto f = m_provider->frame(size_t(m_frame));
    if (f) {
      const Calibration cal = calibration();
      m_gpu->setFrame(*f, cal.columnMm.value_or(1.0), cal.rowMm.value_or(1.0));
    }
    applyWindowToProperty();
    return;
  }
  if (m_cpuColour) {
    // YBR/palette: convert to RGB on the CPU (rare in our modalities).
    const InstanceInfo* info = currentInstance();
    auto f = m_provider->frame(size_t(m_frame));
    if (!f || !info) return;
    auto img = renderFrame(*info, *f, frameRef().frame, DisplayOptions{std::nullopt, false, false, false});
    if (!img) return;
    PixelDescription d;
    d.rows = img->rows;
    d.columns = img->columns;
    d.samplesPerPixel = 3;
    d.bitsAllocated = d.bitsStored = 8;
    d.photometric = Photometric::Rgb;
    auto buffer = std::make_shared<std::vector<uint8_t>>(std::move(img->pixels));
    Frame rgb(d, SampleType::U8, buffer->data(), buffer);
    const Calibration cal = calibration();
    m_mapper->SetInputData(vtkio::frameToImage(rgb, cal.rowMm.value_or(1.0), cal.columnMm.value_or(1.0)));
  } else {
    m_mapper->SetInputConnection(m_source->GetOutputPort());
    m_source->SetFrame(size_t(m_frame));
  }
  applyWindowToProperty();
}

void ImageViewport::applyWindowToProperty() {
  vtkImageProperty* p = m_slice->GetProperty();
  const InstanceInfo* info = currentInstance();
  const bool colour = m_cpuColour || (info && !info->pixels.monochrome());
  if (colour) {
    p->SetLookupTable(nullptr);
    p->SetColorWindow(255.0);
    p->SetColorLevel(127.5);
    return;
  }
  // VTK applies window/level to raw stored values on the GPU: convert the DICOM window (modality
  // units, PS3.3 C.11.2.1.2: maps c-0.5-(w-1)/2 .. c-0.5+(w-1)/2) into stored units.
  const double slope = info && info->rescale.slope != 0 ? info->rescale.slope : 1.0;
  const double intercept = info ? info->rescale.intercept : 0.0;
  const double width = std::max(1.0, m_window.width - 1.0);
  const double level = ((m_window.center - 0.5) - intercept) / slope;
  const bool monochrome1 = info && info->pixels.photometric == Photometric::Monochrome1;
  const bool invert = (monochrome1 != m_invert) != (slope < 0);
  if (m_useGpu) {
    const double w = width / std::fabs(slope);
    m_gpu->setWindow(level - w / 2.0, w, invert);
    return;
  }
  p->SetColorWindow(width / std::fabs(slope));
  p->SetColorLevel(level);
  p->SetLookupTable(invert ? m_invertLut.Get() : nullptr);
  p->SetUseLookupTableScalarRange(0);
}

void ImageViewport::setWindow(const Window& window) {
  m_window = window;
  m_window.width = std::max(1.0, m_window.width);
  applyWindowToProperty();
  requestRender();
  emit displayChanged();
}

std::vector<std::pair<QString, Window>> ImageViewport::windowPresets() const {
  std::vector<std::pair<QString, Window>> out;
  const InstanceInfo* info = currentInstance();
  if (!info) return out;
  int n = 1;
  for (const auto& w : info->windows)
    out.emplace_back(w.explanation.empty() ? QString("File %1").arg(n++) : QString::fromStdString(w.explanation),
                     Window{w.center, w.width, w.function});
  const std::string& m = info->series.modality;
  if (m == "CT") {
    out.emplace_back("Bone", Window{480, 2500});
    out.emplace_back("Soft tissue", Window{40, 400});
    out.emplace_back("Lung", Window{-600, 1500});
  } else if (m == "XA" || m == "RF" || m == "CR" || m == "DX") {
    const double maxv = double((1u << std::min<uint16_t>(info->pixels.bitsStored, 16)) - 1);
    out.emplace_back("Full range", Window{(maxv + 1) / 2, maxv + 1});
  }
  if (auto f = currentFrame()) out.emplace_back("Auto (min/max)", defaultWindow(InstanceInfo(), *f));
  return out;
}

void ImageViewport::setInverted(bool inverted) {
  m_invert = inverted;
  applyWindowToProperty();
  requestRender();
  emit displayChanged();
}

void ImageViewport::setUserCalibration(std::optional<Calibration> calibration) {
  m_userCalibration = std::move(calibration);
  repaintView();
}

void ImageViewport::updateCamera() {
  m_geometry.setWidgetSize(QSizeF(width(), height()));
  // The actor carries focus/rotation/flips (ViewGeometry::worldToView); the camera only scales.
  const QTransform t = m_geometry.worldToView();
  vtkNew<vtkMatrix4x4> m;
  m->SetElement(0, 0, t.m11());
  m->SetElement(0, 1, t.m21());
  m->SetElement(0, 3, t.dx());
  m->SetElement(1, 0, t.m12());
  m->SetElement(1, 1, t.m22());
  m->SetElement(1, 3, t.dy());
  m_slice->SetUserMatrix(m);
  m_gpu->actor()->SetUserMatrix(m);
  vtkCamera* cam = renderer()->GetActiveCamera();
  cam->SetFocalPoint(0, 0, 0);
  cam->SetPosition(0, 0, -1000);  // looking along +z with y down: DICOM row 0 at the top
  cam->SetViewUp(0, -1, 0);
  cam->SetParallelScale(height() / (2.0 * m_geometry.pixelsPerMm()));
  renderer()->ResetCameraClippingRange(-2000, 2000, -2000, 2000, -2000, 2000);
}

void ImageViewport::applyGeometry() {
  updateCamera();
  requestRender();
  emit displayChanged();
}

void ImageViewport::fitToWindow() {
  m_geometry.setWidgetSize(QSizeF(width(), height()));
  m_geometry.fit();
  m_fitted = true;
  applyGeometry();
}

void ImageViewport::actualSize() {
  m_fitted = false;
  m_geometry.actualSize();
  applyGeometry();
}

void ImageViewport::resizeGL(int w, int h) {
  VtkOpenGLWidget::resizeGL(w, h);
  m_geometry.setWidgetSize(QSizeF(w, h));
  if (m_fitted) m_geometry.fit();  // a fitted image stays fitted when the layout changes
  updateCamera();
}

void ImageViewport::setShowPatientDetails(bool show) {
  m_showPatient = show;
  repaintView();
}

void ImageViewport::setShowOverlays(bool show) {
  m_showOverlays = show;
  repaintView();
}

void ImageViewport::setStatusText(const QString& text) {
  m_status = text;
  repaintView();
}

void ImageViewport::setActiveTool(std::shared_ptr<plugin::ViewportTool> tool) {
  m_tool = std::move(tool);
  setCursor(m_tool ? Qt::CrossCursor : Qt::ArrowCursor);
}

void ImageViewport::setPaintingTools(std::vector<std::shared_ptr<plugin::ViewportTool>> tools) {
  m_paintingTools = std::move(tools);
  repaintView();
}

void ImageViewport::setActive(bool active) {
  m_active = active;
  repaintView();
}

void ImageViewport::paintOverlay(QPainter& painter) {
  if (isEmpty()) {
    ViewportOverlay::paintEmpty(painter, rect(), m_active);
    return;
  }
  const InstanceInfo* info = currentInstance();
  ViewportOverlay overlay(*this, info);
  if (info && m_showOverlays) {
    if (m_overlayFrame != m_frame) {
      m_overlayImage = ViewportOverlay::overlayBitmap(*info, frameRef().frame);
      m_overlayFrame = m_frame;
    }
    overlay.paintShutters(painter);
    overlay.paintOverlayBitmap(painter, m_overlayImage);
  }
  for (const auto& tool : m_paintingTools) {
    painter.save();
    tool->paint(*this, painter);
    painter.restore();
  }
  if (m_showOverlays) overlay.paintText(painter, m_showPatient, m_status, m_computedLabel);
  overlay.paintFrame(painter, m_active);
}

plugin::ToolEvent ImageViewport::toolEvent(const QPointF& pos, Qt::MouseButton button, Qt::MouseButtons buttons,
                                           Qt::KeyboardModifiers mods) const {
  plugin::ToolEvent e;
  e.widgetPos = pos;
  e.imagePos = widgetToImage(pos);
  e.button = button;
  e.buttons = buttons;
  e.modifiers = mods;
  return e;
}

void ImageViewport::mousePressEvent(QMouseEvent* e) {
  emit activatedByUser(this);
  m_lastPos = e->position();
  if (isEmpty()) return;
  if (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier)) {
    emit crosshairRequested(widgetToImage(e->position()));
    return;
  }
  if (m_tool && m_tool->mousePress(*this, toolEvent(e->position(), e->button(), e->buttons(), e->modifiers()))) {
    m_drag = Drag::Tool;
    repaintView();
    return;
  }
  if (e->button() == Qt::LeftButton) m_drag = Drag::WindowLevel;
  else if (e->button() == Qt::RightButton) m_drag = Drag::Zoom;
  else if (e->button() == Qt::MiddleButton) m_drag = Drag::Pan;
}

void ImageViewport::mouseMoveEvent(QMouseEvent* e) {
  const QPointF delta = e->position() - m_lastPos;
  m_lastPos = e->position();
  if (isEmpty()) return;
  switch (m_drag) {
    case Drag::Tool:
      if (m_tool) m_tool->mouseMove(*this, toolEvent(e->position(), Qt::NoButton, e->buttons(), e->modifiers()));
      repaintView();
      break;
    case Drag::WindowLevel: {
      // Sensitivity grows with the window so that both narrow and wide windows feel the same.
      const double k = std::max(1.0, m_window.width) / 400.0;
      Window w = m_window;
      w.width = std::max(1.0, w.width + delta.x() * k);
      w.center = w.center + delta.y() * k;  // drag up = lower level = brighter
      setWindow(w);
      break;
    }
    case Drag::Zoom:
      m_fitted = false;
      m_geometry.zoomBy(std::pow(1.01, -delta.y()), QPointF(width() / 2.0, height() / 2.0));
      applyGeometry();
      break;
    case Drag::Pan:
      m_fitted = false;
      m_geometry.panBy(delta);
      applyGeometry();
      break;
    case Drag::None:
      if (m_tool && m_tool->mouseMove(*this, toolEvent(e->position(), Qt::NoButton, e->buttons(), e->modifiers())))
        repaintView();
      break;
  }
}

void ImageViewport::mouseReleaseEvent(QMouseEvent* e) {
  if (m_drag == Drag::Tool && m_tool)
    m_tool->mouseRelease(*this, toolEvent(e->position(), e->button(), e->buttons(), e->modifiers()));
  m_drag = Drag::None;
  repaintView();
}

void ImageViewport::mouseDoubleClickEvent(QMouseEvent* e) {
  if (m_tool && m_tool->mousePress(*this, toolEvent(e->position(), e->button(), e->buttons(), e->modifiers()))) return;
  fitToWindow();
}

void ImageViewport::wheelEvent(QWheelEvent* e) {
  if (isEmpty()) return;
  const double steps = e->angleDelta().y() / 120.0;
  const bool volume = m_series && !m_computed && m_series->stacks[size_t(m_stack)].kind == StackKind::Volume;
  if (m_computed && !(e->modifiers() & Qt::ControlModifier)) {
    emit scrollRequested(-int(std::round(steps)));
  } else if (volume && !(e->modifiers() & Qt::ControlModifier)) {
    setFrame(m_frame - int(std::round(steps)));  // wheel scrolls slices in a volume
  } else {
    m_fitted = false;
    m_geometry.zoomBy(std::pow(1.15, steps), e->position());
    applyGeometry();
  }
  e->accept();
}

void ImageViewport::keyPressEvent(QKeyEvent* e) {
  if (m_tool) {
    plugin::ToolEvent te = toolEvent(mapFromGlobal(QCursor::pos()), Qt::NoButton, Qt::NoButton, e->modifiers());
    te.key = e->key();
    if (m_tool->keyPress(*this, te)) {
      repaintView();
      return;
    }
  }
  VtkOpenGLWidget::keyPressEvent(e);  // the main window's shortcuts handle the rest
}

void ImageViewport::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasFormat(kSeriesMimeType)) e->acceptProposedAction();
}

void ImageViewport::dropEvent(QDropEvent* e) {
  const QString uid = QString::fromUtf8(e->mimeData()->data(kSeriesMimeType));
  if (!uid.isEmpty()) {
    emit activatedByUser(this);
    emit seriesDropped(uid);
    e->acceptProposedAction();
  }
}

}  // namespace fv::viewer
