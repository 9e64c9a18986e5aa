// Pixel calibration in millimetres and where it came from (needed for every distance we show).
#pragma once

#include <optional>
#include <string>

namespace fv::dicom {

/// Where a calibration came from; shown next to every measurement.
enum class CalibrationSource {
  None,                    ///< no spacing known: measurements in pixels
  PixelSpacing,            ///< Pixel Spacing (0028,0030), in the patient (cross-sectional) plane
  Detector,                ///< Imager Pixel Spacing (0018,1164) at the detector, not corrected
  MagnificationCorrected,  ///< Imager Pixel Spacing corrected to the isocentre plane
  User,                    ///< drawn by the user over an object of known length
};

/// Stable text for a source: "none", "pixel-spacing", "detector", "magnification-corrected", "user".
const char* toString(CalibrationSource source);

/// Millimetres per pixel along rows (vertical step) and columns (horizontal step).
struct Calibration {
  std::optional<double> rowMm;     ///< spacing between rows (first value of Pixel Spacing)
  std::optional<double> columnMm;  ///< spacing between columns (second value)
  CalibrationSource source = CalibrationSource::None;

  bool calibrated() const { return source != CalibrationSource::None && rowMm && columnMm; }
};

/// The header values that a calibration can be derived from.
struct CalibrationInputs {
  std::optional<double> pixelSpacingRow, pixelSpacingColumn;  ///< (0028,0030)
  std::optional<double> imagerSpacingRow, imagerSpacingColumn;  ///< (0018,1164)
  std::optional<double> magnificationFactor;  ///< Estimated Radiographic Magnification (0018,1114)
  std::optional<double> distanceSourceToDetector;  ///< (0018,1110)
  std::optional<double> distanceSourceToPatient;   ///< (0018,1111)
  bool projection = false;  ///< projection radiography (XA, RF, CR, DX, MG...) vs cross-sectional
};

/// Chooses the calibration a careful reader would use (PS3.3 10.7.1.3 "Pixel Spacing"
/// interpretation): cross-sectional → Pixel Spacing; projection → Pixel Spacing if the modality
/// calibrated it, else Imager Pixel Spacing divided by the magnification factor (or scaled by
/// SOD/SID), else uncorrected Imager Pixel Spacing; else none.
Calibration deriveCalibration(const CalibrationInputs& in);

}  // namespace fv::dicom
