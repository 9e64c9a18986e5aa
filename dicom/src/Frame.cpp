#include "fv/dicom/Frame.h"

#include <algorithm>
#include <limits>

namespace fv::dicom {

size_t sampleSize(SampleType t) {
  switch (t) {
    case SampleType::U8: case SampleType::I8: return 1;
    case SampleType::U16: case SampleType::I16: return 2;
    case SampleType::U32: case SampleType::I32: return 4;
  }
  return 1;
}

namespace {
template <class T, class F>
auto visit(SampleType t, const void* p, F&& f) {
  switch (t) {
    case SampleType::U8: return f(static_cast<const uint8_t*>(p));
    case SampleType::I8: return f(static_cast<const int8_t*>(p));
    case SampleType::U16: return f(static_cast<const uint16_t*>(p));
    case SampleType::I16: return f(static_cast<const int16_t*>(p));
    case SampleType::U32: return f(static_cast<const uint32_t*>(p));
    case SampleType::I32: return f(static_cast<const int32_t*>(p));
  }
  return f(static_cast<const uint8_t*>(p));
}

// Sums in blocks with a 64-bit accumulator per block; the compiler vectorises the inner loop.
template <class T>
int64_t sumOf(const T* p, size_t n) {
  int64_t total = 0;
  constexpr size_t kBlock = 1 << 15;  // 32768 * 65535 fits in int64 trivially; keeps it in L1/L2
  for (size_t i = 0; i < n; i += kBlock) {
    const size_t end = std::min(n, i + kBlock);
    int64_t s = 0;
    for (size_t k = i; k < end; ++k) s += p[k];
    total += s;
  }
  return total;
}
}  // namespace

double Frame::sample(size_t i) const {
  return visit<double>(m_type, m_data, [i](auto p) { return double(p[i]); });
}

int64_t Frame::sum() const {
  if (!m_data) return 0;
  const size_t n = sampleCount();
  return visit<int64_t>(m_type, m_data, [n](auto p) { return sumOf(p, n); });
}

void Frame::minMax(double& lo, double& hi) const {
  lo = 0;
  hi = 0;
  if (!m_data || sampleCount() == 0) return;
  const size_t n = sampleCount();
  visit<int>(m_type, m_data, [&](auto p) {
    auto [mn, mx] = std::minmax_element(p, p + n);
    lo = double(*mn);
    hi = double(*mx);
    return 0;
  });
}

}  // namespace fv::dicom
