#include "fv/fluoro/ReportFigure.h"

#include <jpeglib.h>

#include <algorithm>
#include <cstdlib>

namespace fv::fluoro {

using fv::dicom::Image8;

namespace {

// The image as a baseline JPEG (quality 92, libjpeg-turbo): embedded by cairo as it is, which is
// 8x faster than the deflate cairo would otherwise run over the pixels (docs/benchmarks.md).
std::vector<uint8_t> encodeJpeg(const Image8& rgb) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr err{};
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = rgb.columns;
  cinfo.image_height = rgb.rows;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 92, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(&rgb.pixels[size_t(cinfo.next_scanline) * rgb.columns * 3]);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::vector<uint8_t> out(buffer, buffer + size);
  jpeg_destroy_compress(&cinfo);
  std::free(buffer);
  return out;
}

}  // namespace

Image8 downscale(const Image8& rgb, uint32_t maxSide) {
  const uint32_t longer = std::max(rgb.rows, rgb.columns);
  if (longer <= maxSide) return rgb;
  const double f = static_cast<double>(longer) / maxSide;
  Image8 out;
  out.columns = std::max<uint32_t>(1, static_cast<uint32_t>(rgb.columns / f));
  out.rows = std::max<uint32_t>(1, static_cast<uint32_t>(rgb.rows / f));
  out.channels = 3;
  out.pixels.resize(size_t(out.rows) * out.columns * 3);
  for (uint32_t y = 0; y < out.rows; ++y) {
    const uint32_t sy = std::min(rgb.rows - 1, static_cast<uint32_t>((y + 0.5) * f));
    for (uint32_t x = 0; x < out.columns; ++x) {
      const uint32_t sx = std::min(rgb.columns - 1, static_cast<uint32_t>((x + 0.5) * f));
      std::copy_n(&rgb.pixels[(size_t(sy) * rgb.columns + sx) * 3], 3,
                  &out.pixels[(size_t(y) * out.columns + x) * 3]);
    }
  }
  return out;
}

ReportFigure reportFigure(const Image8& rgb, uint32_t maxSide) {
  const Image8 small = downscale(rgb, maxSide);
  return {small.columns, small.rows, encodeJpeg(small)};
}

}  // namespace fv::fluoro
