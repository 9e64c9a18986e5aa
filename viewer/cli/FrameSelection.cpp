#include "FrameSelection.h"

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

}  // namespace fv::cli
