// HTJ2K through Grok from memory. Grok runs single-threaded here (frames decode in parallel one
// per core); its messages go to per-thread text through global handlers set once.
#include <mutex>
#include <string>

#include <grok.h>

#include "J2kDecoders.h"

namespace fv::dicom {

namespace {

thread_local std::string t_grokError;

void quiet(const char*, void*) {}

void keepError(const char* message, void*) {
  if (t_grokError.empty() && message) {
    t_grokError = message;
    while (!t_grokError.empty() && (t_grokError.back() == '\n' || t_grokError.back() == ' '))
      t_grokError.pop_back();
  }
}

void startGrok() {
  static std::once_flag once;
  std::call_once(once, [] {
    // The result says whether Grok's optional acceleration plugin loaded (there is none here).
    (void)grk_initialize(nullptr, 1);
    grk_set_msg_handlers(quiet, nullptr, quiet, nullptr, keepError, nullptr);
  });
}

struct CodecRef {
  grk_codec* codec = nullptr;
  ~CodecRef() {
    if (codec) grk_object_unref(codec);
  }
};

Error failed(const std::string& what) {
  return Error{ErrorCode::Malformed, "HTJ2K " + what, "",
               t_grokError.empty() ? "Grok gave no reason" : t_grokError};
}

}  // namespace

Status decodeWithGrok(const uint8_t* codestream, size_t size, const J2kTarget& t) {
  startGrok();
  t_grokError.clear();
  grk_stream_params stream{};
  stream.buf = const_cast<uint8_t*>(codestream);  // read only: Grok's API is not const-correct
  stream.len = size;
  grk_decompress_core_params parameters;
  grk_decompress_set_default_params(&parameters);
  CodecRef ref;
  ref.codec = grk_decompress_init(&stream, &parameters);
  if (!ref.codec) return failed("decoder set-up failed");
  grk_header_info header{};
  if (!grk_decompress_read_header(ref.codec, &header)) return failed("main header is unreadable");
  if (!grk_decompress(ref.codec, nullptr)) return failed("codestream is damaged");
  const grk_image* image = grk_decompress_get_composited_image(ref.codec);
  if (!image || image->numcomps != t.components)
    return failed("decoded image has the wrong number of components");
  for (uint16_t c = 0; c < t.components; ++c) {
    const grk_image_comp& comp = image->comps[c];
    if (comp.w != t.columns || comp.h != t.rows || !comp.data)
      return failed("decoded image has the wrong size");
    for (uint32_t y = 0; y < t.rows; ++y) t.storeRow(comp.data + size_t(y) * comp.stride, y, c);
  }
  return {};
}

}  // namespace fv::dicom
