#include "fv/dicom/vtk/VtkImages.h"

#include <cstring>
#include <memory>


#include <vtkCallbackCommand.h>
#include <vtkCharArray.h>
#include <vtkImageData.h>
#include <vtkIntArray.h>
#include <vtkMatrix3x3.h>
#include <vtkPointData.h>
#include <vtkShortArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedIntArray.h>
#include <vtkUnsignedShortArray.h>

namespace fv::dicom::vtkio {

namespace {

// Ties the lifetime of a shared buffer to a VTK array: the array's observer owns a copy of the
// shared_ptr and releases it when the array is destroyed.
void keepAlive(vtkObject* array, std::shared_ptr<const void> owner) {
  auto cmd = vtkSmartPointer<vtkCallbackCommand>::New();
  cmd->SetClientData(new std::shared_ptr<const void>(std::move(owner)));
  cmd->SetClientDataDeleteCallback([](void* p) { delete static_cast<std::shared_ptr<const void>*>(p); });
  array->AddObserver(vtkCommand::DeleteEvent, cmd);
}

vtkSmartPointer<vtkDataArray> wrap(SampleType type, const void* data, vtkIdType values,
                                   std::shared_ptr<const void> owner) {
  vtkSmartPointer<vtkDataArray> a;
  void* p = const_cast<void*>(data);  // VTK never writes into input scalars
  switch (type) {
    case SampleType::U8: { auto x = vtkSmartPointer<vtkUnsignedCharArray>::New(); x->SetArray(static_cast<unsigned char*>(p), values, 1); a = x; break; }
    case SampleType::I8: { auto x = vtkSmartPointer<vtkCharArray>::New(); x->SetArray(static_cast<char*>(p), values, 1); a = x; break; }
    case SampleType::U16: { auto x = vtkSmartPointer<vtkUnsignedShortArray>::New(); x->SetArray(static_cast<unsigned short*>(p), values, 1); a = x; break; }
    case SampleType::I16: { auto x = vtkSmartPointer<vtkShortArray>::New(); x->SetArray(static_cast<short*>(p), values, 1); a = x; break; }
    case SampleType::U32: { auto x = vtkSmartPointer<vtkUnsignedIntArray>::New(); x->SetArray(static_cast<unsigned int*>(p), values, 1); a = x; break; }
    case SampleType::I32: { auto x = vtkSmartPointer<vtkIntArray>::New(); x->SetArray(static_cast<int*>(p), values, 1); a = x; break; }
  }
  keepAlive(a, std::move(owner));
  return a;
}

}  // namespace

vtkSmartPointer<vtkImageData> frameToImage(const Frame& frame, double rowMm, double columnMm) {
  auto img = vtkSmartPointer<vtkImageData>::New();
  img->SetDimensions(int(frame.columns()), int(frame.rows()), 1);
  img->SetSpacing(columnMm > 0 ? columnMm : 1.0, rowMm > 0 ? rowMm : 1.0, 1.0);
  auto scalars = wrap(frame.sampleType(), frame.data(), vtkIdType(frame.sampleCount()),
                      std::make_shared<Frame>(frame));
  scalars->SetNumberOfComponents(frame.samplesPerPixel());
  scalars->SetNumberOfTuples(vtkIdType(frame.rows()) * frame.columns());
  img->GetPointData()->SetScalars(scalars);
  return img;
}

vtkSmartPointer<vtkImageData> volumeToImage(const Volume& v) {
  auto img = vtkSmartPointer<vtkImageData>::New();
  img->SetDimensions(int(v.dims[0]), int(v.dims[1]), int(v.dims[2]));
  img->SetSpacing(v.spacing[0], v.spacing[1], v.spacing[2]);
  img->SetOrigin(v.origin.x, v.origin.y, v.origin.z);
  const Vec3 n = v.orientation.normal();
  const double dir[9] = {v.orientation.row.x, v.orientation.column.x, n.x,
                         v.orientation.row.y, v.orientation.column.y, n.y,
                         v.orientation.row.z, v.orientation.column.z, n.z};
  img->SetDirectionMatrix(dir);
  const vtkIdType values = vtkIdType(v.dims[0]) * v.dims[1] * v.dims[2] * v.samplesPerPixel;
  auto scalars = wrap(v.type, v.data.get(), values, std::shared_ptr<const void>(v.data, v.data.get()));
  scalars->SetNumberOfComponents(v.samplesPerPixel);
  scalars->SetNumberOfTuples(vtkIdType(v.dims[0]) * v.dims[1] * v.dims[2]);
  img->GetPointData()->SetScalars(scalars);
  return img;
}

}  // namespace fv::dicom::vtkio
