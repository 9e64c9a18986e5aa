#include "fv/dicom/Calibration.h"

namespace fv::dicom {

const char* toString(CalibrationSource source) {
  switch (source) {
    case CalibrationSource::None: return "none";
    case CalibrationSource::PixelSpacing: return "pixel-spacing";
    case CalibrationSource::Detector: return "detector";
    case CalibrationSource::MagnificationCorrected: return "magnification-corrected";
    case CalibrationSource::User: return "user";
  }
  return "none";
}

static bool positive(const std::optional<double>& v) { return v && *v > 0; }

Calibration deriveCalibration(const CalibrationInputs& in) {
  const bool hasPixel = positive(in.pixelSpacingRow) && positive(in.pixelSpacingColumn);
  const bool hasImager = positive(in.imagerSpacingRow) && positive(in.imagerSpacingColumn);
  if (!in.projection) {
    if (hasPixel) return {in.pixelSpacingRow, in.pixelSpacingColumn, CalibrationSource::PixelSpacing};
    if (hasImager) return {in.imagerSpacingRow, in.imagerSpacingColumn, CalibrationSource::Detector};
    return {};
  }
  // Projection radiography (PS3.3 10.7.1.3): Pixel Spacing that differs from Imager Pixel
  // Spacing means the modality calibrated it (geometry or a reference object): trust it.
  if (hasPixel && (!hasImager || std::abs(*in.pixelSpacingRow - *in.imagerSpacingRow) > 1e-6 ||
                   std::abs(*in.pixelSpacingColumn - *in.imagerSpacingColumn) > 1e-6)) {
    return {in.pixelSpacingRow, in.pixelSpacingColumn, CalibrationSource::PixelSpacing};
  }
  if (hasImager) {
    // The detector sees the patient magnified by SID/SOD; dividing by the magnification gives
    // the size at the isocentre plane (PS3.3 C.8.11.7 Estimated Radiographic Magnification).
    double factor = 0;
    if (positive(in.magnificationFactor)) {
      factor = *in.magnificationFactor;
    } else if (positive(in.distanceSourceToDetector) && positive(in.distanceSourceToPatient) &&
               *in.distanceSourceToPatient <= *in.distanceSourceToDetector) {
      factor = *in.distanceSourceToDetector / *in.distanceSourceToPatient;
    }
    if (factor > 0)
      return {*in.imagerSpacingRow / factor, *in.imagerSpacingColumn / factor,
              CalibrationSource::MagnificationCorrected};
    return {in.imagerSpacingRow, in.imagerSpacingColumn, CalibrationSource::Detector};
  }
  if (hasPixel) return {in.pixelSpacingRow, in.pixelSpacingColumn, CalibrationSource::PixelSpacing};
  return {};
}

}  // namespace fv::dicom
