// C-arm positioner angles as the "LAO 32° CRAN 2°" text clinicians read.
#pragma once

#include <optional>
#include <string>

namespace fv::dicom {

/// Positioner Primary/Secondary Angle (0018,1510)/(0018,1511) in degrees.
struct PositionerAngles {
  double primary = 0;    ///< + toward patient's left (LAO), − toward right (RAO)
  double secondary = 0;  ///< + toward the head (CRAN), − toward the feet (CAUD)
};

/// "LAO 32° CRAN 2°", "RAO 30° CAUD 15°", "AP" for 0/0 (PS3.3 C.8.7.5.1.2).
std::string positionerText(const PositionerAngles& angles);

}  // namespace fv::dicom
