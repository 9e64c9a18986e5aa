// Text for the HTML pages we write (procedure record, teaching case).
#pragma once

#include <string>

namespace fv::fluoro {

/// `text` for an HTML text node or attribute: < > & " escaped, ill-formed UTF-8 as U+FFFD.
std::string escapeHtml(const std::string& text);

}  // namespace fv::fluoro
