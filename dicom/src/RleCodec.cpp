#include "RleCodec.h"

#include <cstring>
#include <vector>

namespace fv::dicom {

namespace {

uint32_t le32(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }

// PackBits (PS3.5 G.3.1): n >= 0 copies n+1 literal bytes, -127..-1 repeats the next byte 1-n
// times, -128 is a no-op. Returns the number of bytes produced (at most `outSize`).
size_t unpackBits(const uint8_t* in, size_t inSize, uint8_t* out, size_t outSize) {
  size_t i = 0, o = 0;
  while (o < outSize && i < inSize) {
    const int n = int8_t(in[i++]);
    if (n >= 0) {
      size_t count = size_t(n) + 1;
      if (count > inSize - i) count = inSize - i;
      if (count > outSize - o) count = outSize - o;  // tolerate a run spilling past the segment
      std::memcpy(out + o, in + i, count);
      i += size_t(n) + 1;
      o += count;
    } else if (n != -128) {
      if (i >= inSize) break;
      size_t count = size_t(1 - n);
      if (count > outSize - o) count = outSize - o;
      std::memset(out + o, in[i++], count);
      o += count;
    }
  }
  return o;
}

}  // namespace

Status decodeRleFrame(const uint8_t* data, size_t size, const PixelDescription& d, uint8_t* out) {
  const size_t bps = d.bytesPerSample();
  const size_t spp = d.samplesPerPixel;
  const size_t pixels = size_t(d.rows) * d.columns;
  if (size < 64) return makeError(ErrorCode::Malformed, "RLE header is incomplete");
  const uint32_t segments = le32(data);
  if (segments != spp * bps || segments == 0 || segments > 15)
    return makeError(ErrorCode::Malformed, "RLE frame has " + std::to_string(segments) + " segments, " +
                                               std::to_string(spp * bps) + " expected (PS3.5 G.2)");
  uint32_t offsets[16];
  for (uint32_t s = 0; s < segments; ++s) offsets[s] = le32(data + 4 + 4 * s);
  offsets[segments] = uint32_t(std::min<size_t>(size, UINT32_MAX));
  for (uint32_t s = 0; s < segments; ++s)
    if (offsets[s] < 64 || offsets[s] > offsets[s + 1])
      return makeError(ErrorCode::Malformed, "RLE segment offsets are out of order or out of range");

  thread_local std::vector<uint8_t> planes;
  auto unpack = [&](uint32_t s, uint8_t* target) -> Status {
    const size_t produced = unpackBits(data + offsets[s], offsets[s + 1] - offsets[s], target, pixels);
    if (produced == pixels) return {};
    return makeError(ErrorCode::Malformed, "RLE segment " + std::to_string(s + 1) + " holds " +
                                               std::to_string(produced) + " of " + std::to_string(pixels) + " bytes");
  };
  if (bps == 1 && spp == 1) return unpack(0, out);  // the one segment is the frame itself
  if (bps == 2 && spp == 1) {
    // The common 16-bit grey case: two byte planes, combined in one vectorisable pass.
    planes.resize(2 * pixels);
    uint8_t* hi = planes.data();
    uint8_t* lo = hi + pixels;
    if (Status st = unpack(0, hi); !st) return st;
    if (Status st = unpack(1, lo); !st) return st;
    uint16_t* dst = reinterpret_cast<uint16_t*>(out);  // out holds 16-bit samples: aligned
    for (size_t i = 0; i < pixels; ++i) dst[i] = uint16_t(uint16_t(hi[i]) << 8 | lo[i]);
    return {};
  }
  planes.resize(pixels);
  for (uint32_t s = 0; s < segments; ++s) {
    if (Status st = unpack(s, planes.data()); !st) return st;
    // Segment s carries byte (bps-1-s%bps) of sample s/bps: most significant byte first (G.2).
    const size_t sample = s / bps, byte = bps - 1 - s % bps;
    const size_t stride = spp * bps;
    uint8_t* dst = out + sample * bps + byte;
    const uint8_t* src = planes.data();
    for (size_t i = 0; i < pixels; ++i) dst[i * stride] = src[i];
  }
  return {};
}

}  // namespace fv::dicom
