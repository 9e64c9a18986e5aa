// HTJ2K through OpenJPH from memory. OpenJPH 0.9 reports problems by printing them to its
// streams (and, for errors, throwing std::runtime_error); its configure_* hooks have no effect
// and a null stream crashes it, so the streams go to /dev/null and the throw ends here.
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

void quietOpenJph() {
  static std::once_flag once;
  std::call_once(once, [] {
    static FILE* sink = std::fopen("/dev/null", "w");
    if (!sink) return;
    ojph::set_info_stream(sink);
    ojph::set_warning_stream(sink);
    ojph::set_error_stream(sink);
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
  quietOpenJph();
  try {
    return decodeUnguarded(codestream, size, target);
  } catch (const std::bad_alloc&) {
    return makeError(ErrorCode::TooLarge, "HTJ2K: not enough memory");
  } catch (const std::exception& e) {
    return Error{ErrorCode::Unsupported, "HTJ2K codestream cannot be decoded by OpenJPH", "", e.what()};
  }
}

}  // namespace fv::dicom
