// One field of the host's tab-separated lines (--list-plugins, the freeze record).
#pragma once

#include <QString>

namespace fv::viewer {

/// `text` with tabs and line breaks turned into spaces: they would break the line format.
inline QString tsvField(QString text) {
  for (QChar& c : text)
    if (c == u'\t' || c == u'\n' || c == u'\r') c = u' ';
  return text;
}

}  // namespace fv::viewer
