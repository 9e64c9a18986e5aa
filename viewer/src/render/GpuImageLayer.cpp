#include "GpuImageLayer.h"

#include <vtkActor.h>
#include <vtkCommand.h>
#include <vtkOpenGLPolyDataMapper.h>
#include <vtkOpenGLRenderWindow.h>
#include <vtkOpenGLShaderProperty.h>
#include <vtkPlaneSource.h>
#include <vtkProperty.h>
#include <vtkShader.h>
#include <vtkShaderProgram.h>

#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QtGlobal>
#include <cstdio>
#include <vtkTextureObject.h>
#include <vtkOpenGLVertexBufferObject.h>

namespace fv::viewer {

using namespace fv::dicom;

namespace {

// Vertex shader: a texture coordinate from the model position (no reliance on VTK's tcoords).
const char* kVertexDec = R"(//VTK::PositionVC::Dec
uniform vec4 fvPlane;  // origin x, y and size x, y of the image quad (mm)
out vec2 fvTexCoord;)";
const char* kVertexImpl = R"(//VTK::PositionVC::Impl
fvTexCoord = (vertexMC.xy - fvPlane.xy) / fvPlane.zw;)";

// Fragment shader: stored value → DICOM linear window (in stored units) → grey.
const char* kFragmentDec = R"(//VTK::TCoord::Dec
in vec2 fvTexCoord;
uniform sampler2D fvImage;
uniform float fvScale;
uniform float fvLow;
uniform float fvWidth;
uniform int fvInvert;)";
const char* kFragmentImpl = R"(float fvValue = texture(fvImage, fvTexCoord).r * fvScale;
float fvGrey = clamp((fvValue - fvLow) / fvWidth, 0.0, 1.0);
if (fvInvert != 0) fvGrey = 1.0 - fvGrey;
gl_FragData[0] = vec4(fvGrey, fvGrey, fvGrey, 1.0);)";

int vtkTypeOf(SampleType t) {
  switch (t) {
    case SampleType::U8: return VTK_UNSIGNED_CHAR;
    case SampleType::U16: return VTK_UNSIGNED_SHORT;
    case SampleType::I16: return VTK_SHORT;
    default: return VTK_VOID;
  }
}

}  // namespace

GpuImageLayer::GpuImageLayer() {
  m_mapper->SetInputConnection(m_plane->GetOutputPort());
  m_mapper->ScalarVisibilityOff();
  // The vertex shader derives texture coordinates from vertexMC: keep model coordinates as they
  // are (VTK otherwise shifts and scales vertex buffers for precision).
  m_mapper->SetVBOShiftScaleMethod(vtkOpenGLVertexBufferObject::DISABLE_SHIFT_SCALE);
  m_actor->SetMapper(m_mapper);
  m_actor->GetProperty()->LightingOff();
  auto* sp = vtkOpenGLShaderProperty::SafeDownCast(m_actor->GetShaderProperty());
  sp->AddVertexShaderReplacement("//VTK::PositionVC::Dec", true, kVertexDec, false);
  sp->AddVertexShaderReplacement("//VTK::PositionVC::Impl", true, kVertexImpl, false);
  sp->AddFragmentShaderReplacement("//VTK::TCoord::Dec", true, kFragmentDec, false);
  sp->AddFragmentShaderReplacement("//VTK::TCoord::Impl", true, kFragmentImpl, false);
  m_mapper->AddObserver(vtkCommand::UpdateShaderEvent, this, &GpuImageLayer::onUpdateShader);
  m_texture->SetMinificationFilter(vtkTextureObject::Nearest);  // the pixels as acquired
  m_texture->SetMagnificationFilter(vtkTextureObject::Nearest);
  m_texture->SetWrapS(vtkTextureObject::ClampToEdge);
  m_texture->SetWrapT(vtkTextureObject::ClampToEdge);
}

GpuImageLayer::~GpuImageLayer() = default;

bool GpuImageLayer::accepts(const Frame& f) {
  return !f.empty() && f.samplesPerPixel() == 1 && vtkTypeOf(f.sampleType()) != VTK_VOID;
}

vtkActor* GpuImageLayer::actor() const { return m_actor; }

void GpuImageLayer::setRenderWindow(vtkOpenGLRenderWindow* window) { m_window = window; }

void GpuImageLayer::setFrame(const Frame& frame, double columnMm, double rowMm) {
  if (frame.empty()) {  // forget the frame (e.g. after the shader warm-up)
    m_frame = Frame();
    m_dirty = false;
    return;
  }
  const double x0 = -0.5 * columnMm, y0 = -0.5 * rowMm;
  const double w = frame.columns() * columnMm, h = frame.rows() * rowMm;
  if (m_planeOrigin[0] != float(x0) || m_planeSize[0] != float(w) || m_planeSize[1] != float(h)) {
    m_plane->SetOrigin(x0, y0, 0);
    m_plane->SetPoint1(x0 + w, y0, 0);
    m_plane->SetPoint2(x0, y0 + h, 0);
    m_planeOrigin[0] = float(x0);
    m_planeOrigin[1] = float(y0);
    m_planeSize[0] = float(w);
    m_planeSize[1] = float(h);
  }
  m_frame = frame;
  // Normalised textures return value/(2^n − 1) (signed: value/(2^(n−1) − 1)).
  switch (frame.sampleType()) {
    case SampleType::U8: m_scale = 255.0f; break;
    case SampleType::I16: m_scale = 32767.0f; break;
    default: m_scale = 65535.0f; break;
  }
  m_dirty = true;
  m_actor->Modified();
}

void GpuImageLayer::setWindow(double lowStored, double widthStored, bool invert) {
  m_low = float(lowStored);
  m_width = float(std::max(widthStored, 1e-6));
  m_invert = invert ? 1 : 0;
  m_actor->Modified();
}

void GpuImageLayer::onUpdateShader(vtkObject*, unsigned long, void* data) {
  auto* program = static_cast<vtkShaderProgram*>(data);
  if (!program || m_frame.empty() || !m_window) return;
  static bool dumped = false;
  if (!dumped && qEnvironmentVariableIsSet("FV_DEBUG_SHADER")) {
    dumped = true;
    fprintf(stderr, "VS:\n%s\nFS:\n%s\n", program->GetVertexShader()->GetSource().c_str(),
            program->GetFragmentShader()->GetSource().c_str());
  }
  if (m_dirty) {
    // Whatever Qt's paint engine or VTK left in the unpack state must not apply to our upload:
    // a stray row length or unpack buffer makes the driver read outside the frame's memory.
    if (QOpenGLContext* gl = QOpenGLContext::currentContext()) {
      QOpenGLExtraFunctions* f = gl->extraFunctions();
      f->glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
      f->glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
      f->glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
      f->glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
      f->glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    }
    m_texture->SetContext(m_window);
    // vtkTextureObject keeps the GL type/format of its first upload: forget it, frames may
    // change from 16-bit to 8-bit (one series to the next).
    m_texture->ResetFormatAndType();
    m_texture->Create2DFromRaw(m_frame.columns(), m_frame.rows(), 1, vtkTypeOf(m_frame.sampleType()),
                               const_cast<void*>(m_frame.data()));
    m_dirty = false;
  }
  m_texture->Activate();
  program->SetUniformi("fvImage", m_texture->GetTextureUnit());
  program->SetUniformf("fvScale", m_scale);
  program->SetUniformf("fvLow", m_low);
  program->SetUniformf("fvWidth", m_width);
  program->SetUniformi("fvInvert", m_invert);
  const float plane[4] = {m_planeOrigin[0], m_planeOrigin[1], m_planeSize[0], m_planeSize[1]};
  program->SetUniform4f("fvPlane", plane);
}

void GpuImageLayer::releaseGraphics(vtkWindow* window) {
  m_texture->ReleaseGraphicsResources(window);
  m_actor->ReleaseGraphicsResources(window);
  m_dirty = !m_frame.empty();
}

}  // namespace fv::viewer
