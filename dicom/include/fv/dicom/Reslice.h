// Multi-planar reformatting: sampling a volume on an arbitrary plane in patient space.
#pragma once

#include <cstdint>

#include "fv/dicom/Frame.h"
#include "fv/dicom/Geometry.h"
#include "fv/dicom/Result.h"
#include "fv/dicom/StackDecoder.h"

namespace fv::dicom {

/// The three standard anatomical planes.
enum class AnatomicalPlane { Axial, Coronal, Sagittal };

/// A 2-D sampling grid in patient space (like an image's Image Position/Orientation/Spacing).
struct ReslicePlane {
  Vec3 origin;              ///< patient position of the centre of pixel (0, 0)
  Orientation orientation;  ///< row = direction of increasing column, column = of increasing row
  double rowMm = 1, columnMm = 1;  ///< spacing between rows / columns
  uint32_t rows = 1, columns = 1;
};

/// The volume's corner-to-corner extent in patient space.
void volumeBounds(const Volume& v, Vec3& lo, Vec3& hi);

/// Patient position of voxel (i, j, k) = (column, row, slice).
Vec3 voxelToPatient(const Volume& v, double i, double j, double k);
/// Voxel coordinates (column, row, slice) of a patient position.
Vec3 patientToVoxel(const Volume& v, const Vec3& p);

/// A standard plane through `through`, covering the whole volume, with the display orientation
/// radiologists expect (PS3.3 C.7.6.2.1.1 directions): axial row +x (L) column +y (P); coronal
/// row +x column −z (F); sagittal row +y column −z. Spacing: the volume's finest spacing.
ReslicePlane standardPlane(const Volume& v, AnatomicalPlane plane, const Vec3& through);

/// Samples the volume on `plane` with trilinear interpolation (nearest for colour); outside
/// the volume is the volume's minimum value. The frame has the volume's sample type.
Result<Frame> reslice(const Volume& v, const ReslicePlane& plane);

}  // namespace fv::dicom
