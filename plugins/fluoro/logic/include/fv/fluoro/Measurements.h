// Needle measurements of one frame: tip-to-target distance and trajectory angle, with the
// calibration they were made with (shown next to every number).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/Calibration.h"
#include "fv/fluoro/Annotation.h"

namespace fv::fluoro {

/// A distance in millimetres when calibrated, else in pixels.
struct Distance {
  double value = 0;
  bool millimetres = false;  ///< false: pixels (calibration "none")
  /// "23.4 mm" or "41.0 px".
  std::string toString() const;
};

/// Distance between two image points under `calibration` (row/column spacing honoured).
Distance measureDistance(const Point& a, const Point& b, const fv::dicom::Calibration& calibration);

/// Acute angle in degrees (0..90) between the line a→b and the image vertical, with pixel aspect
/// from `calibration` (anisotropic spacing changes angles).
double angleToVertical(const Point& a, const Point& b, const fv::dicom::Calibration& calibration);
/// Acute angle in degrees (0..90) between lines a→b and c→d.
double angleBetween(const Point& a, const Point& b, const Point& c, const Point& d,
                    const fv::dicom::Calibration& calibration);

/// The measurements of one frame's annotations.
struct FrameMeasurements {
  std::optional<Point> tip;     ///< NeedleTip marker, else the trajectory's tip point
  std::optional<Point> target;  ///< Target marker
  std::optional<Distance> tipToTarget;
  std::optional<double> trajectoryAngleDeg;
  std::string angleReference;               ///< "vertical" or "reference-line"
  std::vector<Distance> calibrationChecks;  ///< length of each Calibration line as now calibrated
  fv::dicom::CalibrationSource calibrationSource = fv::dicom::CalibrationSource::None;

  /// Lines for burned-in text and reports, e.g. "Tip to target 23.4 mm (magnification-corrected)".
  std::vector<std::string> describe() const;
};

/// Measures `annotations` (one frame) under `calibration`.
FrameMeasurements measure(const std::vector<Annotation>& annotations,
                          const fv::dicom::Calibration& calibration);

/// The calibration a Calibration line defines: spacing scaled so that the line measures its
/// known length, keeping the header's row/column aspect when it has one (source "user").
/// Nothing when the line is invalid.
std::optional<fv::dicom::Calibration> userCalibration(const Annotation& line,
                                                      const fv::dicom::Calibration& header);

}  // namespace fv::fluoro
