#include "OurDecode.h"

#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv::dicom;

namespace fv::corpus {

const char* toString(OurDecode::Status s) {
  switch (s) {
    case OurDecode::Status::Decoded:
      return "decoded";
    case OurDecode::Status::NoPixels:
      return "no-pixels";
    case OurDecode::Status::NotDicom:
      return "not-dicom";
    case OurDecode::Status::Error:
      return "error";
  }
  return "?";
}

OurDecode decodeWithFluoroView(const std::string& file) {
  OurDecode r;
  const DicomIndex index = indexPaths({file});
  const InstanceInfo* info = nullptr;
  for (const Series* s : index.allSeries())
    for (const auto& inst : s->instances)
      if (inst.path == file) info = &inst;
  std::vector<std::string> errors;
  for (const auto& e : index.errors) {
    if (e.path != file) continue;
    // The indexer reports an instance's warnings (e.g. truncation) as errors of the file too.
    if (info &&
        std::find(info->warnings.begin(), info->warnings.end(), e.message) != info->warnings.end())
      continue;
    errors.push_back(e.message +
                     (e.detail.empty() || e.detail == e.message ? "" : " (" + e.detail + ")"));
  }
  if (info) r.warnings = info->warnings;
  if (!errors.empty()) {
    r.message = errors.front();
    return r;
  }
  if (!info) {
    // Not an instance: not DICOM, or a DICOMDIR (its files were indexed instead).
    r.status = index.skipped > 0 ? OurDecode::Status::NotDicom : OurDecode::Status::NoPixels;
    r.dicomDir = index.skipped == 0;
    return r;
  }
  r.transferSyntaxUid = info->transferSyntaxUid;
  if (!info->hasPixelData) {
    r.status = OurDecode::Status::NoPixels;
    return r;
  }
  r.frames = info->pixels.frames;
  auto decoder = InstanceDecoder::open(*info);
  if (!decoder) {
    r.message = decoder.error().message;
    return r;
  }
  r.photometric = toString((*decoder)->description().photometric);
  for (uint32_t f = 0; f < (*decoder)->frameCount(); ++f) {
    auto frame = (*decoder)->decode(f);
    if (frame) {
      r.decoded.push_back(std::move(*frame));
      continue;
    }
    if (r.failedFrames++ == 0) r.message = frame.error().message;
  }
  r.status = r.failedFrames == 0 ? OurDecode::Status::Decoded : OurDecode::Status::Error;
  if (r.status == OurDecode::Status::Error && r.failedFrames < r.frames)
    r.message +=
        " (" + std::to_string(r.failedFrames) + " of " + std::to_string(r.frames) + " frames fail)";
  return r;
}

}  // namespace fv::corpus
