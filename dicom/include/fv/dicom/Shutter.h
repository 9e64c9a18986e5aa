// Display shutters (PS3.3 C.7.6.11): parts of the image that must be shown as a flat value.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace fv::dicom {

/// Display Shutter Module attributes; coordinates are 1-based (row, column) as in DICOM.
struct ShutterSpec {
  bool rectangular = false, circular = false, polygonal = false;
  int left = 0, right = 0, upper = 0, lower = 0;   ///< (0018,1602)/(1604)/(1606)/(1608)
  int centerRow = 0, centerColumn = 0, radius = 0;  ///< (0018,1610)/(0018,1612)
  std::vector<std::pair<int, int>> polygon;          ///< (0018,1620) vertices as (row, column)
  std::optional<uint16_t> presentationValue;        ///< Shutter Presentation Value (0018,1622)

  bool any() const { return rectangular || circular || polygonal; }
};

/// A per-pixel mask, row-major, 1 = visible, 0 = behind a shutter.
struct Mask {
  uint32_t rows = 0, columns = 0;
  std::vector<uint8_t> bits;

  bool empty() const { return bits.empty(); }
  uint8_t at(uint32_t row, uint32_t column) const { return bits[size_t(row) * columns + column]; }
};

/// Rasterises the shutters of a rows×columns frame; the visible area is the intersection of all
/// shutter shapes present (PS3.3 C.7.6.11.1). An empty spec gives an all-visible mask.
Mask makeShutterMask(const ShutterSpec& spec, uint32_t rows, uint32_t columns);

}  // namespace fv::dicom
