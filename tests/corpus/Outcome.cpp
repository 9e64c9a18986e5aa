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
    case SampleType::U8:
      widenFrame<uint8_t>(f, out);
      break;
    case SampleType::I8:
      widenFrame<int8_t>(f, out);
      break;
    case SampleType::U16:
      widenFrame<uint16_t>(f, out);
      break;
    case SampleType::I16:
      widenFrame<int16_t>(f, out);
      break;
    case SampleType::U32:
      widenFrame<uint32_t>(f, out);
      break;
    case SampleType::I32:
      widenFrame<int32_t>(f, out);
      break;
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

namespace {

// |ours − reference| over every sample of every frame.
struct Difference {
  bool shapeDiffers = false;
  std::string error;  // the reference cache is damaged
  size_t samples = 0, differing = 0;
  uint32_t differingFrames = 0;
  double sumAbs = 0, maxAbs = 0;
};

Difference difference(const std::vector<Frame>& ours, const GdcmReference& ref,
                      const ReferenceVariant& v) {
  Difference d;
  const Frame& first = ours.front();
  if (v.frames != ours.size() || v.rows != first.rows() || v.columns != first.columns() ||
      v.samples != first.samplesPerPixel()) {
    d.shapeDiffers = true;
    return d;
  }
  std::vector<int64_t> a, b;
  for (uint32_t f = 0; f < v.frames; ++f) {
    if (!ref.loadFrame(v, f, b, d.error)) return d;
    // The helper's per-frame checksums guard the cached values (same arithmetic as numpy's).
    uint64_t sum = 0, weighted = 0;
    for (size_t i = 0; i < b.size(); ++i) {
      sum += uint64_t(b[i]);
      weighted += uint64_t(b[i]) * (uint64_t(i % 65521) + 1);
    }
    if (f >= v.checksums.size() || v.checksums[f] != std::make_pair(sum, weighted)) {
      d.error = "the GDCM reference cache " + v.rawPath +
                " does not match its checksums (delete it to rebuild)";
      return d;
    }
    framesValues(ours[f], a);
    bool frameDiffers = false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] == b[i]) continue;
      const double x = std::abs(double(a[i]) - double(b[i]));
      frameDiffers = true;
      ++d.differing;
      d.sumAbs += x;
      d.maxAbs = std::max(d.maxAbs, x);
    }
    d.samples += a.size();
    d.differingFrames += frameDiffers;
  }
  return d;
}

void secondOpinion(const OurDecode& ours, const GdcmReference& ref, Outcome& o) {
  const ReferenceVariant* v = ref.variant("pydicom");
  if (!v || ours.decoded.empty()) return;
  const Difference d = difference(ours.decoded, ref, *v);
  if (!d.error.empty()) return;
  o.pydicom = d.shapeDiffers || d.differing ? "differs" : "equal";
  o.detail += std::string(o.detail.empty() ? "" : "; ") + "pydicom's own decode: " + o.pydicom;
}

}  // namespace

Outcome compareWithGdcm(const OurDecode& ours, const GdcmReference& gdcm) {
  Outcome o;
  o.ourMessage = ours.message;
  o.gdcmMessage = gdcm.message;
  const bool weDecoded = ours.status == OurDecode::Status::Decoded;
  const bool theyDecoded = gdcm.status == GdcmReference::Status::Decoded;
  std::vector<int64_t> a;
  for (const Frame& f : ours.decoded) {
    framesValues(f, a);
    for (int64_t v : a) o.checksum += uint64_t(v);
  }
  if (!weDecoded || !theyDecoded) {
    o.kind = std::string(toString(ours.status)) + "/" + toString(gdcm.status);
    if (!ours.message.empty()) o.detail = "ours: " + ours.message;
    if (!gdcm.message.empty())
      o.detail += std::string(o.detail.empty() ? "" : "; ") + "GDCM: " + gdcm.message;
    if (ours.dicomDir) o.detail += std::string(o.detail.empty() ? "" : "; ") + "a DICOMDIR";
    if (weDecoded) secondOpinion(ours, gdcm, o);
    return o;
  }
  o.variant = "stored";
  if (ours.photometric == "RGB" && gdcm.photometric.rfind("YBR_FULL", 0) == 0 &&
      gdcm.variant("rgb"))
    o.variant = "rgb";
  const ReferenceVariant* v = gdcm.variant(o.variant);
  if (!v) {
    o.kind = "decoded/failed";
    o.detail = "the GDCM reference has no " + o.variant + " values";
    return o;
  }
  const Difference d = difference(ours.decoded, gdcm, *v);
  if (!d.error.empty()) {
    o.kind = "decoded/failed";
    o.detail = d.error;
    return o;
  }
  const Frame& first = ours.decoded.front();
  if (d.shapeDiffers) {
    o.kind = "shape";
    o.detail = "ours " +
               shapeText(uint32_t(ours.decoded.size()), first.rows(), first.columns(),
                         first.samplesPerPixel()) +
               " (" + ours.photometric + "), GDCM " +
               shapeText(v->frames, v->rows, v->columns, v->samples) + " (" + gdcm.photometric +
               ")";
    secondOpinion(ours, gdcm, o);
    return o;
  }
  o.maxAbs = d.maxAbs;
  o.meanAbs = d.samples ? d.sumAbs / double(d.samples) : 0;
  o.differingFrames = d.differingFrames;
  const std::string normalised =
      o.variant == "rgb"
          ? " (GDCM's YBR_FULL converted to RGB with IJG's formula, as our JPEG path does)"
          : "";
  if (d.differing == 0) {
    o.kind = "equal";
    o.detail = std::to_string(v->frames) + " frame(s) identical" + normalised;
    return o;
  }
  o.kind = "differs";
  o.detail = std::to_string(d.differingFrames) + " of " + std::to_string(v->frames) +
             " frames differ: " + std::to_string(d.differing) + " of " + std::to_string(d.samples) +
             " samples, max diff " + fixed(o.maxAbs) + ", mean diff " + fixed(o.meanAbs) +
             normalised + "; ours " + ours.photometric + ", GDCM " + gdcm.photometric;
  secondOpinion(ours, gdcm, o);
  return o;
}

}  // namespace fv::corpus
