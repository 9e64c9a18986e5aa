// Patient-space geometry (LPS, millimetres) used for slice ordering, volumes and orientation labels.
#pragma once

#include <array>
#include <cmath>
#include <optional>
#include <string>

namespace fv::dicom {

/// A 3-vector in the DICOM patient coordinate system (x → patient left, y → posterior, z → head).
struct Vec3 {
  double x = 0, y = 0, z = 0;

  Vec3 operator+(const Vec3& o) const { return {x + o.x, y + o.y, z + o.z}; }
  Vec3 operator-(const Vec3& o) const { return {x - o.x, y - o.y, z - o.z}; }
  Vec3 operator*(double s) const { return {x * s, y * s, z * s}; }
  double dot(const Vec3& o) const { return x * o.x + y * o.y + z * o.z; }
  Vec3 cross(const Vec3& o) const {
    return {y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x};
  }
  double norm() const { return std::sqrt(dot(*this)); }
  Vec3 normalized() const {
    const double n = norm();
    return n > 0 ? *this * (1.0 / n) : *this;
  }
};

/// Image Orientation (Patient) (0020,0037): direction cosines of a row and of a column.
struct Orientation {
  Vec3 row;     ///< direction of increasing column index (first three values)
  Vec3 column;  ///< direction of increasing row index (last three values)

  /// Slice normal = row × column (right-handed, PS3.3 C.7.6.2.1.1).
  Vec3 normal() const { return row.cross(column).normalized(); }
  /// True when both direction cosines agree within `tolerance` (per component).
  bool approxEquals(const Orientation& o, double tolerance = 1e-3) const;
};

/// Where one frame sits in space: origin of the top-left pixel centre, orientation, pixel spacing.
struct FramePlane {
  std::optional<Vec3> position;            ///< Image Position (Patient) (0020,0032)
  std::optional<Orientation> orientation;  ///< Image Orientation (Patient) (0020,0037)
  std::optional<std::array<double, 2>> pixelSpacing;  ///< row spacing, column spacing (mm)
};

/// Patient-orientation letters for a direction (e.g. "L", "AH"), strongest component first,
/// components below `threshold` of the unit vector ignored (PS3.3 C.7.6.1.1.1).
std::string orientationLabel(const Vec3& direction, double threshold = 0.25);

/// The opposite direction's letters ("L" → "R", "AH" → "PF").
std::string oppositeOrientationLabel(const std::string& label);

}  // namespace fv::dicom
