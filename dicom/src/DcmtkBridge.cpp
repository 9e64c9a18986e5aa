#include "DcmtkBridge.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>

#include <unistd.h>

#include <dcmtk/dcmdata/dcbytstr.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcerror.h>
#include <dcmtk/dcmdata/dcobject.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dctag.h>
#include <dcmtk/dcmdata/dcvr.h>
#include <dcmtk/dcmdata/dcvrat.h>
#include <dcmtk/oflog/oflog.h>

#include "CharsetDecoder.h"
#include "fv/dicom/Utf8.h"

namespace fv::dicom::bridge {

ErrorCode classify(const OFCondition& c) {
  if (c == EC_StreamNotifyClient || c == EC_EndOfStream || c == EC_PrematureSequDelimitationItem ||
      c == EC_SequDelimitationItemMissing || c == EC_ItemDelimitationItemMissing)
    return ErrorCode::Truncated;
  if (c == EC_MemoryExhausted || c == EC_TooManyBytesRequested || c == EC_ElemLengthExceeds16BitField)
    return ErrorCode::TooLarge;
  if (c == EC_InvalidFilename) return ErrorCode::NotFound;
  if (c == EC_CannotChangeRepresentation || c == EC_UnsupportedEncoding ||
      c == EC_UnknownTransferSyntax)
    return ErrorCode::Unsupported;
  if (c == EC_TagNotFound) return ErrorCode::NotFound;
  if (c == EC_InvalidStream || c == EC_CorruptedData || c == EC_InvalidTag ||
      c == EC_UnknownVR || c == EC_InvalidVR || c == EC_FileMetaInfoHeaderMissing ||
      c == EC_MissingAttribute || c == EC_ElemLengthLargerThanItem || c == EC_InvalidValue)
    return ErrorCode::Malformed;
  return ErrorCode::Malformed;
}

Error toError(const OFCondition& c, const std::string& what, const std::string& path) {
  return Error{classify(c), what, path, c.text() ? c.text() : ""};
}

std::string tagText(const DcmTagKey& key) {
  DcmTag tag(key);
  std::string s = key.toString().c_str();
  const char* name = tag.getTagName();
  if (name && std::string(name) != "Unknown Tag & Data") s = std::string(name) + " " + s;
  return s;
}

void configureDcmtk() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Never parse past Pixel Data: trailing padding or garbage (seen in the wild: megabytes of
    // zero bytes) would otherwise become hundreds of thousands of bogus elements.
    dcmStopParsingAfterElement.set(DCM_PixelData);
    // Be as tolerant as DCMTK's tools are by default, but never silently: errors still surface.
    dcmEnableAutomaticInputDataCorrection.set(OFTrue);
    dcmAcceptOddAttributeLength.set(OFTrue);
    // Standard attributes some writers store as UN in explicit-VR files (pydicom's test files
    // do) are read in their dictionary VR: else their UIDs and texts read as hex bytes.
    dcmEnableUnknownVRConversion.set(OFTrue);
    // DCMTK logs to stderr by default; our errors are reported through Result values instead.
    if (!std::getenv("FV_DCMTK_LOG"))
      OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    // Load only the standard data dictionary, not DCMTK's private-tag one: we read no private
    // attributes, and parsing its 3,000 text lines costs a third of start-up. (Private tags in
    // implicit-VR files then read as UN, which changes nothing we use.) DCMDICTPATH still wins.
    if (!std::getenv("DCMDICTPATH")) {
      const std::string defaults = DCM_DICT_DEFAULT_PATH;
      const std::string standard = defaults.substr(0, defaults.find(ENVIRONMENT_PATH_SEPARATOR));
      if (!standard.empty() && ::access(standard.c_str(), R_OK) == 0) ::setenv("DCMDICTPATH", standard.c_str(), 0);
    }
    (void)dcmDataDict.isDictionaryLoaded();
  });
}

DcmElement* TagReader::element(const DcmTagKey& tag) const {
  if (!m_item) return nullptr;
  DcmElement* e = nullptr;
  if (m_item->findAndGetElement(tag, e, OFFalse).bad()) return nullptr;
  return e;
}

bool TagReader::has(const DcmTagKey& tag) const { return m_item && m_item->tagExists(tag); }

static std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\0')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\0')) --e;
  return std::string(s.substr(b, e - b));
}

static std::string trim(const OFString& s) {
  return trim(std::string_view(s.c_str(), s.size()));
}

std::string TagReader::characterSet() const {
  for (DcmItem* it = m_item; it; it = it->getParentItem()) {
    DcmElement* e = nullptr;
    if (it->findAndGetElement(DCM_SpecificCharacterSet, e, OFFalse).good() && e) {
      OFString value;
      e->getOFStringArray(value);
      return value.c_str();
    }
  }
  return {};
}

std::optional<std::string> TagReader::text(DcmElement* e) const {
  auto* s = dynamic_cast<DcmByteString*>(e);
  if (!s) return std::nullopt;
  char* raw = nullptr;
  Uint32 length = 0;
  if (s->getString(raw, length).bad() || !raw) return std::string();
  const std::string_view value(raw, length);
  if (isPlainAscii(value)) return std::string(value);
  // Only SH, LO, ST, LT, PN, UC and UT follow the Specific Character Set; every other string VR
  // is 7-bit by definition (PS3.5 6.2), so any other byte there is undecodable.
  const bool charsetText = e->isAffectedBySpecificCharacterSet();
  const std::string charset = charsetText ? characterSet() : std::string();
  CharsetDecoder::Decoded d = CharsetDecoder::forThread(charset).decode(
      value, DcmVR(e->ident()).getDelimiterChars().c_str());
  if (d.replaced && m_warnings) {
    const std::string what = tagText(e->getTag());
    std::string w;
    if (!charsetText) {
      w = what + ": bytes outside the default character repertoire of its VR replaced by U+FFFD";
    } else if (charset.empty()) {
      w = what +
          ": non-ASCII bytes, but no Specific Character Set (0008,0005) is declared; "
          "replaced by U+FFFD";
    } else {
      const std::string name = sanitizeUtf8(charset.substr(0, 64));
      w = what +
          (CharsetDecoder::forThread(charset).known()
               ? ": bytes that are not valid in Specific Character Set \"" + name + "\""
               : ": Specific Character Set \"" + name + "\" is not one DICOM defines; bytes") +
          " replaced by U+FFFD";
    }
    if (std::find(m_warnings->begin(), m_warnings->end(), w) == m_warnings->end())
      m_warnings->push_back(std::move(w));
  }
  return std::move(d.text);
}

namespace {
// The values of a decoded string: split at '\\' for VRs whose values it delimits (not ST, LT,
// UT, UR, where a backslash is text).
std::vector<std::string_view> splitValues(std::string_view text, DcmEVR vr) {
  std::vector<std::string_view> out;
  if (vr == EVR_ST || vr == EVR_LT || vr == EVR_UT || vr == EVR_UR) {
    out.push_back(text);
    return out;
  }
  size_t start = 0;
  for (;;) {
    const size_t end = text.find('\\', start);
    out.push_back(
        text.substr(start, end == std::string_view::npos ? text.size() - start : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}
}  // namespace

std::string TagReader::str(const DcmTagKey& tag, unsigned long pos) const {
  DcmElement* e = element(tag);
  if (!e) return {};
  if (auto t = text(e)) {
    const auto values = splitValues(*t, e->ident());
    return pos < values.size() ? trim(values[pos]) : std::string();
  }
  OFString v;
  if (e->getOFString(v, pos).bad()) return {};
  return trim(v);
}

std::string TagReader::all(const DcmTagKey& tag) const {
  DcmElement* e = element(tag);
  if (!e) return {};
  if (auto t = text(e)) return trim(*t);
  OFString v;
  if (e->getOFStringArray(v).bad()) return {};
  return trim(v);
}

std::vector<std::string> TagReader::strings(const DcmTagKey& tag) const {
  std::vector<std::string> out;
  DcmElement* e = element(tag);
  if (!e) return out;
  if (auto t = text(e)) {
    if (t->empty()) return out;
    for (std::string_view v : splitValues(*t, e->ident())) out.push_back(trim(v));
    return out;
  }
  const unsigned long n = e->getVM();
  for (unsigned long i = 0; i < n; ++i) {
    OFString v;
    if (e->getOFString(v, i).good()) out.push_back(trim(v));
  }
  return out;
}

std::optional<double> TagReader::real(const DcmTagKey& tag, unsigned long pos) const {
  DcmElement* e = element(tag);
  if (!e || pos >= e->getVM()) return std::nullopt;
  switch (e->ident()) {
    case EVR_FD: case EVR_FL: case EVR_DS: {
      Float64 v = 0;
      if (e->getFloat64(v, pos).good() && std::isfinite(v)) return v;
      break;
    }
    case EVR_US: { Uint16 v = 0; if (e->getUint16(v, pos).good()) return v; break; }
    case EVR_SS: { Sint16 v = 0; if (e->getSint16(v, pos).good()) return v; break; }
    case EVR_UL: { Uint32 v = 0; if (e->getUint32(v, pos).good()) return v; break; }
    case EVR_SL: case EVR_IS: { Sint32 v = 0; if (e->getSint32(v, pos).good()) return v; break; }
    default: break;
  }
  // Tolerate numbers in other string VRs (seen in private and malformed files).
  OFString s;
  if (e->getOFString(s, pos).good()) {
    const std::string t = trim(s);
    if (t.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end && *end == '\0' && std::isfinite(v)) return v;
  }
  return std::nullopt;
}

std::vector<double> TagReader::reals(const DcmTagKey& tag) const {
  std::vector<double> out;
  const unsigned long n = count(tag);
  out.reserve(n);
  for (unsigned long i = 0; i < n; ++i) {
    auto v = real(tag, i);
    if (!v) return {};  // a partly unreadable multi-value is unusable
    out.push_back(*v);
  }
  return out;
}

std::optional<long> TagReader::integer(const DcmTagKey& tag, unsigned long pos) const {
  auto v = real(tag, pos);
  if (!v || std::fabs(*v) > 2147483647.0) return std::nullopt;
  return long(*v);
}

unsigned long TagReader::count(const DcmTagKey& tag) const {
  DcmElement* e = element(tag);
  return e ? e->getVM() : 0;
}

DcmItem* TagReader::item(const DcmTagKey& tag, unsigned long index) const {
  if (!m_item) return nullptr;
  DcmItem* it = nullptr;
  if (m_item->findAndGetSequenceItem(tag, it, OFstatic_cast(signed long, index)).bad()) return nullptr;
  return it;
}

unsigned long TagReader::items(const DcmTagKey& tag) const {
  if (!m_item) return 0;
  DcmSequenceOfItems* seq = nullptr;
  if (m_item->findAndGetSequence(tag, seq).bad() || !seq) return 0;
  return seq->card();
}

std::vector<uint16_t> TagReader::words(const DcmTagKey& tag) const {
  DcmElement* e = element(tag);
  if (!e) return {};
  Uint16* w = nullptr;
  if (e->getUint16Array(w).good() && w) {
    const unsigned long n = e->getLength() / 2;
    return std::vector<uint16_t>(w, w + n);
  }
  Uint8* b = nullptr;  // some files store 8-bit LUT data as OB
  if (e->getUint8Array(b).good() && b) {
    const unsigned long n = e->getLength();
    return std::vector<uint16_t>(b, b + n);
  }
  return {};
}

std::vector<uint8_t> TagReader::bytes(const DcmTagKey& tag) const {
  DcmElement* e = element(tag);
  if (!e) return {};
  const Uint32 n = e->getLength();
  if (e->ident() == EVR_OW) {
    Uint16* w = nullptr;
    if (e->getUint16Array(w).good() && w) {
      // Overlay Data as OW: words in local order; bits are LSB first within each 16-bit word,
      // which on a little-endian host is the byte sequence itself.
      const uint8_t* p = reinterpret_cast<const uint8_t*>(w);
      return std::vector<uint8_t>(p, p + n);
    }
  }
  Uint8* b = nullptr;
  if (e->getUint8Array(b).good() && b) return std::vector<uint8_t>(b, b + n);
  return {};
}

std::vector<uint32_t> TagReader::tags(const DcmTagKey& tag) const {
  std::vector<uint32_t> out;
  DcmElement* e = element(tag);
  if (!e || e->ident() != EVR_AT) return out;
  const unsigned long n = e->getVM();
  for (unsigned long i = 0; i < n; ++i) {
    DcmTagKey k;
    if (static_cast<DcmAttributeTag*>(e)->getTagVal(k, i).good())
      out.push_back((uint32_t(k.getGroup()) << 16) | k.getElement());
  }
  return out;
}

}  // namespace fv::dicom::bridge
