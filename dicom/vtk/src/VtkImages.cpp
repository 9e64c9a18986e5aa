#include "fv/dicom/vtk/VtkImages.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

#include <vtkCallbackCommand.h>
#include <vtkCharArray.h>
#include <vtkImageData.h>
#include <vtkIntArray.h>
#include <vtkMatrix3x3.h>
#include <vtkPNGWriter.h>
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
  auto scalars = wrap(v.type, v.data->data(), values, v.data);
  scalars->SetNumberOfComponents(v.samplesPerPixel);
  scalars->SetNumberOfTuples(vtkIdType(v.dims[0]) * v.dims[1] * v.dims[2]);
  img->GetPointData()->SetScalars(scalars);
  return img;
}

Status writePng(const Image8& image, const std::string& path) {
  namespace fs = std::filesystem;
  if (image.pixels.size() != size_t(image.rows) * image.columns * image.channels || image.rows == 0)
    return makeError(ErrorCode::InvalidArgument, "empty or inconsistent image", path);
  // PNG rows go top to bottom; VTK writes its image bottom-up, so flip DICOM rows.
  auto img = vtkSmartPointer<vtkImageData>::New();
  img->SetDimensions(int(image.columns), int(image.rows), 1);
  img->AllocateScalars(VTK_UNSIGNED_CHAR, image.channels);
  auto* dst = static_cast<uint8_t*>(img->GetScalarPointer());
  const size_t line = size_t(image.columns) * image.channels;
  for (uint32_t r = 0; r < image.rows; ++r)
    std::memcpy(dst + size_t(image.rows - 1 - r) * line, image.pixels.data() + r * line, line);

  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return makeError(ErrorCode::NotFound, "output folder does not exist", path);
  std::string tempName = ".";
  tempName.append(target.filename().string()).append(".tmp-").append(std::to_string(::getpid()));
  const fs::path temp = dir / tempName;
  auto writer = vtkSmartPointer<vtkPNGWriter>::New();
  writer->SetInputData(img);
  writer->SetFileName(temp.c_str());
  writer->Write();
  if (writer->GetErrorCode() != 0) {
    fs::remove(temp, ec);
    return makeError(ErrorCode::Io, "cannot write PNG", path, std::strerror(errno));
  }
  const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    return makeError(ErrorCode::Io, "cannot move PNG into place", path, ec.message());
  }
  return {};
}

}  // namespace fv::dicom::vtkio
