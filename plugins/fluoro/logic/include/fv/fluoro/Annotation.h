// Needle-procedure annotations, in image pixel coordinates, attached to one frame.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fv::fluoro {

/// A point in image pixels: column x, row y, pixel centres at integers (0-based).
struct Point {
  double x = 0, y = 0;
  bool operator==(const Point&) const = default;
};

/// What an annotation is; decides how it is drawn, measured and stored in a presentation state.
enum class AnnotationKind {
  NeedleTip,      ///< 1 point: where the needle tip is
  Target,         ///< 1 point: where the needle should go (e.g. the joint space)
  Trajectory,     ///< 2 points: skin entry → tip; drawn with a dashed extension to the target
  ReferenceLine,  ///< 2 points: a line the trajectory angle is measured against
  Arrow,          ///< 2 points: tail → head
  Label,          ///< 1 point + text
  Outline,        ///< ≥3 points: closed polygon around the contrast spread
  Calibration,    ///< 2 points over an object of known length (`lengthMm`)
};

/// Stable text for a kind ("needle-tip", "target", "trajectory", ...).
const char* toString(AnnotationKind kind);
/// The kind named by toString(), or nothing.
std::optional<AnnotationKind> annotationKindFromString(const std::string& text);
/// How many points a kind needs (Outline: the minimum, 3).
size_t requiredPoints(AnnotationKind kind);

/// One annotation on one frame.
struct Annotation {
  uint64_t id = 0;  ///< unique within a model (assigned by AnnotationModel::add)
  AnnotationKind kind = AnnotationKind::NeedleTip;
  std::vector<Point> points;  ///< see AnnotationKind for the meaning of each point
  std::string text;           ///< Label text (others: optional caption)
  double lengthMm = 0;        ///< Calibration: the known length of the object

  bool operator==(const Annotation&) const = default;
  /// True when the point count fits the kind (and Calibration has a positive length).
  bool valid() const;
};

/// Distance from `p` to the annotation's geometry in pixels (points, segments, polygon edges).
double distanceTo(const Annotation& a, const Point& p);

}  // namespace fv::fluoro
