// HTJ2K through OpenJPH from memory. OpenJPH reports errors by calling a global handler and then
// expects it to throw; ours keeps the text per thread and throws, and the throw ends here.
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <openjph/ojph_arch.h>
#include <openjph/ojph_codestream.h>
#include <openjph/ojph_file.h>
#include <openjph/ojph_mem.h>
#include <openjph/ojph_message.h>
#include <openjph/ojph_params.h>

#include "J2kDecoders.h"

namespace fv::dicom {

namespace {

thread_local std::string t_ojphError;

std::string format(const char* fmt, va_list args) {
  char text[512];
  std::vsnprintf(text, sizeof text, fmt, args);
  return text;
}

class ThrowingError : public ojph::message_error {
 public:
  void operator()(int, const char*, int, const char* fmt, ...) override {
    va_list args;
    va_start(args, fmt);
    t_ojphError = format(fmt, args);
    va_end(args);
    throw std::runtime_error(t_ojphError);
  }
};

class QuietWarning : public ojph::message_warning {
 public:
  void operator()(int, const char*, int, const char*, ...) override {}
};

class QuietInfo : public ojph::message_info {
 public:
  void operator()(int, const char*, int, const char*, ...) override {}
};

void configureOpenJph() {
  static std::once_flag once;
  static ThrowingError error;
  static QuietWarning warning;
  static QuietInfo info;
  std::call_once(once, [] {
    ojph::configure_error(&error);
    ojph::configure_warning(&warning);
    ojph::configure_info(&info);
  });
}

Status decodeUnguarded(const uint8_t* codestream, size_t size, const J2kTarget& t) {
  ojph::mem_infile file;
  file.open(codestream, size);
  ojph::codestream cs;
  cs.read_headers(&file);
  ojph::param_siz siz = cs.access_siz();
  const ojph::point extent = siz.get_image_extent(), offset = siz.get_image_offset();
  if (extent.x - offset.x != t.columns || extent.y - offset.y != t.rows || siz.get_num_components() != t.components)
    return makeError(ErrorCode::Malformed, "HTJ2K codestream does not match the frame");
  cs.set_planar(false);
  cs.create();
  std::vector<uint32_t> rowOf(t.components, 0);
  for (size_t line = 0; line < size_t(t.rows) * t.components; ++line) {
    ojph::ui32 component = 0;
    ojph::line_buf* row = cs.pull(component);
    if (!row || component >= t.components || rowOf[component] >= t.rows || row->size < t.columns)
      return makeError(ErrorCode::Malformed, "HTJ2K decoder returned an unexpected line");
    t.storeRow(row->i32, rowOf[component]++, uint16_t(component));
  }
  cs.close();
  return {};
}

}  // namespace

Status decodeWithOpenJph(const uint8_t* codestream, size_t size, const J2kTarget& target) {
  configureOpenJph();
  try {
    return decodeUnguarded(codestream, size, target);
  } catch (const std::bad_alloc&) {
    return makeError(ErrorCode::TooLarge, "HTJ2K: not enough memory");
  } catch (const std::exception& e) {
    return Error{ErrorCode::Unsupported, "HTJ2K codestream cannot be decoded by OpenJPH", "", e.what()};
  }
}

}  // namespace fv::dicom
