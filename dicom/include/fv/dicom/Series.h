// The index: patient → study → series → stacks of frames ("display sets").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/InstanceInfo.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// One displayable frame: instance index within its series and frame number (0-based) in it.
struct FrameRef {
  uint32_t instance = 0;
  uint32_t frame = 0;
  bool operator==(const FrameRef&) const = default;
};

/// What a stack is, which decides how the viewer shows it.
enum class StackKind {
  Cine,    ///< frames of one multi-frame acquisition (fluoroscopy run, MR cine)
  Volume,  ///< parallel slices ordered along their normal, with spacing
  Images,  ///< images without usable geometry (single radiographs, secondary captures)
};

/// Stable text for a kind ("cine", "volume", "images").
const char* toString(StackKind kind);

/// A sequence of frames of the same size (and orientation) shown together: one display set.
struct Stack {
  StackKind kind = StackKind::Images;
  std::vector<FrameRef> frames;          ///< in display order
  uint32_t rows = 0, columns = 0;
  std::optional<Orientation> orientation;
  std::vector<Vec3> positions;           ///< per frame (volumes), same order as frames
  std::optional<double> sliceSpacing;    ///< mm between slices along the normal (median)
  bool uniformSpacing = true;            ///< all gaps within 1% of the median
  std::vector<std::string> warnings;     ///< non-uniform spacing, missing slices, gantry tilt ...

  size_t size() const { return frames.size(); }
  /// "axial", "coronal", "sagittal", "oblique", or "" without orientation.
  std::string orientationName() const;
};

/// A series as a viewer shows it.
struct Series {
  SeriesKey key;
  std::string sopClassUid;        ///< of the first instance
  std::string transferSyntaxUid;  ///< of the first instance
  std::vector<InstanceInfo> instances;
  std::vector<Stack> stacks;
  std::vector<std::string> warnings;

  /// Displayable frames: sum of the stacks' frames.
  size_t frameCount() const;
  /// The frame a FrameRef names.
  const InstanceInfo& instanceOf(const FrameRef& ref) const { return instances[ref.instance]; }
};

/// A study and its series.
struct Study {
  StudyKey key;
  std::vector<Series> series;
};

/// A patient and their studies.
struct Patient {
  PatientKey key;
  std::vector<Study> studies;
};

/// Everything found under the paths given to the indexer.
struct DicomIndex {
  std::vector<Patient> patients;
  std::vector<Error> errors;  ///< unreadable DICOM, with path and reason
  size_t skipped = 0;         ///< files that are not DICOM at all
  size_t files = 0;           ///< DICOM files indexed

  /// All series, in patient/study/series order.
  std::vector<const Series*> allSeries() const;
  /// The series with this Series Instance UID, or nullptr.
  const Series* findSeries(const std::string& uid) const;
};

}  // namespace fv::dicom
