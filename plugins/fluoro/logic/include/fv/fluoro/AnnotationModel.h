// The annotations of a series, per frame, with selection and undo/redo (no widgets).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <string>

#include "fv/fluoro/Annotation.h"

namespace fv::fluoro {

/// One source frame: SOP Instance UID and 0-based frame number within that instance.
struct FrameKey {
  std::string sopInstanceUid;
  uint32_t frame = 0;
  auto operator<=>(const FrameKey&) const = default;
  bool operator==(const FrameKey&) const = default;
};

/// Annotations keyed by source frame. Every edit is one undo step.
class AnnotationModel {
 public:
  /// Adds `a` to `frame` (a fresh id is assigned and returned); the new annotation is selected.
  uint64_t add(const FrameKey& frame, Annotation a);
  /// Replaces the annotation with `a.id` (same frame); false when unknown.
  bool update(const Annotation& a);
  /// Moves every point of annotation `id` by (dx, dy); false when unknown.
  bool translate(uint64_t id, double dx, double dy);
  /// Moves point `index` of annotation `id` to `p`; false when unknown.
  bool movePoint(uint64_t id, size_t index, const Point& p);
  /// Removes annotation `id`; false when unknown.
  bool remove(uint64_t id);
  /// Removes every annotation of `frame`.
  void clearFrame(const FrameKey& frame);
  /// Replaces everything (e.g. after reading presentation states); clears the undo history.
  void reset(std::map<FrameKey, std::vector<Annotation>> frames);

  /// Annotations of `frame` (empty when none).
  const std::vector<Annotation>& annotations(const FrameKey& frame) const;
  /// Frames that have annotations, ascending.
  std::vector<FrameKey> annotatedFrames() const;
  /// The annotation with `id` and its frame, or nothing.
  std::optional<std::pair<FrameKey, Annotation>> find(uint64_t id) const;
  /// The annotation of `frame` nearest to `p` within `tolerance` pixels, or nothing.
  std::optional<uint64_t> hitTest(const FrameKey& frame, const Point& p, double tolerance) const;
  /// The single annotation of `kind` on `frame` (the last added), or nothing.
  std::optional<Annotation> last(const FrameKey& frame, AnnotationKind kind) const;

  /// The selected annotation id (0 = none).
  uint64_t selected() const { return m_selected; }
  void select(uint64_t id) { m_selected = id; }

  /// Undo/redo of edits (add, update, translate, movePoint, remove, clearFrame).
  bool canUndo() const { return !m_undo.empty(); }
  bool canRedo() const { return !m_redo.empty(); }
  bool undo();
  bool redo();
  /// Groups the following edits into one undo step until endGroup() (e.g. a mouse drag).
  void beginGroup();
  void endGroup();

  /// Incremented on every change (for views to notice edits).
  uint64_t revision() const { return m_revision; }

 private:
  using Frames = std::map<FrameKey, std::vector<Annotation>>;
  void checkpoint();
  void changed() { ++m_revision; }
  Annotation* findMutable(uint64_t id);

  Frames m_frames;
  std::vector<Frames> m_undo, m_redo;
  uint64_t m_nextId = 1;
  uint64_t m_selected = 0;
  uint64_t m_revision = 0;
  int m_groupDepth = 0;
  bool m_groupCheckpointed = false;
};

}  // namespace fv::fluoro
