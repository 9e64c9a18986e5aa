#include "Outcome.h"

#include <cstdlib>
#include <cstring>

using fv::dicom::Frame;
using fv::dicom::SampleType;

namespace fv::corpus {

namespace {

template <class T>
void widenFrame(const Frame& f, std::vector<int64_t>& out) {
  out.resize(f.sampleCount());
  const T* p = f.as<T>();
  for (size_t i = 0; i < out.size(); ++i) out[i] = int64_t(p[i]);
}

void framesValues(const Frame& f, std::vector<int64_t>& out) {
  switch (f.sampleType()) {
    case SampleType::U8: widenFrame<uint8_t>(f, out); break;
    case SampleType::I8: widenFrame<int8_t>(f, out); break;
    case SampleType::U16: widenFrame<uint16_t>(f, out); break;
    case SampleType::I16: widenFrame<int16_t>(f, out); break;
    case SampleType::U32: widenFrame<uint32_t>(f, out); break;
    case SampleType::I32: widenFrame<int32_t>(f, out); break;
  }
}

std::string shapeText(uint32_t frames, uint32_t rows, uint32_t cols, uint32_t samples) {
  return std::to_string(frames) + "x" + std::to_string(rows) + "x" + std::to_string(cols) + "x" +
         std::to_string(samples);
}

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

Outcome compareWithGdcm(const OurDecode& ours, const GdcmReference& gdcm) {
  Outcome o;
  o.ourMessage = ours.message;
  o.gdcmMessage = gdcm.message;
  const bool weDecoded = ours.status == OurDecode::Status::Decoded;
  const bool theyDecoded = gdcm.status == GdcmReference::Status::Decoded;
  std::vector<int64_t> a, b;
  for (const Frame& f : ours.decoded) {
    framesValues(f, a);
    for (int64_t v : a) o.checksum += uint64_t(v);
  }
  if (!weDecoded || !theyDecoded) {
    o.kind = std::string(toString(ours.status)) + "/" + toString(gdcm.status);
    if (!ours.message.empty()) o.detail = "ours: " + ours.message;
    if (!gdcm.message.empty()) o.detail += std::string(o.detail.empty() ? "" : "; ") + "GDCM: " + gdcm.message;
    if (ours.dicomDir) o.detail += std::string(o.detail.empty() ? "" : "; ") + "a DICOMDIR";
    return o;
  }
  const Frame& first = ours.decoded.front();
  const std::string ourShape = shapeText(uint32_t(ours.decoded.size()), first.rows(), first.columns(), first.samplesPerPixel());
  const std::string theirShape = shapeText(gdcm.frames, gdcm.rows, gdcm.columns, gdcm.samples);
  if (ourShape != theirShape) {
    o.kind = "shape";
    o.detail = "ours " + ourShape + " (" + ours.photometric + "), GDCM " + theirShape + " (" + gdcm.photometric + ")";
    return o;
  }
  o.variant = "stored";
  if (ours.photometric == "RGB" && gdcm.photometric.rfind("YBR_FULL", 0) == 0 && gdcm.variant("rgb"))
    o.variant = "rgb";
  const ReferenceVariant* v = gdcm.variant(o.variant);
  if (!v) {
    o.kind = "decoded/failed";
    o.detail = "the GDCM reference has no " + o.variant + " values";
    return o;
  }
  double sumAbs = 0;
  size_t count = 0, differing = 0;
  for (uint32_t f = 0; f < gdcm.frames; ++f) {
    std::string error;
    if (!gdcm.loadFrame(*v, f, b, error)) {
      o.kind = "decoded/failed";
      o.detail = error;
      return o;
    }
    framesValues(ours.decoded[f], a);
    bool frameDiffers = false;
    for (size_t i = 0; i < a.size(); ++i) {
      const double d = std::abs(double(a[i] - b[i]));
      if (d == 0) continue;
      frameDiffers = true;
      ++differing;
      sumAbs += d;
      o.maxAbs = std::max(o.maxAbs, d);
    }
    count += a.size();
    o.differingFrames += frameDiffers;
  }
  o.meanAbs = count ? sumAbs / double(count) : 0;
  const std::string normalised =
      o.variant == "rgb" ? " (GDCM's YBR_FULL converted to RGB with IJG's formula, as our JPEG path does)" : "";
  if (differing == 0) {
    o.kind = "equal";
    o.detail = std::to_string(gdcm.frames) + " frames identical" + normalised;
    return o;
  }
  o.kind = "differs";
  o.detail = std::to_string(o.differingFrames) + " of " + std::to_string(gdcm.frames) + " frames differ: " +
             std::to_string(differing) + " of " + std::to_string(count) + " samples, max |d| " + fixed(o.maxAbs) +
             ", mean |d| " + fixed(o.meanAbs) + normalised + "; ours " + ours.photometric + ", GDCM " + gdcm.photometric;
  return o;
}

}  // namespace fv::corpus
