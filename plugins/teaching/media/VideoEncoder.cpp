#include "VideoEncoder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace fv::teaching {

using fv::dicom::ErrorCode;
using fv::dicom::makeError;
using fv::dicom::Status;

namespace {

std::string avText(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof buf);
  return buf;
}

}  // namespace

struct VideoEncoder::State {
  std::string path;
  Format format = Format::Mp4;
  int srcWidth = 0, srcHeight = 0, channels = 1;
  AVFormatContext* muxer = nullptr;
  AVCodecContext* codec = nullptr;
  AVStream* stream = nullptr;
  SwsContext* scaler = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  int64_t next = 0;
  bool headerWritten = false, finished = false;

  ~State() {
    if (headerWritten && !finished && muxer) av_write_trailer(muxer);
    if (muxer && muxer->pb) avio_closep(&muxer->pb);
    avformat_free_context(muxer);
    avcodec_free_context(&codec);
    sws_freeContext(scaler);
    av_frame_free(&frame);
    av_packet_free(&packet);
  }

  fv::dicom::Error fail(const std::string& what, int code) const {
    return makeError(ErrorCode::Io, what + ": " + avText(code), path);
  }

  // Sends `f` (nullptr: flush) and writes every packet the encoder has ready.
  Status encode(AVFrame* f) {
    if (int rc = avcodec_send_frame(codec, f); rc < 0) return fail("cannot encode a frame", rc);
    for (;;) {
      const int rc = avcodec_receive_packet(codec, packet);
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return {};
      if (rc < 0) return fail("cannot encode a frame", rc);
      av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      const int w = av_interleaved_write_frame(muxer, packet);
      av_packet_unref(packet);
      if (w < 0) return fail("cannot write the video", w);
    }
  }
};

VideoEncoder::VideoEncoder(std::unique_ptr<State> state) : m_state(std::move(state)) {}
VideoEncoder::~VideoEncoder() = default;

fv::dicom::Result<std::unique_ptr<VideoSink>> VideoEncoder::open(const std::string& path,
                                                                 Format format, int width,
                                                                 int height, int channels,
                                                                 double fps, int maxSide) {
  if (width <= 0 || height <= 0 || (channels != 1 && channels != 3) || !(fps > 0))
    return makeError(ErrorCode::InvalidArgument, "impossible video size or frame rate", path);
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    return makeError(ErrorCode::Io, "the video exists already", path);
  // FFmpeg's own log lines would go to stderr; our errors name the file and the reason instead.
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });
  auto s = std::make_unique<State>();
  s->path = path;
  s->format = format;
  s->srcWidth = width;
  s->srcHeight = height;
  s->channels = channels;
  // Output size: the longer side at most maxSide, both even (H.264 4:2:0 needs even sizes).
  double scale = 1.0;
  if (maxSide > 0 && std::max(width, height) > maxSide)
    scale = double(maxSide) / std::max(width, height);
  const int outW = std::max(2, int(std::lround(width * scale)) & ~1);
  const int outH = std::max(2, int(std::lround(height * scale)) & ~1);

  const bool mp4 = format == Format::Mp4;
  if (int rc =
          avformat_alloc_output_context2(&s->muxer, nullptr, mp4 ? "mp4" : "gif", path.c_str());
      rc < 0 || !s->muxer)
    return s->fail("cannot create the video", rc);
  s->muxer->flags |= AVFMT_FLAG_BITEXACT;  // no encoder version strings: same input, same bytes
  const AVCodec* codec =
      mp4 ? avcodec_find_encoder_by_name("libx264") : avcodec_find_encoder(AV_CODEC_ID_GIF);
  if (!codec)
    return makeError(ErrorCode::Unsupported,
                     std::string("FFmpeg has no ") + (mp4 ? "libx264" : "GIF") + " encoder", path);
  s->stream = avformat_new_stream(s->muxer, nullptr);
  s->codec = avcodec_alloc_context3(codec);
  s->frame = av_frame_alloc();
  s->packet = av_packet_alloc();
  if (!s->stream || !s->codec || !s->frame || !s->packet)
    return makeError(ErrorCode::Io, "out of memory for the video", path);
  const AVRational rate = av_d2q(fps, 100000);
  s->codec->width = outW;
  s->codec->height = outH;
  s->codec->time_base = av_inv_q(rate);
  s->codec->framerate = rate;
  s->codec->flags |= AV_CODEC_FLAG_BITEXACT;
  s->codec->pix_fmt =
      mp4 ? AV_PIX_FMT_YUV420P : (channels == 1 ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_RGB8);
  if (mp4) {
    av_opt_set(s->codec->priv_data, "preset", kPreset, 0);
    av_opt_set_int(s->codec->priv_data, "crf", kCrf, 0);
  }
  if (s->muxer->oformat->flags & AVFMT_GLOBALHEADER) s->codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (int rc = avcodec_open2(s->codec, codec, nullptr); rc < 0)
    return s->fail("cannot start the video encoder", rc);
  if (int rc = avcodec_parameters_from_context(s->stream->codecpar, s->codec); rc < 0)
    return s->fail("cannot start the video encoder", rc);
  s->stream->time_base = s->codec->time_base;
  s->stream->avg_frame_rate = rate;

  s->frame->format = s->codec->pix_fmt;
  s->frame->width = outW;
  s->frame->height = outH;
  if (int rc = av_frame_get_buffer(s->frame, 0); rc < 0)
    return s->fail("out of memory for the video", rc);
  s->scaler = sws_getContext(width, height, channels == 1 ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_RGB24,
                             outW, outH, s->codec->pix_fmt, SWS_BICUBIC, nullptr, nullptr, nullptr);
  if (!s->scaler)
    return makeError(ErrorCode::Unsupported, "cannot convert frames for the video", path);

  if (int rc = avio_open(&s->muxer->pb, path.c_str(), AVIO_FLAG_WRITE); rc < 0)
    return s->fail("cannot create the video", rc);
  AVDictionary* options = nullptr;
  if (mp4) av_dict_set(&options, "movflags", "+faststart", 0);  // playable while loading
  const int rc = avformat_write_header(s->muxer, &options);
  av_dict_free(&options);
  if (rc < 0) return s->fail("cannot write the video header", rc);
  s->headerWritten = true;
  return std::unique_ptr<VideoSink>(new VideoEncoder(std::move(s)));
}

Status VideoEncoder::add(const fv::dicom::Image8& image) {
  State& s = *m_state;
  if (s.finished) return makeError(ErrorCode::InvalidArgument, "the video is finished", s.path);
  if (int(image.columns) != s.srcWidth || int(image.rows) != s.srcHeight ||
      image.channels != s.channels ||
      image.pixels.size() < size_t(s.srcWidth) * size_t(s.srcHeight) * size_t(s.channels))
    return makeError(ErrorCode::InvalidArgument, "a frame of another size than the video", s.path);
  if (int rc = av_frame_make_writable(s.frame); rc < 0) return s.fail("cannot encode a frame", rc);
  const uint8_t* src[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
  const int srcStride[4] = {s.srcWidth * s.channels, 0, 0, 0};
  sws_scale(s.scaler, src, srcStride, 0, s.srcHeight, s.frame->data, s.frame->linesize);
  s.frame->pts = s.next++;
  return s.encode(s.frame);
}

Status VideoEncoder::finish() {
  State& s = *m_state;
  if (s.finished) return {};
  if (Status st = s.encode(nullptr); !st) return st;
  s.finished = true;
  if (int rc = av_write_trailer(s.muxer); rc < 0) return s.fail("cannot finish the video", rc);
  if (int rc = avio_closep(&s.muxer->pb); rc < 0) return s.fail("cannot finish the video", rc);
  return {};
}

}  // namespace fv::teaching
