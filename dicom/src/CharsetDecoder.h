// Text values → UTF-8 per Specific Character Set (0008,0005) (PS3.5 6.1). Private to fv_dicom;
// no DCMTK in this header so white-box tests can use it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace fv::dicom {

/// Decodes the values of one Specific Character Set (0008,0005) to UTF-8, never failing:
/// bytes that cannot be decoded become U+FFFD and the result says so.
///
/// DCMTK's DcmSpecificCharacterSet converts first (single-byte ISO_IR 100…166, ISO_IR 13,
/// GB18030, GBK and ISO 2022 code extensions). When it cannot — a byte invalid in the character
/// set, an unknown escape sequence, or Japanese ISO 2022 IR 87/159, which glibc's iconv does not
/// know under the names DCMTK asks for — a tolerant decoder of our own takes over: the ISO 2022
/// designations of PS3.5 6.1.2.5 and Annex K–L are tracked here, and each run of characters is
/// converted with DCMTK's OFCharacterEncoding (EUC-JP for JIS X 0208/0212, EUC-KR for KS X 1001,
/// GB2312, ISO 8859-n), one character at a time where a run does not convert.
class CharsetDecoder {
 public:
  /// The result of decoding one value.
  struct Decoded {
    std::string text;       ///< well-formed UTF-8
    bool replaced = false;  ///< some bytes could not be decoded and are U+FFFD
  };

  /// `specificCharacterSet` is the raw (0008,0005) value, e.g. "ISO_IR 100" or
  /// "\ISO 2022 IR 87" (backslash-separated, spaces ignored); empty means the default repertoire.
  explicit CharsetDecoder(std::string_view specificCharacterSet);
  ~CharsetDecoder();
  CharsetDecoder(const CharsetDecoder&) = delete;
  CharsetDecoder& operator=(const CharsetDecoder&) = delete;

  /// Decodes one element value. `delimiters` are the VR's value/component delimiters ("\\" for
  /// LO/SH/UC, "\\^=" for PN, "" for ST/LT/UT): in ISO 2022 they switch back to the initial
  /// character set (PS3.5 6.1.2.5.3).
  Decoded decode(std::string_view raw, std::string_view delimiters);
  /// Decodes with our own tolerant decoder only, skipping DCMTK's (for tests comparing both).
  Decoded decodeTolerant(std::string_view raw, std::string_view delimiters);

  /// False when a term of the Specific Character Set is not a DICOM defined term we know
  /// (its non-ASCII bytes then decode to U+FFFD).
  bool known() const;
  /// The normalised Specific Character Set this decoder was made for.
  const std::string& characterSet() const;

  /// This thread's decoder for `specificCharacterSet`, made on first use and kept (a handful per
  /// thread): indexing creates no converter per file.
  static CharsetDecoder& forThread(std::string_view specificCharacterSet);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// True when `raw` needs no decoding in any character set: 7-bit bytes and no ESC (0x1B).
bool isPlainAscii(std::string_view raw);

}  // namespace fv::dicom
