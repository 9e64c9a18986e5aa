// Picking a series and a frame the way the command line numbers them.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::cli {

/// The series with `uid`, or (empty uid) the first series that has frames.
fv::dicom::Result<const fv::dicom::Series*> selectSeries(const fv::dicom::DicomIndex& index,
                                                         const std::string& uid);

/// Frame `number` (1-based) of a series, counting through its stacks in order.
fv::dicom::Result<fv::dicom::FrameRef> locateFrame(const fv::dicom::Series& series, long number);

/// One frame of a source path, as `render` and `confirm` start from it.
struct SourceFrame {
  std::unique_ptr<fv::dicom::DicomIndex> index;  ///< owns what `series` points into
  const fv::dicom::Series* series = nullptr;
  fv::dicom::FrameRef ref;
  /// The instance holding the frame.
  const fv::dicom::InstanceInfo& info() const { return series->instanceOf(ref); }
};

/// Indexes `path` (printing its unreadable files), selects the series (`seriesUid`, see
/// selectSeries) and frame `number`; on failure prints the error and returns the exit code
/// (2: no such series, 1: no such frame) instead of a SourceFrame.
std::optional<SourceFrame> openSourceFrame(const std::string& path, const std::string& seriesUid, long number,
                                           int& exitCode);

}  // namespace fv::cli
