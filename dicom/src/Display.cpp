// Grayscale Standard Display pipeline on the CPU (PS3.4 N.2): used for PNG export, thumbnails
// and as the reference that GPU rendering is tested against.
#include "fv/dicom/Display.h"

#include <algorithm>
#include <cmath>

#include "fv/dicom/Overlay.h"
#include "fv/dicom/Shutter.h"

namespace fv::dicom {

double modalityValue(const InstanceInfo& info, double stored) {
  if (!info.modalityLut.empty()) return info.modalityLut.lookup(stored);
  return stored * info.rescale.slope + info.rescale.intercept;
}

double applyWindow(const Window& w, double x) {
  const double c = w.center, width = w.width;
  switch (w.function) {
    case VoiFunction::LinearExact: {  // PS3.3 C.11.2.1.3.2
      if (width <= 0) return x < c ? 0.0 : 1.0;
      return std::clamp((x - (c - width / 2)) / width, 0.0, 1.0);
    }
    case VoiFunction::Sigmoid:  // PS3.3 C.11.2.1.3.1
      return 1.0 / (1.0 + std::exp(-4.0 * (x - c) / std::max(width, 1e-9)));
    case VoiFunction::Linear:
    default: {  // PS3.3 C.11.2.1.2.1
      const double wm1 = std::max(width - 1.0, 1e-9);
      if (x <= c - 0.5 - wm1 / 2) return 0.0;
      if (x > c - 0.5 + wm1 / 2) return 1.0;
      return std::clamp((x - (c - 0.5)) / wm1 + 0.5, 0.0, 1.0);
    }
  }
}

Window defaultWindow(const InstanceInfo& info, const Frame& frame) {
  if (!info.windows.empty()) {
    const auto& p = info.windows.front();
    return {p.center, p.width, p.function};
  }
  double lo = 0, hi = 0;
  frame.minMax(lo, hi);
  double mlo = modalityValue(info, lo), mhi = modalityValue(info, hi);
  if (mlo > mhi) std::swap(mlo, mhi);
  // Same convention as DCMTK's min-max window: centre (min+max+1)/2, width max-min+1.
  return {(mlo + mhi + 1) / 2, std::max(1.0, mhi - mlo + 1), VoiFunction::Linear};
}

namespace {

uint8_t to8(double unit) { return uint8_t(std::lround(std::clamp(unit, 0.0, 1.0) * 255.0)); }

// Maps every sample of a monochrome frame to 8 bits, via a table over the stored range for
// 8/16-bit data (at most 65536 evaluations instead of one per pixel).
void renderMonochrome(const InstanceInfo& info, const Frame& f, const DisplayOptions& o, Image8& out) {
  const bool useVoiLut = !o.window && info.windows.empty() && !info.voiLut.empty();
  const Window w = o.window ? *o.window : defaultWindow(info, f);
  const bool invert = (f.description().photometric == Photometric::Monochrome1) != o.invert;
  const double lutMax = useVoiLut ? double((1u << std::min<uint16_t>(info.voiLut.bits, 16)) - 1) : 1.0;
  auto map = [&](double stored) {
    const double m = modalityValue(info, stored);
    double y = useVoiLut ? info.voiLut.lookup(m) / lutMax : applyWindow(w, m);
    if (invert) y = 1.0 - y;
    return to8(y);
  };
  const size_t n = f.sampleCount();
  out.channels = 1;
  out.pixels.resize(n);
  const SampleType t = f.sampleType();
  if (t == SampleType::U8 || t == SampleType::I8 || t == SampleType::U16 || t == SampleType::I16) {
    const bool is8 = t == SampleType::U8 || t == SampleType::I8;
    const bool isSigned = t == SampleType::I8 || t == SampleType::I16;
    const int offset = isSigned ? (is8 ? 128 : 32768) : 0;
    std::vector<uint8_t> table(is8 ? 256 : 65536);
    for (size_t i = 0; i < table.size(); ++i) table[i] = map(double(long(i) - offset));
    for (size_t i = 0; i < n; ++i) {
      long v;
      switch (t) {
        case SampleType::U8: v = f.as<uint8_t>()[i]; break;
        case SampleType::I8: v = f.as<int8_t>()[i]; break;
        case SampleType::U16: v = f.as<uint16_t>()[i]; break;
        default: v = f.as<int16_t>()[i]; break;
      }
      out.pixels[i] = table[size_t(v + offset)];
    }
  } else {
    for (size_t i = 0; i < n; ++i) out.pixels[i] = map(f.sample(i));
  }
}

void renderColour(const InstanceInfo& info, const Frame& f, Image8& out) {
  const PixelDescription& d = f.description();
  const size_t pixels = size_t(d.rows) * d.columns;
  out.channels = 3;
  out.pixels.resize(pixels * 3);
  const double scale = d.bitsStored > 8 ? 255.0 / double((1u << std::min<uint16_t>(d.bitsStored, 16)) - 1) : 1.0;
  if (d.photometric == Photometric::PaletteColor) {
    const PaletteLut& p = info.palette;
    auto chan = [](const Lut& l, double v) {
      const double maxv = double((1u << std::min<uint16_t>(std::max<uint16_t>(l.bits, 8), 16)) - 1);
      return to8(l.lookup(v) / maxv);
    };
    for (size_t i = 0; i < pixels; ++i) {
      const double v = f.sample(i);
      out.pixels[3 * i] = chan(p.red, v);
      out.pixels[3 * i + 1] = chan(p.green, v);
      out.pixels[3 * i + 2] = chan(p.blue, v);
    }
    return;
  }
  const bool ybr = d.photometric == Photometric::YbrFull || d.photometric == Photometric::YbrFull422 ||
                   d.photometric == Photometric::YbrPartial422;
  for (size_t i = 0; i < pixels; ++i) {
    double a = f.sample(3 * i) * scale, b = f.sample(3 * i + 1) * scale, c = f.sample(3 * i + 2) * scale;
    if (ybr) {  // PS3.3 C.7.6.3.1.2 YBR_FULL → RGB
      const double y = a, cb = b - 128, cr = c - 128;
      a = y + 1.402 * cr;
      b = y - 0.344136 * cb - 0.714136 * cr;
      c = y + 1.772 * cb;
    }
    out.pixels[3 * i] = uint8_t(std::lround(std::clamp(a, 0.0, 255.0)));
    out.pixels[3 * i + 1] = uint8_t(std::lround(std::clamp(b, 0.0, 255.0)));
    out.pixels[3 * i + 2] = uint8_t(std::lround(std::clamp(c, 0.0, 255.0)));
  }
}

void paintMask(Image8& img, const Mask& m, uint8_t value, bool where) {
  if (m.empty() || m.rows != img.rows || m.columns != img.columns) return;
  for (size_t i = 0; i < m.bits.size(); ++i)
    if (bool(m.bits[i]) == where)
      for (int c = 0; c < img.channels; ++c) img.pixels[i * img.channels + c] = value;
}

}  // namespace

Result<Image8> renderFrame(const InstanceInfo& info, const Frame& frame, uint32_t frameIndex,
                           const DisplayOptions& options) {
  if (frame.empty()) return makeError(ErrorCode::InvalidArgument, "no frame to render", info.path);
  Image8 out;
  out.rows = frame.rows();
  out.columns = frame.columns();
  const PixelDescription& d = frame.description();
  if (d.monochrome()) {
    renderMonochrome(info, frame, options, out);
  } else if (d.photometric == Photometric::PaletteColor && info.palette.empty()) {
    return makeError(ErrorCode::Malformed, "PALETTE COLOR image without Palette Color LUTs", info.path);
  } else {
    renderColour(info, frame, out);
  }
  if (options.applyShutters && info.shutter.any()) {
    // Shutter Presentation Value is a P-value 0..FFFF (PS3.3 C.7.6.11.1.1); default black.
    const uint8_t v = uint8_t(info.shutter.presentationValue.value_or(0) >> 8);
    paintMask(out, makeShutterMask(info.shutter, out.rows, out.columns), v, false);
  }
  if (options.applyOverlays)
    for (const auto& plane : info.overlays)
      paintMask(out, overlayMask(plane, frameIndex, out.rows, out.columns), 255, true);
  return out;
}

}  // namespace fv::dicom
