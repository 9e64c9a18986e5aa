#include "fv/dicom/Json.h"

#include <cmath>
#include <cstdio>

#include "fv/dicom/Utf8.h"

namespace fv::dicom {

Json& Json::set(const std::string& key, Json value) {
  if (!std::holds_alternative<Object>(m_v)) m_v = Object{};
  std::get<Object>(m_v).emplace_back(key, std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  if (!std::holds_alternative<Array>(m_v)) m_v = Array{};
  std::get<Array>(m_v).push_back(std::move(value));
  return *this;
}

// Writes `s` as a JSON string: quotes, backslashes and control characters escaped, and any
// byte sequence that is not well-formed UTF-8 replaced by U+FFFD, so the output is always valid
// JSON (RFC 8259 §8.1) whatever a file or path held.
static void escape(std::string& out, const std::string& s) {
  out += '"';
  size_t pos = 0;
  while (pos < s.size()) {
    const auto c = static_cast<unsigned char>(s[pos]);
    if (c >= 0x80) {
      const size_t start = pos;
      const char32_t cp = nextCodePoint(s, pos);
      if (cp == kReplacementCharacter)
        appendUtf8(out, cp);
      else
        out.append(s, start, pos - start);
      continue;
    }
    ++pos;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

void Json::write(std::string& out, int indent, int depth) const {
  auto newline = [&](int d) {
    if (indent < 0) return;
    out += '\n';
    out.append(size_t(indent * d), ' ');
  };
  if (std::holds_alternative<std::monostate>(m_v)) {
    out += "null";
  } else if (auto b = std::get_if<bool>(&m_v)) {
    out += *b ? "true" : "false";
  } else if (auto i = std::get_if<int64_t>(&m_v)) {
    out += std::to_string(*i);
  } else if (auto d = std::get_if<double>(&m_v)) {
    if (!std::isfinite(*d)) { out += "null"; return; }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", *d);
    out += buf;
  } else if (auto s = std::get_if<std::string>(&m_v)) {
    escape(out, *s);
  } else if (auto a = std::get_if<Array>(&m_v)) {
    if (a->empty()) { out += "[]"; return; }
    out += '[';
    for (size_t k = 0; k < a->size(); ++k) {
      if (k) out += ',';
      newline(depth + 1);
      (*a)[k].write(out, indent, depth + 1);
    }
    newline(depth);
    out += ']';
  } else if (auto o = std::get_if<Object>(&m_v)) {
    if (o->empty()) { out += "{}"; return; }
    out += '{';
    for (size_t k = 0; k < o->size(); ++k) {
      if (k) out += ',';
      newline(depth + 1);
      escape(out, (*o)[k].first);
      out += indent < 0 ? ":" : ": ";
      (*o)[k].second.write(out, indent, depth + 1);
    }
    newline(depth);
    out += '}';
  }
}

std::string Json::dump(int indent) const {
  std::string out;
  write(out, indent, 0);
  return out;
}

}  // namespace fv::dicom
