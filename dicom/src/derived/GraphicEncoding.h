// Our graphics ↔ DICOM graphic annotations: coordinates in PIXEL units and Graphic Type
// (PS3.3 C.10.5.1.2).
//
// FluoroView: x = column, y = row, 0-based, pixel centres at integers — pixel (0,0) covers
// [-0.5, 0.5) × [-0.5, 0.5). DICOM PIXEL units: "the top left hand corner of the top left pixel
// is 0.0\0.0, the bottom right hand corner of the top left pixel is 1.0\1.0", column first —
// so the top-left pixel's centre is 0.5\0.5. Hence dicom = ours + 0.5 and ours = dicom − 0.5.
// Graphic Data and Anchor Point are FL (32-bit): a coordinate survives a round trip exactly
// when ours + 0.5 is representable as a float (any multiple of 1/1024 below 8192, for example).
#pragma once

#include <optional>
#include <string>

#include "fv/dicom/DerivedObjects.h"

namespace fv::dicom::derived {

/// Offset between our pixel-centre coordinates and DICOM's pixel-edge coordinates.
inline constexpr double kPixelCentreOffset = 0.5;

/// One of our coordinates as a DICOM PIXEL-unit value.
inline float toDicomPixel(double ours) {
  return static_cast<float>(ours + kPixelCentreOffset);
}

/// A DICOM PIXEL-unit value as our coordinate (exact inverse of toDicomPixel for float values).
inline double fromDicomPixel(float dicom) {
  return static_cast<double>(dicom) - kPixelCentreOffset;
}

/// Graphic Type (0070,0023) of a shape type.
inline const char* graphicTypeName(GraphicShape::Type type) {
  switch (type) {
    case GraphicShape::Type::Point:
      return "POINT";
    case GraphicShape::Type::Polyline:
      return "POLYLINE";
    case GraphicShape::Type::Interpolated:
      return "INTERPOLATED";
    case GraphicShape::Type::Circle:
      return "CIRCLE";
    case GraphicShape::Type::Ellipse:
      return "ELLIPSE";
  }
  return "POLYLINE";
}

/// The shape type of a Graphic Type value; nullopt for anything else.
inline std::optional<GraphicShape::Type> parseGraphicType(const std::string& name) {
  for (auto t :
       {GraphicShape::Type::Point, GraphicShape::Type::Polyline, GraphicShape::Type::Interpolated,
        GraphicShape::Type::Circle, GraphicShape::Type::Ellipse})
    if (name == graphicTypeName(t)) return t;
  return std::nullopt;
}

/// Number of points a shape type needs: exactly n (> 0), or at least 2 (returned as 0).
inline size_t requiredPoints(GraphicShape::Type type) {
  switch (type) {
    case GraphicShape::Type::Point:
      return 1;
    case GraphicShape::Type::Circle:
      return 2;  // centre, a point on the circle
    case GraphicShape::Type::Ellipse:
      return 4;  // major-axis ends, minor-axis ends
    default:
      return 0;
  }
}

}  // namespace fv::dicom::derived
