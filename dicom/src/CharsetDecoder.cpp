#include "CharsetDecoder.h"

#include <algorithm>
#include <map>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcspchrs.h>
#include <dcmtk/ofstd/ofchrenc.h>

#include "DcmtkBridge.h"
#include "fv/dicom/Utf8.h"

namespace fv::dicom {

namespace {

constexpr unsigned char kEsc = 0x1B;

// A graphic character set as designated to G0 (7-bit bytes) or G1 (8-bit bytes) in ISO 2022
// terms (PS3.5 6.1.2.5, Tables 6.1-1/6.1-2 and 6.2-1/6.2-2).
enum class Kind {
  None,        // nothing designated: bytes are undecodable
  Ascii,       // ISO-IR 6
  JisRoman,    // ISO-IR 14, JIS X 0201 Romaji: ASCII for our purposes (as DCMTK and pydicom)
  JisX0208,    // ISO-IR 87, 94×94 double-byte in G0
  JisX0212,    // ISO-IR 159, 94×94 double-byte in G0
  Katakana,    // ISO-IR 13, JIS X 0201 Katakana in G1
  SingleByte,  // ISO 8859-n / TIS 620 upper half in G1 (converted with `encoding`)
  DoubleByte,  // KS X 1001 (ISO-IR 149) or GB 2312 (ISO-IR 58) in G1, EUC form
  Gb18030,     // GB18030 / GBK: 1, 2 or 4 byte sequences (no code extensions)
  Unknown,     // designated by an escape sequence we do not know
};

struct CharacterSet {
  Kind kind = Kind::None;
  const char* encoding = "";  // iconv name for SingleByte / DoubleByte / Gb18030
  bool operator==(const CharacterSet& o) const {
    return kind == o.kind && std::string_view(encoding) == o.encoding;
  }
};

// The initial G0/G1 of a defined term (PS3.3 C.12.1.1.2).
struct Term {
  const char* name;
  CharacterSet g0, g1;
};

constexpr CharacterSet kAscii{Kind::Ascii, ""};
constexpr CharacterSet kNone{Kind::None, ""};

// clang-format off
const Term kTerms[] = {
    {"ISO_IR 6", kAscii, kNone},  // not a defined term, but seen; DCMTK treats it as ASCII too
    {"ISO_IR 100", kAscii, {Kind::SingleByte, "ISO-8859-1"}},
    {"ISO_IR 101", kAscii, {Kind::SingleByte, "ISO-8859-2"}},
    {"ISO_IR 109", kAscii, {Kind::SingleByte, "ISO-8859-3"}},
    {"ISO_IR 110", kAscii, {Kind::SingleByte, "ISO-8859-4"}},
    {"ISO_IR 144", kAscii, {Kind::SingleByte, "ISO-8859-5"}},
    {"ISO_IR 127", kAscii, {Kind::SingleByte, "ISO-8859-6"}},
    {"ISO_IR 126", kAscii, {Kind::SingleByte, "ISO-8859-7"}},
    {"ISO_IR 138", kAscii, {Kind::SingleByte, "ISO-8859-8"}},
    {"ISO_IR 148", kAscii, {Kind::SingleByte, "ISO-8859-9"}},
    {"ISO_IR 203", kAscii, {Kind::SingleByte, "ISO-8859-15"}},
    {"ISO_IR 166", kAscii, {Kind::SingleByte, "TIS-620"}},
    {"ISO_IR 13", {Kind::JisRoman, ""}, {Kind::Katakana, ""}},
    {"GB18030", kAscii, {Kind::Gb18030, "GB18030"}},
    {"GBK", kAscii, {Kind::Gb18030, "GBK"}},
    {"ISO 2022 IR 6", kAscii, kNone},
    {"ISO 2022 IR 100", kAscii, {Kind::SingleByte, "ISO-8859-1"}},
    {"ISO 2022 IR 101", kAscii, {Kind::SingleByte, "ISO-8859-2"}},
    {"ISO 2022 IR 109", kAscii, {Kind::SingleByte, "ISO-8859-3"}},
    {"ISO 2022 IR 110", kAscii, {Kind::SingleByte, "ISO-8859-4"}},
    {"ISO 2022 IR 144", kAscii, {Kind::SingleByte, "ISO-8859-5"}},
    {"ISO 2022 IR 127", kAscii, {Kind::SingleByte, "ISO-8859-6"}},
    {"ISO 2022 IR 126", kAscii, {Kind::SingleByte, "ISO-8859-7"}},
    {"ISO 2022 IR 138", kAscii, {Kind::SingleByte, "ISO-8859-8"}},
    {"ISO 2022 IR 148", kAscii, {Kind::SingleByte, "ISO-8859-9"}},
    {"ISO 2022 IR 203", kAscii, {Kind::SingleByte, "ISO-8859-15"}},
    {"ISO 2022 IR 166", kAscii, {Kind::SingleByte, "TIS-620"}},
    {"ISO 2022 IR 13", {Kind::JisRoman, ""}, {Kind::Katakana, ""}},
    // Multi-byte sets are not allowed as value 1; as a later value they only declare what the
    // escape sequences may designate.
    {"ISO 2022 IR 87", kAscii, kNone},
    {"ISO 2022 IR 159", kAscii, kNone},
    {"ISO 2022 IR 149", kAscii, kNone},
    {"ISO 2022 IR 58", kAscii, kNone},
};
// clang-format on

const Term* findTerm(std::string_view name) {
  for (const Term& t : kTerms)
    if (name == t.name) return &t;
  return nullptr;
}

// Which of G0/G1 an escape sequence designates, and what (PS3.5 Tables 6.2-1 … 6.2-2, 6.1-2).
struct Designation {
  bool g1 = false;
  CharacterSet set;
};

Designation designation(std::string_view intermediates, unsigned char final) {
  const auto is = [&](const char* i, char f) { return intermediates == i && final == f; };
  if (is("(", 'B')) return {false, kAscii};
  if (is("(", 'J')) return {false, {Kind::JisRoman, ""}};
  if (is("$", 'B') || is("$", '@')) return {false, {Kind::JisX0208, "EUC-JP"}};
  if (is("$(", 'D')) return {false, {Kind::JisX0212, "EUC-JP"}};
  if (is(")", 'I')) return {true, {Kind::Katakana, ""}};
  if (is("$)", 'C')) return {true, {Kind::DoubleByte, "EUC-KR"}};
  if (is("$)", 'A')) return {true, {Kind::DoubleByte, "GB2312"}};
  // 96-character sets to G1 (ESC 02/13 F): ISO 8859-n, TIS 620.
  static constexpr std::pair<char, const char*> k96[] = {
      {'A', "ISO-8859-1"}, {'B', "ISO-8859-2"},  {'C', "ISO-8859-3"}, {'D', "ISO-8859-4"},
      {'L', "ISO-8859-5"}, {'G', "ISO-8859-6"},  {'F', "ISO-8859-7"}, {'H', "ISO-8859-8"},
      {'M', "ISO-8859-9"}, {'b', "ISO-8859-15"}, {'T', "TIS-620"}};
  if (intermediates == "-")
    for (const auto& [f, encoding] : k96)
      if (final == static_cast<unsigned char>(f)) return {true, {Kind::SingleByte, encoding}};
  // Unknown: '(' and '$' / '$(' designate to G0, ')' '-' '$)' to G1 (ISO 2022 §13).
  const bool g1 = intermediates.find(')') != std::string_view::npos ||
                  intermediates.find('-') != std::string_view::npos;
  return {g1, {Kind::Unknown, ""}};
}

std::string trimTerm(std::string_view t) {
  size_t b = 0, e = t.size();
  while (b < e && (t[b] == ' ' || t[b] == '\0')) ++b;
  while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\0')) --e;
  return std::string(t.substr(b, e - b));
}

// The terms of a Specific Character Set value, trimmed; trailing empty values dropped.
std::vector<std::string> splitTerms(std::string_view raw) {
  std::vector<std::string> terms;
  size_t start = 0;
  for (;;) {
    const size_t end = raw.find('\\', start);
    terms.push_back(trimTerm(
        raw.substr(start, end == std::string_view::npos ? raw.size() - start : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  while (terms.size() > 1 && terms.back().empty()) terms.pop_back();
  return terms;
}

std::string joinTerms(const std::vector<std::string>& terms) {
  std::string s;
  for (size_t i = 0; i < terms.size(); ++i) s += (i ? "\\" : "") + terms[i];
  return s;
}

bool isControlDelimiter(unsigned char c) {
  return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D;
}

}  // namespace

bool isPlainAscii(std::string_view raw) {
  for (char c : raw)
    if (static_cast<unsigned char>(c) >= 0x80 || c == char(kEsc)) return false;
  return true;
}

struct CharsetDecoder::Impl {
  enum class Mode { Ascii, Utf8, Single, Iso2022 };

  std::string characterSet;  // normalised: terms trimmed, joined by '\'
  Mode mode = Mode::Ascii;
  bool known = true;
  CharacterSet initialG0 = kAscii, initialG1 = kNone;

  // DCMTK's converter, selected on first use; `dcmtkUsable` false once selecting failed.
  DcmSpecificCharacterSet dcmtk;
  bool dcmtkSelected = false, dcmtkUsable = false;
  // Converters of the tolerant decoder by iconv name (nullptr: that name cannot be opened).
  std::map<std::string, std::unique_ptr<OFCharacterEncoding>> encoders;

  explicit Impl(std::string_view raw) {
    bridge::configureDcmtk();  // DCMTK's logger quiet (it reports what we report ourselves)
    const std::vector<std::string> terms = splitTerms(raw);
    characterSet = joinTerms(terms);
    const bool extensions = terms.size() > 1 || terms[0].rfind("ISO 2022", 0) == 0;
    if (!extensions) {
      if (terms[0].empty() || terms[0] == "ISO_IR 6") {
        mode = Mode::Ascii;
      } else if (terms[0] == "ISO_IR 192") {
        mode = Mode::Utf8;
      } else if (const Term* t = findTerm(terms[0])) {
        mode = Mode::Single;
        initialG0 = t->g0;
        initialG1 = t->g1;
      } else {
        mode = Mode::Ascii;  // an unknown term: only ASCII can be trusted
        known = false;
      }
      return;
    }
    mode = Mode::Iso2022;
    for (size_t i = 0; i < terms.size(); ++i) {
      if (i == 0 && terms[i].empty()) continue;  // value 1 empty: ASCII in G0 (PS3.3 C.12.1.1.2)
      const Term* t = findTerm(terms[i]);
      if (!t) {
        known = false;
      } else if (i == 0) {
        initialG0 = t->g0;
        initialG1 = t->g1;
      }
    }
  }

  OFCharacterEncoding* encoder(const char* name) {
    auto it = encoders.find(name);
    if (it == encoders.end()) {
      auto e = std::make_unique<OFCharacterEncoding>();
      if (e->selectEncoding(name, "UTF-8").bad()) e.reset();
      it = encoders.emplace(name, std::move(e)).first;
    }
    return it->second.get();
  }

  // Converts `bytes` with iconv `name`; false when it does not convert as a whole.
  bool convert(const char* name, std::string_view bytes, std::string& out) {
    OFCharacterEncoding* e = encoder(name);
    if (!e) return false;
    OFString converted;
    if (e->convertString(bytes.data(), bytes.size(), converted).bad()) return false;
    out.append(converted.c_str(), converted.length());
    return true;
  }

  bool dcmtkDecode(std::string_view raw, std::string_view delimiters, std::string& out) {
    if (!dcmtkSelected) {
      dcmtkSelected = true;
      dcmtkUsable = known && dcmtk.selectCharacterSet(characterSet.c_str()).good();
    }
    if (!dcmtkUsable) return false;
    OFString converted;
    if (dcmtk
            .convertString(raw.data(), raw.size(), converted,
                           OFString(delimiters.data(), delimiters.size()))
            .bad())
      return false;
    out.assign(converted.c_str(), converted.length());
    return isValidUtf8(out);
  }

  // Appends U+FFFD for `count` undecodable characters.
  static void replace(std::string& out, bool& replaced, size_t count = 1) {
    for (size_t i = 0; i < count; ++i) appendUtf8(out, kReplacementCharacter);
    replaced = true;
  }

  // Decodes a run of bytes all in `set` (G1 bytes ≥ 0x80, or G0 double-byte 0x21–0x7E).
  void decodeRun(const CharacterSet& set, std::string_view run, std::string& out, bool& replaced) {
    switch (set.kind) {
      case Kind::Katakana:
        for (char c : run) {
          const auto b = static_cast<unsigned char>(c);
          if (b < 0xA1 || b > 0xDF) {
            replace(out, replaced);
            continue;
          }
          appendUtf8(out, char32_t(0xFF61 + (b - 0xA1)));  // JIS X 0201 → halfwidth katakana
        }
        return;
      case Kind::SingleByte:
        if (convert(set.encoding, run, out)) return;
        for (char c : run)
          if (!convert(set.encoding, std::string_view(&c, 1), out)) replace(out, replaced);
        return;
      case Kind::DoubleByte:
      case Kind::JisX0208:
      case Kind::JisX0212: {
        // JIS X 0208/0212 in G0 become EUC-JP by setting the high bits (0x8F first for 0212).
        const bool jis = set.kind != Kind::DoubleByte;
        std::string euc;
        euc.reserve(run.size() * 2);
        for (size_t i = 0; i + 1 < run.size(); i += 2) {
          if (set.kind == Kind::JisX0212) euc += char(0x8F);
          euc += jis ? char(run[i] | 0x80) : run[i];
          euc += jis ? char(run[i + 1] | 0x80) : run[i + 1];
        }
        if (!convert(set.encoding, euc, out)) {
          const size_t width = set.kind == Kind::JisX0212 ? 3 : 2;
          for (size_t i = 0; i + width <= euc.size(); i += width)
            if (!convert(set.encoding, std::string_view(euc).substr(i, width), out))
              replace(out, replaced);
        }
        if (run.size() % 2) replace(out, replaced);  // half a character
        return;
      }
      default:
        replace(out, replaced, run.size());
        return;
    }
  }

  // GB18030/GBK: a character is 1 (ASCII), 2 or 4 bytes; second bytes may be < 0x80.
  size_t decodeGb(const CharacterSet& set, std::string_view raw, size_t i, std::string& out,
                  bool& replaced) {
    for (size_t width : {size_t(2), size_t(4)}) {
      if (i + width > raw.size()) break;
      if (convert(set.encoding, raw.substr(i, width), out)) return width;
    }
    replace(out, replaced);
    return 1;
  }

  CharsetDecoder::Decoded tolerant(std::string_view raw, std::string_view delimiters) {
    CharsetDecoder::Decoded d;
    std::string& out = d.text;
    out.reserve(raw.size() + 8);
    if (mode == Mode::Utf8) {
      size_t pos = 0;
      while (pos < raw.size()) {
        const char32_t cp = nextCodePoint(raw, pos);
        if (cp == kReplacementCharacter) d.replaced = true;
        appendUtf8(out, cp);
      }
      // A literal U+FFFD in the file is not a replacement of ours.
      if (d.replaced && isValidUtf8(raw)) d.replaced = false;
      return d;
    }
    const bool extensions = mode == Mode::Iso2022;
    CharacterSet g0 = initialG0, g1 = mode == Mode::Ascii ? kNone : initialG1;
    const auto twoByteG0 = [&] { return g0.kind == Kind::JisX0208 || g0.kind == Kind::JisX0212; };
    size_t i = 0;
    while (i < raw.size()) {
      const auto b = static_cast<unsigned char>(raw[i]);
      if (extensions && b == kEsc) {
        size_t j = i + 1;
        while (j < raw.size() && raw[j] >= 0x20 && raw[j] <= 0x2F) ++j;
        if (j >= raw.size() || static_cast<unsigned char>(raw[j]) < 0x30 ||
            static_cast<unsigned char>(raw[j]) > 0x7E) {
          replace(out, d.replaced);  // an incomplete escape sequence
          i = j;
          continue;
        }
        const Designation des =
            designation(raw.substr(i + 1, j - i - 1), static_cast<unsigned char>(raw[j]));
        if (des.set.kind == Kind::Unknown) replace(out, d.replaced);  // visible, not silent
        (des.g1 ? g1 : g0) = des.set;
        i = j + 1;
        continue;
      }
      if (isControlDelimiter(b) ||
          (b < 0x80 && !twoByteG0() && delimiters.find(char(b)) != std::string_view::npos)) {
        out += char(b);
        if (extensions) g0 = initialG0, g1 = initialG1;  // PS3.5 6.1.2.5.3
        ++i;
        continue;
      }
      if (b >= 0x80 && g1.kind == Kind::Gb18030) {
        i += decodeGb(g1, raw, i, out, d.replaced);
        continue;
      }
      if (b < 0x80 && twoByteG0() && b > 0x20 && b < 0x7F) {
        size_t j = i;
        while (j < raw.size() && raw[j] > 0x20 && raw[j] < 0x7F) ++j;
        decodeRun(g0, raw.substr(i, j - i), out, d.replaced);
        i = j;
        continue;
      }
      if (b < 0x80) {
        if (g0.kind == Kind::Unknown && b > 0x20 && b < 0x7F)
          replace(out, d.replaced);
        else
          out += char(b);
        ++i;
        continue;
      }
      size_t j = i;
      while (j < raw.size() && static_cast<unsigned char>(raw[j]) >= 0x80) ++j;
      decodeRun(g1, raw.substr(i, j - i), out, d.replaced);
      i = j;
    }
    return d;
  }
};

CharsetDecoder::CharsetDecoder(std::string_view specificCharacterSet)
    : m_impl(std::make_unique<Impl>(specificCharacterSet)) {}

CharsetDecoder::~CharsetDecoder() = default;

CharsetDecoder::Decoded CharsetDecoder::decode(std::string_view raw, std::string_view delimiters) {
  if (m_impl->mode == Impl::Mode::Single || m_impl->mode == Impl::Mode::Iso2022) {
    Decoded d;
    if (m_impl->dcmtkDecode(raw, delimiters, d.text)) return d;
  }
  return m_impl->tolerant(raw, delimiters);
}

CharsetDecoder::Decoded CharsetDecoder::decodeTolerant(std::string_view raw,
                                                       std::string_view delimiters) {
  return m_impl->tolerant(raw, delimiters);
}

bool CharsetDecoder::known() const {
  return m_impl->known;
}

const std::string& CharsetDecoder::characterSet() const {
  return m_impl->characterSet;
}

CharsetDecoder& CharsetDecoder::forThread(std::string_view specificCharacterSet) {
  // Most recently used first; a file set rarely mixes more than two or three character sets.
  thread_local std::vector<std::unique_ptr<CharsetDecoder>> cache;
  const std::string key = joinTerms(splitTerms(specificCharacterSet));
  for (size_t i = 0; i < cache.size(); ++i) {
    if (cache[i]->characterSet() == key) {
      if (i) std::rotate(cache.begin(), cache.begin() + long(i), cache.begin() + long(i) + 1);
      return *cache.front();
    }
  }
  if (cache.size() >= 8) cache.pop_back();
  cache.insert(cache.begin(), std::make_unique<CharsetDecoder>(specificCharacterSet));
  return *cache.front();
}

}  // namespace fv::dicom
