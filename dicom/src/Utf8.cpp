#include "fv/dicom/Utf8.h"

namespace fv::dicom {

namespace {

// Allowed range of the second byte after lead byte `lead` (Unicode Table 3-7), and the number
// of continuation bytes; count 0 marks a byte that cannot start a sequence.
struct Lead {
  int count;
  unsigned char low, high;
};

Lead leadOf(unsigned char b) {
  if (b >= 0xC2 && b <= 0xDF) return {1, 0x80, 0xBF};
  if (b == 0xE0) return {2, 0xA0, 0xBF};
  if (b == 0xED) return {2, 0x80, 0x9F};  // no surrogates
  if (b >= 0xE1 && b <= 0xEF) return {2, 0x80, 0xBF};
  if (b == 0xF0) return {3, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3) return {3, 0x80, 0xBF};
  if (b == 0xF4) return {3, 0x80, 0x8F};  // ≤ U+10FFFF
  return {0, 0, 0};
}

}  // namespace

char32_t nextCodePoint(std::string_view text, size_t& pos) {
  const auto b0 = static_cast<unsigned char>(text[pos++]);
  if (b0 < 0x80) return b0;
  const Lead lead = leadOf(b0);
  if (lead.count == 0) return kReplacementCharacter;
  char32_t cp = b0 & (0x3F >> lead.count);
  for (int k = 0; k < lead.count; ++k) {
    if (pos >= text.size()) return kReplacementCharacter;
    const auto b = static_cast<unsigned char>(text[pos]);
    const unsigned char low = k == 0 ? lead.low : 0x80, high = k == 0 ? lead.high : 0xBF;
    if (b < low || b > high) return kReplacementCharacter;  // the byte starts the next sequence
    cp = (cp << 6) | (b & 0x3F);
    ++pos;
  }
  return cp;
}

bool isValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t start = pos;
    if (nextCodePoint(text, pos) == kReplacementCharacter) {
      // A literal U+FFFD (EF BF BD) is valid; anything else that decodes to it was not.
      if (pos - start != 3 || text.substr(start, 3) != "\xEF\xBF\xBD") return false;
    }
  }
  return true;
}

std::u32string decodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) out.push_back(nextCodePoint(text, pos));
  return out;
}

void appendUtf8(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacementCharacter;
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

std::string sanitizeUtf8(std::string_view text) {
  if (isValidUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  size_t pos = 0;
  while (pos < text.size()) appendUtf8(out, nextCodePoint(text, pos));
  return out;
}

}  // namespace fv::dicom
