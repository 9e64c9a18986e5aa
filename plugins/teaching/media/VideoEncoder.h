// Cine loops as MP4 (H.264, libx264 through FFmpeg's libavcodec/libavformat) and animated GIF
// (FFmpeg's GIF encoder), fed frame by frame with the images we render.
#pragma once

#include <memory>
#include <string>

#include "fv/dicom/Display.h"
#include "fv/dicom/Result.h"
#include "fv/teaching/Media.h"

namespace fv::teaching {

/// One output video. Frames are 8-bit images with 1 (grey) or 3 (RGB) channels, all of the size
/// given at open(); the video is scaled (never stretched) to `maxSide` pixels on its longer side
/// when larger, and to even dimensions for H.264 4:2:0.
class VideoEncoder final : public VideoSink {
 public:
  using Format = MediaApi::VideoFormat;
  /// Settings of the H.264 encoder (libx264); the same as `ffmpeg -c:v libx264 -preset P -crf C
  /// -pix_fmt yuv420p` (see docs/teaching-files.md for why these).
  static constexpr const char* kPreset = "veryfast";
  static constexpr int kCrf = 18;

  /// Creates `path` (must not exist) for `width`×`height` frames of `channels` at `fps`.
  static fv::dicom::Result<std::unique_ptr<VideoSink>> open(const std::string& path, Format format,
                                                            int width, int height, int channels,
                                                            double fps, int maxSide = 0);
  ~VideoEncoder() override;
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

  /// Encodes the next frame.
  fv::dicom::Status add(const fv::dicom::Image8& frame) override;
  /// Flushes the encoder and writes the trailer; the file is complete only after this.
  fv::dicom::Status finish() override;

 private:
  struct State;
  explicit VideoEncoder(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

}  // namespace fv::teaching
