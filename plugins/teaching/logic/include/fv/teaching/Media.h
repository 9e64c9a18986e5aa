// Video encoding (FFmpeg) and OCR (Tesseract) live in a module of their own, loaded on first use:
// their ~200 shared libraries would otherwise load at every start of fluoroview-cli and the
// viewer (+50 ms for a `fluoroview-cli info`).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fv/dicom/Deidentify.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Result.h"

namespace fv::teaching {

/// One video being written, frame by frame.
class VideoSink {
 public:
  virtual ~VideoSink() = default;
  /// Encodes the next frame (8 bits, 1 or 3 channels, the size given when opened).
  virtual fv::dicom::Status add(const fv::dicom::Image8& frame) = 0;
  /// Flushes and writes the trailer; the file is complete only after this.
  virtual fv::dicom::Status finish() = 0;
};

/// What the media module offers (libfv_teaching_media.so, plugins/teaching/media).
struct MediaApi {
  static constexpr int kAbi = 1;  ///< bumped on any change of this struct
  int abi = kAbi;
  enum class VideoFormat { Mp4, Gif };
  /// Creates `path` (must not exist): H.264 MP4 (libx264, preset veryfast, CRF 18) or GIF, at
  /// `fps`, scaled to `maxSide` on the longer side when larger (0: never), even sizes for H.264.
  fv::dicom::Result<std::unique_ptr<VideoSink>> (*openVideo)(const std::string& path,
                                                             VideoFormat format, int width,
                                                             int height, int channels, double fps,
                                                             int maxSide) = nullptr;
  /// Boxes around the words Tesseract reads with at least `minConfidence` (see TextDetector.h).
  fv::dicom::Result<std::vector<fv::dicom::Redaction>> (*readText)(const fv::dicom::Image8& image,
                                                                   int minConfidence) = nullptr;
};

/// The media module, loaded once (dlopen) from beside the build's targets or from
/// <prefix>/lib/fluoroview; an Unsupported error naming the file and why when it cannot be.
fv::dicom::Result<const MediaApi*> media();

}  // namespace fv::teaching
