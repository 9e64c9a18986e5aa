#include "fv/dicom/vtk/FrameImageSource.h"

#include <vtkDataArray.h>
#include <vtkDataObject.h>
#include <vtkImageData.h>
#include <vtkInformation.h>
#include <vtkInformationVector.h>
#include <vtkObjectFactory.h>
#include <vtkPointData.h>
#include <vtkStreamingDemandDrivenPipeline.h>

#include "fv/dicom/vtk/VtkImages.h"

namespace fv::dicom::vtkio {

vtkStandardNewMacro(FrameImageSource);

FrameImageSource::FrameImageSource() { SetNumberOfInputPorts(0); }

void FrameImageSource::SetProvider(std::shared_ptr<FrameProvider> provider, double rowMm, double columnMm) {
  m_provider = std::move(provider);
  m_spacing[0] = columnMm > 0 ? columnMm : 1.0;
  m_spacing[1] = rowMm > 0 ? rowMm : 1.0;
  m_frame = 0;
  Modified();
}

void FrameImageSource::SetFrame(size_t index) {
  if (index == m_frame) return;
  m_frame = index;
  Modified();
}

namespace {
int vtkTypeOf(SampleType t) {
  switch (t) {
    case SampleType::U8: return VTK_UNSIGNED_CHAR;
    case SampleType::I8: return VTK_SIGNED_CHAR;
    case SampleType::U16: return VTK_UNSIGNED_SHORT;
    case SampleType::I16: return VTK_SHORT;
    case SampleType::U32: return VTK_UNSIGNED_INT;
    case SampleType::I32: return VTK_INT;
  }
  return VTK_UNSIGNED_SHORT;
}
}  // namespace

int FrameImageSource::RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector* out) {
  vtkInformation* info = out->GetInformationObject(0);
  if (!m_provider || m_provider->size() == 0) return 1;
  auto f = m_provider->frame(std::min(m_frame, m_provider->size() - 1));
  if (!f) return 1;  // RequestData reports it
  const int extent[6] = {0, int(f->columns()) - 1, 0, int(f->rows()) - 1, 0, 0};
  info->Set(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), extent, 6);
  info->Set(vtkDataObject::SPACING(), m_spacing[0], m_spacing[1], 1.0);
  info->Set(vtkDataObject::ORIGIN(), 0.0, 0.0, 0.0);
  vtkDataObject::SetPointDataActiveScalarInfo(info, vtkTypeOf(f->sampleType()), f->samplesPerPixel());
  return 1;
}

int FrameImageSource::RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector* out) {
  vtkImageData* output = vtkImageData::GetData(out);
  m_error.reset();
  if (!m_provider || m_frame >= m_provider->size()) {
    m_error = makeError(ErrorCode::InvalidArgument, "no frame " + std::to_string(m_frame + 1));
    return 1;
  }
  auto f = m_provider->frame(m_frame);
  if (!f) {
    m_error = f.error();
    vtkErrorMacro(<< f.error().toString());
    return 1;
  }
  auto img = frameToImage(*f, m_spacing[1], m_spacing[0]);
  output->ShallowCopy(img);  // shares the frame's memory: no copy on the cine path
  return 1;
}

}  // namespace fv::dicom::vtkio
