// Lookup tables from the header: Modality LUT, VOI LUT, Palette Color LUTs (PS3.3 C.11).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fv::dicom {

/// A LUT Descriptor + LUT Data pair: entries map input values firstMapped.. to data[].
struct Lut {
  int32_t firstMapped = 0;     ///< second value of LUT Descriptor (signed if pixels are signed)
  uint16_t bits = 16;          ///< third value of LUT Descriptor (8 or 16, sometimes 10..16)
  std::vector<uint16_t> data;  ///< LUT Data, one entry per input value
  std::string explanation;     ///< LUT Explanation (0028,3003)

  bool empty() const { return data.empty(); }
  /// The entry for `value`, clamped to the first/last entry (PS3.3 C.11.2.1.1).
  uint16_t lookup(double value) const {
    const double i = value - firstMapped;
    if (i <= 0) return data.front();
    if (i >= double(data.size() - 1)) return data.back();
    return data[size_t(i)];
  }
};

/// Red, green and blue Palette Color LUTs (0028,1101..1203).
struct PaletteLut {
  Lut red, green, blue;
  bool empty() const { return red.empty() || green.empty() || blue.empty(); }
};

/// Rescale Slope/Intercept (0028,1053)/(0028,1052): output = slope * stored + intercept.
struct Rescale {
  double slope = 1.0;
  double intercept = 0.0;
  std::string type;  ///< Rescale Type (0028,1054), e.g. "HU"
  bool identity() const { return slope == 1.0 && intercept == 0.0; }
};

/// VOI LUT Function (0028,1056).
enum class VoiFunction { Linear, LinearExact, Sigmoid };

/// One Window Center/Width pair from the header (0028,1050)/(0028,1051).
struct WindowPreset {
  double center = 0;
  double width = 0;
  std::string explanation;  ///< Window Center & Width Explanation (0028,1055)
  VoiFunction function = VoiFunction::Linear;
};

}  // namespace fv::dicom
