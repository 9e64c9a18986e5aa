// Grey-scale frames drawn by VTK with window/level on the GPU: the raw stored samples are
// uploaded as a 16-bit (or 8-bit) texture and a shader maps them through the window. Changing
// window/level only re-draws; a new frame is one texture upload. (VTK's own image mapper maps
// scalars to RGBA on the CPU for every change.) Private to fv_viewer_core.
#pragma once

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include "fv/dicom/Frame.h"

class vtkActor;
class vtkObject;
class vtkOpenGLPolyDataMapper;
class vtkOpenGLRenderWindow;
class vtkPlaneSource;
class vtkTextureObject;
class vtkWindow;

namespace fv::viewer {

/// A textured quad in the image plane (x = column·sx, y = row·sy, pixel centres at integers).
class GpuImageLayer {
 public:
  GpuImageLayer();
  ~GpuImageLayer();
  GpuImageLayer(const GpuImageLayer&) = delete;
  GpuImageLayer& operator=(const GpuImageLayer&) = delete;

  /// True for frames this layer can show (one sample per pixel, 8 or 16 bits).
  static bool accepts(const fv::dicom::Frame& frame);
  /// The VTK prop to add to the renderer.
  vtkActor* actor() const;
  /// The render window whose context owns the texture.
  void setRenderWindow(vtkOpenGLRenderWindow* window);
  /// Shows `frame` (kept alive here) with the given pixel spacing; uploaded at the next render.
  void setFrame(const fv::dicom::Frame& frame, double columnMm, double rowMm);
  /// Maps stored values [low, low+width] to black..white (inverted when asked).
  void setWindow(double lowStored, double widthStored, bool invert);
  /// Frees the texture while the context is current.
  void releaseGraphics(vtkWindow* window);

 private:
  void onUpdateShader(vtkObject* caller, unsigned long event, void* program);
  vtkNew<vtkPlaneSource> m_plane;
  vtkNew<vtkOpenGLPolyDataMapper> m_mapper;
  vtkNew<vtkActor> m_actor;
  vtkNew<vtkTextureObject> m_texture;
  vtkOpenGLRenderWindow* m_window = nullptr;
  fv::dicom::Frame m_frame;
  bool m_dirty = false;
  float m_scale = 65535.0f, m_low = 0, m_width = 1;
  int m_invert = 0;
  float m_planeOrigin[2] = {0, 0}, m_planeSize[2] = {1, 1};
};

}  // namespace fv::viewer
