#include "fv/dicom/Reslice.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

namespace fv::dicom {

namespace {

// Columns of the 3x3 matrix voxel → patient offset: row·sx, column·sy, normal·sz.
struct Axes {
  Vec3 a, b, c;
};

Axes axesOf(const Volume& v) {
  return {v.orientation.row * v.spacing[0], v.orientation.column * v.spacing[1], v.orientation.normal() * v.spacing[2]};
}

template <class T>
void sampleInto(const Volume& v, const ReslicePlane& p, T* out) {
  const T* data = reinterpret_cast<const T*>(v.data.get());
  const long nx = v.dims[0], ny = v.dims[1], nz = v.dims[2];
  T outside = std::numeric_limits<T>::max();
  for (size_t i = 0, n = size_t(nx) * ny * nz; i < n; ++i) outside = std::min(outside, data[i]);
  const Vec3 du = p.orientation.row * p.columnMm, dv = p.orientation.column * p.rowMm;
  auto at = [&](long x, long y, long z) { return double(data[(size_t(z) * ny + size_t(y)) * nx + size_t(x)]); };
  for (uint32_t r = 0; r < p.rows; ++r) {
    for (uint32_t c = 0; c < p.columns; ++c) {
      const Vec3 q = patientToVoxel(v, p.origin + du * double(c) + dv * double(r));
      T& o = out[size_t(r) * p.columns + c];
      // Voxel centres at integers; a sample is inside when within half a voxel of the grid.
      if (q.x < -0.5 || q.y < -0.5 || q.z < -0.5 || q.x > nx - 0.5 || q.y > ny - 0.5 || q.z > nz - 0.5) {
        o = outside;
        continue;
      }
      const double x = std::clamp(q.x, 0.0, double(nx - 1)), y = std::clamp(q.y, 0.0, double(ny - 1)),
                   z = std::clamp(q.z, 0.0, double(nz - 1));
      const long x0 = long(x), y0 = long(y), z0 = long(z);
      const long x1 = std::min(x0 + 1, nx - 1), y1 = std::min(y0 + 1, ny - 1), z1 = std::min(z0 + 1, nz - 1);
      const double fx = x - x0, fy = y - y0, fz = z - z0;
      const double c00 = at(x0, y0, z0) * (1 - fx) + at(x1, y0, z0) * fx;
      const double c10 = at(x0, y1, z0) * (1 - fx) + at(x1, y1, z0) * fx;
      const double c01 = at(x0, y0, z1) * (1 - fx) + at(x1, y0, z1) * fx;
      const double c11 = at(x0, y1, z1) * (1 - fx) + at(x1, y1, z1) * fx;
      const double value = (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
      o = T(std::is_integral_v<T> ? std::lround(value) : value);
    }
  }
}

}  // namespace

Vec3 voxelToPatient(const Volume& v, double i, double j, double k) {
  const Axes ax = axesOf(v);
  return v.origin + ax.a * i + ax.b * j + ax.c * k;
}

Vec3 patientToVoxel(const Volume& v, const Vec3& p) {
  // Solve [a b c]·(i j k)ᵀ = p − origin with Cramer's rule (a, b, c need not be orthogonal).
  const Axes ax = axesOf(v);
  const Vec3 d = p - v.origin;
  const double det = ax.a.dot(ax.b.cross(ax.c));
  if (std::fabs(det) < 1e-12) return {};
  return {d.dot(ax.b.cross(ax.c)) / det, ax.a.dot(d.cross(ax.c)) / det, ax.a.dot(ax.b.cross(d)) / det};
}

void volumeBounds(const Volume& v, Vec3& lo, Vec3& hi) {
  const double big = std::numeric_limits<double>::max();
  lo = {big, big, big};
  hi = {-big, -big, -big};
  for (int corner = 0; corner < 8; ++corner) {
    const Vec3 p = voxelToPatient(v, (corner & 1) ? v.dims[0] - 0.5 : -0.5, (corner & 2) ? v.dims[1] - 0.5 : -0.5,
                                  (corner & 4) ? v.dims[2] - 0.5 : -0.5);
    lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
    hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
  }
}

ReslicePlane standardPlane(const Volume& v, AnatomicalPlane plane, const Vec3& through) {
  Vec3 lo, hi;
  volumeBounds(v, lo, hi);
  const double step = std::min({v.spacing[0], v.spacing[1], v.spacing[2]});
  ReslicePlane p;
  p.rowMm = p.columnMm = step;
  auto count = [step](double a, double b) { return uint32_t(std::max(1.0, std::floor((b - a) / step))); };
  switch (plane) {
    case AnatomicalPlane::Axial:  // looking from the feet: patient right on screen left
      p.orientation = {{1, 0, 0}, {0, 1, 0}};
      p.columns = count(lo.x, hi.x);
      p.rows = count(lo.y, hi.y);
      p.origin = {lo.x + step / 2, lo.y + step / 2, through.z};
      break;
    case AnatomicalPlane::Coronal:  // looking from the front, head up
      p.orientation = {{1, 0, 0}, {0, 0, -1}};
      p.columns = count(lo.x, hi.x);
      p.rows = count(lo.z, hi.z);
      p.origin = {lo.x + step / 2, through.y, hi.z - step / 2};
      break;
    case AnatomicalPlane::Sagittal:  // looking from the patient's left, anterior on the left
      p.orientation = {{0, 1, 0}, {0, 0, -1}};
      p.columns = count(lo.y, hi.y);
      p.rows = count(lo.z, hi.z);
      p.origin = {through.x, lo.y + step / 2, hi.z - step / 2};
      break;
  }
  return p;
}

Result<Frame> reslice(const Volume& v, const ReslicePlane& p) {
  if (!v.data || v.samplesPerPixel != 1) return makeError(ErrorCode::Unsupported, "MPR needs a grey-scale volume");
  if (p.rows == 0 || p.columns == 0 || size_t(p.rows) * p.columns > (size_t(1) << 26))
    return makeError(ErrorCode::InvalidArgument, "reslice plane is empty or too large");
  PixelDescription d;
  d.rows = p.rows;
  d.columns = p.columns;
  d.samplesPerPixel = 1;
  d.bitsAllocated = uint16_t(sampleSize(v.type) * 8);
  d.bitsStored = d.bitsAllocated;
  d.highBit = uint16_t(d.bitsAllocated - 1);
  d.isSigned = v.type == SampleType::I8 || v.type == SampleType::I16 || v.type == SampleType::I32;
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[d.bytesPerFrame()]);
  switch (v.type) {
    case SampleType::U8: sampleInto(v, p, reinterpret_cast<uint8_t*>(buffer.get())); break;
    case SampleType::I8: sampleInto(v, p, reinterpret_cast<int8_t*>(buffer.get())); break;
    case SampleType::U16: sampleInto(v, p, reinterpret_cast<uint16_t*>(buffer.get())); break;
    case SampleType::I16: sampleInto(v, p, reinterpret_cast<int16_t*>(buffer.get())); break;
    case SampleType::U32: sampleInto(v, p, reinterpret_cast<uint32_t*>(buffer.get())); break;
    case SampleType::I32: sampleInto(v, p, reinterpret_cast<int32_t*>(buffer.get())); break;
  }
  const void* data = buffer.get();
  return Frame(d, v.type, data, std::shared_ptr<const void>(std::move(buffer), data));
}

}  // namespace fv::dicom
