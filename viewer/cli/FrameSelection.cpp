#include "FrameSelection.h"

#include <iostream>

#include "Commands.h"
#include "fv/dicom/Indexer.h"

namespace fv::cli {

using namespace fv::dicom;

Result<const Series*> selectSeries(const DicomIndex& index, const std::string& uid) {
  if (!uid.empty()) {
    if (const Series* s = index.findSeries(uid)) return s;
    return makeError(ErrorCode::NotFound, "no series with Series Instance UID " + uid);
  }
  for (const Series* s : index.allSeries())
    if (s->frameCount() > 0) return s;
  return makeError(ErrorCode::NotFound, "no series with images found");
}

Result<FrameRef> locateFrame(const Series& series, long number) {
  const long total = long(series.frameCount());
  if (number < 1 || number > total)
    return makeError(ErrorCode::InvalidArgument,
                     "frame " + std::to_string(number) + " is outside 1.." + std::to_string(total));
  long n = number - 1;
  for (const auto& st : series.stacks) {
    if (n < long(st.frames.size())) return st.frames[size_t(n)];
    n -= long(st.frames.size());
  }
  return makeError(ErrorCode::Internal, "frame lookup failed");
}

std::optional<SourceFrame> openSourceFrame(const std::string& path, const std::string& seriesUid, long number,
                                           int& exitCode) {
  SourceFrame source;
  source.index = std::make_unique<fv::dicom::DicomIndex>(fv::dicom::indexPaths({path}));
  for (const auto& e : source.index->errors) std::cerr << "error: " << e.toString() << "\n";
  auto series = selectSeries(*source.index, seriesUid);
  if (!series) {
    std::cerr << "error: " << path << ": " << series.error().message << "\n";
    exitCode = kInputError;
    return std::nullopt;
  }
  auto ref = locateFrame(**series, number);
  if (!ref) {
    std::cerr << "error: " << ref.error().message << "\n";
    exitCode = kUsage;
    return std::nullopt;
  }
  source.series = *series;
  source.ref = *ref;
  return source;
}

}  // namespace fv::cli
