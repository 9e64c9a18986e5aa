#include "fv/dicom/Overlay.h"

namespace fv::dicom {

Mask overlayMask(const OverlayPlane& p, uint32_t frame, uint32_t rows, uint32_t columns) {
  Mask m;
  if (!p.coversFrame(frame) || p.rows == 0 || p.columns == 0) return m;
  const size_t planeBits = size_t(p.rows) * p.columns;
  const size_t first = size_t(frame + 1 - p.firstFrame) * planeBits;
  if ((first + planeBits + 7) / 8 > p.data.size()) return m;  // data shorter than declared
  m.rows = rows;
  m.columns = columns;
  m.bits.assign(size_t(rows) * columns, 0);
  for (uint32_t r = 0; r < p.rows; ++r) {
    const long ir = long(r) + p.originRow - 1;  // Overlay Origin is 1-based (PS3.3 C.9.2.1.1)
    if (ir < 0 || ir >= long(rows)) continue;
    for (uint32_t c = 0; c < p.columns; ++c) {
      const long ic = long(c) + p.originColumn - 1;
      if (ic < 0 || ic >= long(columns)) continue;
      const size_t bit = first + size_t(r) * p.columns + c;
      if (p.data[bit >> 3] & (1u << (bit & 7))) m.bits[size_t(ir) * columns + size_t(ic)] = 1;
    }
  }
  return m;
}

}  // namespace fv::dicom
