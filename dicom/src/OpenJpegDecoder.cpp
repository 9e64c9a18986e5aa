// JPEG 2000 through OpenJPEG 2.5 from memory.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include <openjpeg.h>

#include "J2kDecoders.h"

namespace fv::dicom {

void J2kTarget::setRange(int precision, bool isSigned) {
  precision = std::clamp(precision, 1, 16);
  minValue = isSigned ? -(1 << (precision - 1)) : 0;
  maxValue = isSigned ? (1 << (precision - 1)) - 1 : (1 << precision) - 1;
}

void J2kTarget::storeRow(const int32_t* row, uint32_t y, uint16_t component) const {
  const size_t stride = size_t(components);
  if (bytesPerSample == 1) {
    uint8_t* out = data + (size_t(y) * columns) * stride + component;
    for (uint32_t x = 0; x < columns; ++x)
      out[x * stride] = uint8_t(std::clamp(row[x], minValue, maxValue));
  } else {
    uint16_t* out = reinterpret_cast<uint16_t*>(data) + (size_t(y) * columns) * stride + component;
    for (uint32_t x = 0; x < columns; ++x)
      out[x * stride] = uint16_t(std::clamp(row[x], minValue, maxValue));
  }
}

namespace {

struct MemoryStream {
  const uint8_t* data;
  size_t size, pos;
};

OPJ_SIZE_T readBytes(void* buffer, OPJ_SIZE_T n, void* user) {
  auto* m = static_cast<MemoryStream*>(user);
  if (m->pos >= m->size) return OPJ_SIZE_T(-1);
  n = std::min<OPJ_SIZE_T>(n, m->size - m->pos);
  std::memcpy(buffer, m->data + m->pos, n);
  m->pos += n;
  return n;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T n, void* user) {
  auto* m = static_cast<MemoryStream*>(user);
  if (n < 0)
    n = -std::min<OPJ_OFF_T>(-n, OPJ_OFF_T(m->pos));
  else
    n = std::min<OPJ_OFF_T>(n, OPJ_OFF_T(m->size - m->pos));
  m->pos = size_t(OPJ_OFF_T(m->pos) + n);
  return n;
}

OPJ_BOOL seekTo(OPJ_OFF_T n, void* user) {
  auto* m = static_cast<MemoryStream*>(user);
  if (n < 0 || uint64_t(n) > m->size) return OPJ_FALSE;
  m->pos = size_t(n);
  return OPJ_TRUE;
}

void keepError(const char* message, void* user) {
  auto* text = static_cast<std::string*>(user);
  if (text->empty() && message) {
    *text = message;
    while (!text->empty() && (text->back() == '\n' || text->back() == ' ')) text->pop_back();
  }
}

struct CodecDeleter {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

Error failed(const std::string& what, const std::string& detail) {
  return Error{ErrorCode::Malformed, "JPEG 2000 " + what, "",
               detail.empty() ? "OpenJPEG gave no reason" : detail};
}

}  // namespace

Status decodeWithOpenJpeg(const uint8_t* codestream, size_t size, const J2kTarget& t, int threads) {
  MemoryStream memory{codestream, size, 0};
  std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(64 * 1024, OPJ_TRUE));
  std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_decompress(OPJ_CODEC_J2K));
  if (!stream || !codec)
    return makeError(ErrorCode::TooLarge, "JPEG 2000: OpenJPEG could not start (memory)");
  opj_stream_set_user_data(stream.get(), &memory, nullptr);
  opj_stream_set_user_data_length(stream.get(), size);
  opj_stream_set_read_function(stream.get(), readBytes);
  opj_stream_set_skip_function(stream.get(), skipBytes);
  opj_stream_set_seek_function(stream.get(), seekTo);
  std::string error;
  opj_set_error_handler(codec.get(), keepError, &error);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  if (!opj_setup_decoder(codec.get(), &parameters)) return failed("decoder set-up failed", error);
  opj_decoder_set_strict_mode(codec.get(), OPJ_TRUE);
  if (threads > 1) opj_codec_set_threads(codec.get(), threads);
  opj_image_t* raw = nullptr;
  if (!opj_read_header(stream.get(), codec.get(), &raw)) {
    if (raw) opj_image_destroy(raw);
    return failed("main header is unreadable", error);
  }
  std::unique_ptr<opj_image_t, ImageDeleter> image(raw);
  if (!opj_decode(codec.get(), stream.get(), image.get()) ||
      !opj_end_decompress(codec.get(), stream.get()))
    return failed("codestream is damaged", error);
  if (image->numcomps != t.components)
    return failed("decoded image has " + std::to_string(image->numcomps) + " components", "");
  for (uint16_t c = 0; c < t.components; ++c) {
    const opj_image_comp_t& comp = image->comps[c];
    if (comp.w != t.columns || comp.h != t.rows || !comp.data)
      return failed("decoded component " + std::to_string(c) + " is " + std::to_string(comp.w) +
                        "x" + std::to_string(comp.h),
                    "");
    for (uint32_t y = 0; y < t.rows; ++y) t.storeRow(comp.data + size_t(y) * t.columns, y, c);
  }
  return {};
}

}  // namespace fv::dicom
