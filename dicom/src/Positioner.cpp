#include "fv/dicom/Positioner.h"

#include <cmath>
#include <cstdio>

namespace fv::dicom {

static std::string degrees(double v) {
  char buf[32];
  const double a = std::fabs(v);
  if (std::fabs(a - std::round(a)) < 0.05)
    std::snprintf(buf, sizeof buf, "%.0f\u00b0", std::round(a));
  else
    std::snprintf(buf, sizeof buf, "%.1f\u00b0", a);
  return buf;
}

std::string positionerText(const PositionerAngles& a) {
  // PS3.3 C.8.7.5.1.2: primary angle + toward the patient's left (LAO), − right (RAO);
  // secondary angle + toward the head (CRAN), − toward the feet (CAUD).
  std::string s;
  if (std::fabs(a.primary) < 0.05)
    s = "AP";
  else
    s = std::string(a.primary > 0 ? "LAO " : "RAO ") + degrees(a.primary);
  if (std::fabs(a.secondary) >= 0.05)
    s += std::string(a.secondary > 0 ? " CRAN " : " CAUD ") + degrees(a.secondary);
  return s;
}

}  // namespace fv::dicom
