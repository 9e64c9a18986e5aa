#include "SampleLayout.h"

#include <cstring>
#include <type_traits>

namespace fv::dicom {

SampleType sampleTypeOf(const PixelDescription& d) {
  if (d.bitsAllocated <= 8) return d.isSigned ? SampleType::I8 : SampleType::U8;
  if (d.bitsAllocated <= 16) return d.isSigned ? SampleType::I16 : SampleType::U16;
  return d.isSigned ? SampleType::I32 : SampleType::U32;
}

namespace {

template <class U>
bool cleanT(const U* p, size_t n, const PixelDescription& d) {
  constexpr unsigned width = sizeof(U) * 8;
  if (d.bitsStored >= width) return true;
  if (!d.isSigned) {
    // OR-reduce: vectorises to a few GB/s; any bit above Bits Stored means dirty.
    U acc = 0;
    for (size_t i = 0; i < n; ++i) acc |= p[i];
    return (acc >> d.bitsStored) == 0;
  }
  // Signed: the bits above the sign bit must all equal the sign bit.
  using S = std::make_signed_t<U>;
  const S lo = S(-(S(1) << (d.bitsStored - 1))), hi = S((S(1) << (d.bitsStored - 1)) - 1);
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    const S v = S(p[i]);
    ok &= (v >= lo) & (v <= hi);
  }
  return ok;
}

template <class U>
void fixT(U* p, size_t n, const PixelDescription& d) {
  constexpr unsigned width = sizeof(U) * 8;
  const unsigned shift = (d.highBit + 1u >= d.bitsStored) ? d.highBit + 1u - d.bitsStored : 0u;
  const unsigned bits = d.bitsStored;
  if (bits >= width && shift == 0) return;
  const U mask = bits >= width ? U(~U(0)) : U((U(1) << bits) - 1);
  for (size_t i = 0; i < n; ++i) {
    U v = U(p[i] >> shift) & mask;
    if (d.isSigned && bits < width && (v >> (bits - 1)) & 1u) v |= U(~mask);  // sign-extend
    p[i] = v;
  }
}

}  // namespace

bool samplesAreClean(const void* data, size_t n, const PixelDescription& d) {
  if (d.highBit + 1u != d.bitsStored) return false;
  switch (d.bytesPerSample()) {
    case 1: return cleanT(static_cast<const uint8_t*>(data), n, d);
    case 2: return cleanT(static_cast<const uint16_t*>(data), n, d);
    default: return cleanT(static_cast<const uint32_t*>(data), n, d);
  }
}

void cleanSamples(void* data, size_t n, const PixelDescription& d) {
  switch (d.bytesPerSample()) {
    case 1: fixT(static_cast<uint8_t*>(data), n, d); break;
    case 2: fixT(static_cast<uint16_t*>(data), n, d); break;
    default: fixT(static_cast<uint32_t*>(data), n, d); break;
  }
}

void interleavePlanes(const void* src, void* dst, size_t pixels, int samples, size_t bps) {
  const auto* s = static_cast<const uint8_t*>(src);
  auto* o = static_cast<uint8_t*>(dst);
  for (int k = 0; k < samples; ++k) {
    const uint8_t* plane = s + size_t(k) * pixels * bps;
    for (size_t i = 0; i < pixels; ++i) std::memcpy(o + (i * samples + k) * bps, plane + i * bps, bps);
  }
}

void expandYbr422(const uint8_t* src, uint8_t* dst, uint32_t rows, uint32_t columns) {
  const size_t pairs = (size_t(rows) * columns) / 2;
  for (size_t i = 0; i < pairs; ++i) {
    const uint8_t y1 = src[4 * i], y2 = src[4 * i + 1], cb = src[4 * i + 2], cr = src[4 * i + 3];
    uint8_t* o = dst + 6 * i;
    o[0] = y1; o[1] = cb; o[2] = cr;
    o[3] = y2; o[4] = cb; o[5] = cr;
  }
}

}  // namespace fv::dicom
