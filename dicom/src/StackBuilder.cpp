// Splitting series into stacks, ordering slices along their normal, checking spacing.
#include "fv/dicom/StackBuilder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <tuple>

namespace fv::dicom {

namespace {

constexpr double kOrientationTolerance = 1e-3;  // direction cosines equal within this

std::string fmt(const char* f, double a, double b = 0, double c = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

// Acquisition order for images without geometry: Instance Number, then time, then SOP UID.
auto acquisitionKey(const InstanceInfo& i) {
  return std::make_tuple(i.instanceNumber.value_or(INT32_MAX), i.acquisitionDateTime, i.sopInstanceUid);
}

// Sorts a volume stack's frames along the normal and fills spacing and warnings.
void orderAlongNormal(Stack& s, const InstanceInfo* gantrySource) {
  const Vec3 n = s.orientation->normal();
  std::vector<size_t> order(s.frames.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return s.positions[a].dot(n) < s.positions[b].dot(n); });
  std::vector<FrameRef> frames;
  std::vector<Vec3> positions;
  for (size_t i : order) {
    frames.push_back(s.frames[i]);
    positions.push_back(s.positions[i]);
  }
  s.frames = std::move(frames);
  s.positions = std::move(positions);

  std::vector<double> gaps;
  size_t duplicates = 0;
  for (size_t i = 1; i < s.positions.size(); ++i) {
    const double g = (s.positions[i] - s.positions[i - 1]).dot(n);
    if (g < 1e-3) ++duplicates;
    else gaps.push_back(g);
  }
  if (duplicates)
    s.warnings.push_back(fmt("%.0f slices share a position with another slice", double(duplicates)));
  if (gaps.empty()) return;
  std::vector<double> sorted = gaps;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double median = sorted[sorted.size() / 2];
  s.sliceSpacing = median;
  const double tol = std::max(0.01 * median, 0.01);
  size_t missing = 0;
  double lo = median, hi = median;
  for (double g : gaps) {
    lo = std::min(lo, g);
    hi = std::max(hi, g);
    const double k = std::round(g / median);
    if (k >= 2 && std::fabs(g - k * median) <= std::max(0.1 * median, tol)) missing += size_t(k) - 1;
  }
  if (hi - lo > tol) {
    s.uniformSpacing = false;
    s.warnings.push_back(fmt("non-uniform slice spacing: %.3f to %.3f mm (median %.3f mm)", lo, hi, median));
  }
  if (missing) s.warnings.push_back(fmt("%.0f missing slice(s) (gaps of a multiple of %.3f mm)", double(missing), median));

  // The line through the slice origins should follow the normal; if not, the stack is sheared
  // (CT gantry tilt), and a plain volume would misplace anatomy.
  const Vec3 span = s.positions.back() - s.positions.front();
  double shear = 0;
  if (span.norm() > 1e-3)
    shear = std::acos(std::min(1.0, std::fabs(span.normalized().dot(n)))) * 180.0 / M_PI;
  const double headerTilt = gantrySource && gantrySource->gantryTilt ? *gantrySource->gantryTilt : 0.0;
  if (shear > 0.1)
    s.warnings.push_back(fmt("gantry tilt / sheared stack: slices offset %.2f degrees from the normal", shear));
  else if (std::fabs(headerTilt) > 0.01)
    s.warnings.push_back(fmt("Gantry/Detector Tilt (0018,1120) is %.2f degrees", headerTilt));
}

// Frames of one enhanced multi-frame instance, split by orientation (PS3.3 C.7.6.16.2.3).
void enhancedStacks(const InstanceInfo& inst, uint32_t index, std::vector<Stack>& out) {
  std::vector<Stack> groups;
  for (uint32_t f = 0; f < inst.pixels.frames; ++f) {
    const FramePlane& p = inst.planeOf(f);
    Stack* target = nullptr;
    for (auto& g : groups) {
      const bool same = (!g.orientation && !p.orientation) ||
                        (g.orientation && p.orientation && g.orientation->approxEquals(*p.orientation, kOrientationTolerance));
      if (same) { target = &g; break; }
    }
    if (!target) {
      groups.emplace_back();
      target = &groups.back();
      target->rows = inst.pixels.rows;
      target->columns = inst.pixels.columns;
      target->orientation = p.orientation;
    }
    target->frames.push_back({index, f});
    target->positions.push_back(p.position.value_or(Vec3{}));
  }
  for (auto& g : groups) {
    bool distinct = false;
    for (size_t i = 1; i < g.positions.size(); ++i)
      distinct |= (g.positions[i] - g.positions[0]).norm() > 1e-3;
    if (g.orientation && distinct) {
      g.kind = StackKind::Volume;
      orderAlongNormal(g, &inst);
    } else {
      g.kind = g.frames.size() > 1 ? StackKind::Cine : StackKind::Images;
    }
    out.push_back(std::move(g));
  }
}

}  // namespace

std::string Stack::orientationName() const {
  if (!orientation) return "";
  const Vec3 n = orientation->normal();
  const double ax = std::fabs(n.x), ay = std::fabs(n.y), az = std::fabs(n.z);
  const double m = std::max({ax, ay, az});
  if (m < 0.9) return "oblique";  // more than ~25 degrees off every axis
  if (m == az) return "axial";
  if (m == ay) return "coronal";
  return "sagittal";
}

std::vector<Stack> buildStacks(const std::vector<InstanceInfo>& instances) {
  std::vector<Stack> stacks;
  std::vector<Stack> groups;  // single-frame images by size and orientation
  for (uint32_t i = 0; i < instances.size(); ++i) {
    const InstanceInfo& inst = instances[i];
    if (!inst.hasPixelData || inst.pixels.frames == 0) continue;
    if (inst.isMultiFrame() && inst.isEnhanced()) {
      enhancedStacks(inst, i, stacks);
      continue;
    }
    if (inst.isMultiFrame()) {  // one run of fluoroscopy / cine: its own stack, file order
      Stack s;
      s.kind = StackKind::Cine;
      s.rows = inst.pixels.rows;
      s.columns = inst.pixels.columns;
      s.orientation = inst.plane.orientation;
      for (uint32_t f = 0; f < inst.pixels.frames; ++f) s.frames.push_back({i, f});
      stacks.push_back(std::move(s));
      continue;
    }
    const auto& o = inst.plane.orientation;
    Stack* target = nullptr;
    for (auto& g : groups) {
      if (g.rows != inst.pixels.rows || g.columns != inst.pixels.columns) continue;
      const bool same = (!g.orientation && !o) ||
                        (g.orientation && o && g.orientation->approxEquals(*o, kOrientationTolerance));
      if (same) { target = &g; break; }
    }
    if (!target) {
      groups.emplace_back();
      target = &groups.back();
      target->rows = inst.pixels.rows;
      target->columns = inst.pixels.columns;
      target->orientation = o;
    }
    target->frames.push_back({i, 0});
    target->positions.push_back(inst.plane.position.value_or(Vec3{}));
  }
  for (auto& g : groups) {
    const bool allPositioned = std::all_of(g.frames.begin(), g.frames.end(), [&](const FrameRef& r) {
      return instances[r.instance].plane.position.has_value();
    });
    if (g.orientation && allPositioned && g.frames.size() >= 2) {
      g.kind = StackKind::Volume;
      orderAlongNormal(g, &instances[g.frames.front().instance]);
    } else {
      g.kind = StackKind::Images;
      std::stable_sort(g.frames.begin(), g.frames.end(), [&](const FrameRef& a, const FrameRef& b) {
        return acquisitionKey(instances[a.instance]) < acquisitionKey(instances[b.instance]);
      });
      if (!allPositioned) g.positions.clear();
      else {
        g.positions.clear();
        for (const auto& r : g.frames) g.positions.push_back(*instances[r.instance].plane.position);
      }
    }
    stacks.push_back(std::move(g));
  }
  // Stacks in acquisition order of their first image.
  std::stable_sort(stacks.begin(), stacks.end(), [&](const Stack& a, const Stack& b) {
    auto first = [&](const Stack& s) {
      int best = INT32_MAX;
      for (const auto& r : s.frames) best = std::min(best, instances[r.instance].instanceNumber.value_or(INT32_MAX));
      return best;
    };
    return first(a) < first(b);
  });
  return stacks;
}

}  // namespace fv::dicom
