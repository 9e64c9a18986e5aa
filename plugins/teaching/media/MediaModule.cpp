// The entry point of libfv_teaching_media.so, found by fv::teaching::media() with dlsym.
#include "TesseractText.h"
#include "VideoEncoder.h"
#include "fv/teaching/Media.h"

namespace {

fv::dicom::Result<std::unique_ptr<fv::teaching::VideoSink>> openVideo(
    const std::string& path, fv::teaching::MediaApi::VideoFormat format, int width, int height,
    int channels, double fps, int maxSide) {
  return fv::teaching::VideoEncoder::open(path, format, width, height, channels, fps, maxSide);
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const fv::teaching::MediaApi*
fv_teaching_media_api() {
  static const fv::teaching::MediaApi api{fv::teaching::MediaApi::kAbi, &openVideo,
                                          &fv::teaching::readTextBoxes};
  return &api;
}
