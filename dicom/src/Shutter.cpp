#include "fv/dicom/Shutter.h"

#include <algorithm>

namespace fv::dicom {

namespace {
// Even-odd test of a pixel centre against a polygon given in (row, column).
bool insidePolygon(const std::vector<std::pair<int, int>>& poly, double row, double col) {
  bool inside = false;
  const size_t n = poly.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const double ri = poly[i].first, ci = poly[i].second;
    const double rj = poly[j].first, cj = poly[j].second;
    if ((ri > row) != (rj > row)) {
      const double c = ci + (row - ri) * (cj - ci) / (rj - ri);
      if (col < c) inside = !inside;
    }
  }
  return inside;
}
}  // namespace

Mask makeShutterMask(const ShutterSpec& s, uint32_t rows, uint32_t columns) {
  Mask m;
  m.rows = rows;
  m.columns = columns;
  m.bits.assign(size_t(rows) * columns, 1);
  if (!s.any()) return m;
  const bool usePolygon = s.polygonal && s.polygon.size() >= 3;
  const double r2 = double(s.radius) * s.radius;
  for (uint32_t r = 0; r < rows; ++r) {
    const int row = int(r) + 1;  // DICOM shutter coordinates are 1-based
    uint8_t* line = &m.bits[size_t(r) * columns];
    for (uint32_t c = 0; c < columns; ++c) {
      const int col = int(c) + 1;
      bool visible = true;
      if (s.rectangular)
        visible = col >= s.left && col <= s.right && row >= s.upper && row <= s.lower;
      if (visible && s.circular) {
        const double dr = row - s.centerRow, dc = col - s.centerColumn;
        visible = dr * dr + dc * dc <= r2;
      }
      if (visible && usePolygon) visible = insidePolygon(s.polygon, row, col);
      line[c] = visible ? 1 : 0;
    }
  }
  return m;
}

}  // namespace fv::dicom
