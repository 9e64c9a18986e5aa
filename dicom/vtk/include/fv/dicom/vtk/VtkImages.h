// Our frames and volumes as vtkImageData (the bridge from fv_dicom to VTK).
#pragma once

#include <string>

#include <vtkSmartPointer.h>

#include "fv/dicom/Display.h"
#include "fv/dicom/Frame.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/StackDecoder.h"

class vtkImageData;

namespace fv::dicom::vtkio {

/// A frame as a 2-D vtkImageData sharing the frame's memory (no copy; the frame is kept alive
/// by the array). DICOM row r is VTK y = r: show it with camera view-up (0,-1,0).
/// `rowMm`/`columnMm` set the spacing (1 when uncalibrated).
vtkSmartPointer<vtkImageData> frameToImage(const Frame& frame, double rowMm = 1.0, double columnMm = 1.0);

/// A volume as a 3-D vtkImageData (shares the buffer), with spacing, origin and direction matrix.
vtkSmartPointer<vtkImageData> volumeToImage(const Volume& volume);

}  // namespace fv::dicom::vtkio
