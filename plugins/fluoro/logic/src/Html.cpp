#include "fv/fluoro/Html.h"

#include "fv/dicom/Utf8.h"

namespace fv::fluoro {

std::string escapeHtml(const std::string& text) {
  // The pages declare UTF-8: ill-formed bytes (none should reach here) become U+FFFD.
  const std::string s = fv::dicom::sanitizeUtf8(text);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace fv::fluoro
