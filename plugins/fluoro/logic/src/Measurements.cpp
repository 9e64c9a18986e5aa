#include "fv/fluoro/Measurements.h"

#include <cmath>
#include <cstdio>
#include <numbers>

namespace fv::fluoro {
namespace {

using fv::dicom::Calibration;
using fv::dicom::CalibrationSource;

// Physical step (mm or px) of one column (x) and one row (y).
void steps(const Calibration& c, double& sx, double& sy) {
  if (c.calibrated()) {
    sx = *c.columnMm;
    sy = *c.rowMm;
  } else {
    sx = sy = 1.0;
  }
}

double lineAngle(double dx, double dy) {
  return std::atan2(dy, dx);
}

double acute(double radians) {
  double deg = std::fabs(radians) * 180.0 / std::numbers::pi;
  deg = std::fmod(deg, 180.0);
  if (deg > 90.0) deg = 180.0 - deg;
  return deg;
}

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

}  // namespace

std::string Distance::toString() const {
  return format(millimetres ? "%.1f mm" : "%.1f px", value);
}

Distance measureDistance(const Point& a, const Point& b, const Calibration& calibration) {
  double sx, sy;
  steps(calibration, sx, sy);
  return {std::hypot((b.x - a.x) * sx, (b.y - a.y) * sy), calibration.calibrated()};
}

double angleToVertical(const Point& a, const Point& b, const Calibration& calibration) {
  return angleBetween(a, b, Point{0, 0}, Point{0, 1}, calibration);
}

double angleBetween(const Point& a, const Point& b, const Point& c, const Point& d,
                    const Calibration& calibration) {
  double sx, sy;
  steps(calibration, sx, sy);
  const double t1 = lineAngle((b.x - a.x) * sx, (b.y - a.y) * sy);
  const double t2 = lineAngle((d.x - c.x) * sx, (d.y - c.y) * sy);
  return acute(t1 - t2);
}

FrameMeasurements measure(const std::vector<Annotation>& annotations,
                          const Calibration& calibration) {
  FrameMeasurements m;
  m.calibrationSource = calibration.calibrated() ? calibration.source : CalibrationSource::None;
  const Annotation* trajectory = nullptr;
  const Annotation* reference = nullptr;
  for (const auto& a : annotations) {
    if (!a.valid()) continue;
    switch (a.kind) {
      case AnnotationKind::NeedleTip:
        m.tip = a.points[0];
        break;
      case AnnotationKind::Target:
        m.target = a.points[0];
        break;
      case AnnotationKind::Trajectory:
        trajectory = &a;
        break;
      case AnnotationKind::ReferenceLine:
        reference = &a;
        break;
      case AnnotationKind::Calibration:
        m.calibrationChecks.push_back(measureDistance(a.points[0], a.points[1], calibration));
        break;
      default:
        break;
    }
  }
  if (!m.tip && trajectory) m.tip = trajectory->points[1];
  if (m.tip && m.target) m.tipToTarget = measureDistance(*m.tip, *m.target, calibration);
  if (trajectory) {
    const auto& p = trajectory->points;
    if (reference) {
      m.trajectoryAngleDeg =
          angleBetween(p[0], p[1], reference->points[0], reference->points[1], calibration);
      m.angleReference = "reference-line";
    } else {
      m.trajectoryAngleDeg = angleToVertical(p[0], p[1], calibration);
      m.angleReference = "vertical";
    }
  }
  return m;
}

std::vector<std::string> FrameMeasurements::describe() const {
  std::vector<std::string> lines;
  const std::string source = std::string("(") + fv::dicom::toString(calibrationSource) + ")";
  if (tipToTarget) lines.push_back("Tip to target " + tipToTarget->toString() + " " + source);
  if (trajectoryAngleDeg)
    lines.push_back(
        "Angle " + format("%.1f", *trajectoryAngleDeg) + "\u00B0 to " +
        (angleReference == "vertical" ? std::string("vertical") : std::string("reference")));
  for (const auto& c : calibrationChecks) lines.push_back("Calibration line " + c.toString());
  return lines;
}

std::optional<Calibration> userCalibration(const Annotation& line, const Calibration& header) {
  if (line.kind != AnnotationKind::Calibration || !line.valid()) return std::nullopt;
  const double dx = line.points[1].x - line.points[0].x;
  const double dy = line.points[1].y - line.points[0].y;
  // Keep the header's pixel aspect (rowMm/columnMm); isotropic pixels without one.
  const double aspect = header.calibrated() ? *header.rowMm / *header.columnMm : 1.0;
  const double lengthInColumns = std::hypot(dx, dy * aspect);
  if (lengthInColumns <= 0) return std::nullopt;
  Calibration c;
  c.columnMm = line.lengthMm / lengthInColumns;
  c.rowMm = *c.columnMm * aspect;
  c.source = CalibrationSource::User;
  return c;
}

}  // namespace fv::fluoro
