// The one place where DCMTK's OFCondition becomes our Error, plus typed tag reading.
// Private to fv_dicom: nothing outside dicom/src includes DCMTK.
#pragma once

#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dctagkey.h>
#include <dcmtk/ofstd/ofcond.h>

#include "fv/dicom/Result.h"

namespace fv::dicom::bridge {

/// Our error code for a DCMTK condition (stream ended early → Truncated, memory → TooLarge, ...).
ErrorCode classify(const OFCondition& condition);

/// Converts a failed DCMTK condition into an Error: `what` says what we were doing,
/// the DCMTK text goes to Error::detail.
Error toError(const OFCondition& condition, const std::string& what, const std::string& path);

/// "(0028,0010)" style text of a tag key, with its dictionary name when known.
std::string tagText(const DcmTagKey& tag);

/// Runs `f`, which calls into DCMTK, turning any C++ exception that escapes DCMTK (seen on
/// corrupted DICOMDIRs: std::out_of_range from DcmByteString::verify) into an Error, so no
/// exception ever crosses our API. R is a Result<T> or Status.
template <class R, class F>
R guarded(const std::string& what, const std::string& path, F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return makeError(ErrorCode::TooLarge, what + ": not enough memory", path);
  } catch (const std::exception& e) {
    return makeError(ErrorCode::Malformed, what + ": DCMTK failed on malformed data", path, e.what());
  } catch (...) {
    return makeError(ErrorCode::Internal, what + ": unknown exception", path);
  }
}

/// Sets DCMTK's process-wide parsing options once (stop after Pixel Data, tolerant parsing).
void configureDcmtk();

/// Typed, never-failing accessors for one dataset or sequence item. Missing or unparsable
/// values come back as empty/nullopt; callers decide whether that is an error.
///
/// Every string comes back as well-formed UTF-8: text VRs (SH, LO, ST, LT, PN, UC, UT) are
/// decoded per the Specific Character Set (0008,0005) in force for the item — its own, else the
/// nearest enclosing item's, else the dataset's (PS3.5 6.1.2.5; PS3.3 C.12.1.1.2) — and bytes
/// that cannot be decoded become U+FFFD, with one warning per attribute added to `warnings`
/// when given. Values of 7-bit bytes without ESC are returned as they are, with no conversion.
class TagReader {
 public:
  explicit TagReader(DcmItem* item, std::vector<std::string>* warnings = nullptr)
      : m_item(item), m_warnings(warnings) {}

  DcmItem* item() const { return m_item; }
  /// A reader of another item (a sequence item) that reports to the same warnings.
  TagReader at(DcmItem* item) const { return TagReader(item, m_warnings); }
  /// True when the element exists (even if empty).
  bool has(const DcmTagKey& tag) const;
  /// Value `pos` as UTF-8, leading/trailing spaces removed; "" when absent.
  std::string str(const DcmTagKey& tag, unsigned long pos = 0) const;
  /// The whole value (all values joined with '\\') as UTF-8, trimmed.
  std::string all(const DcmTagKey& tag) const;
  /// All values of a multi-valued string element, as UTF-8.
  std::vector<std::string> strings(const DcmTagKey& tag) const;
  /// The Specific Character Set (0008,0005) in force for this item (its own or inherited).
  std::string characterSet() const;
  /// Value `pos` as a number, from DS/IS/FD/FL/US/SS/UL/SL/strings; nullopt if absent or bad.
  std::optional<double> real(const DcmTagKey& tag, unsigned long pos = 0) const;
  /// All numeric values.
  std::vector<double> reals(const DcmTagKey& tag) const;
  /// Value `pos` as an integer (rounded toward zero from any numeric VR).
  std::optional<long> integer(const DcmTagKey& tag, unsigned long pos = 0) const;
  /// Number of values (VM) of the element, 0 when absent.
  unsigned long count(const DcmTagKey& tag) const;
  /// Item `index` of sequence `tag`, or nullptr.
  DcmItem* item(const DcmTagKey& tag, unsigned long index = 0) const;
  /// Number of items of sequence `tag` (0 when absent).
  unsigned long items(const DcmTagKey& tag) const;
  /// Raw 16-bit words of an OW/US/xs element (LUT Data), local byte order.
  std::vector<uint16_t> words(const DcmTagKey& tag) const;
  /// Raw bytes of an OB/OW element (Overlay Data).
  std::vector<uint8_t> bytes(const DcmTagKey& tag) const;
  /// Tags of an AT element (Frame Increment Pointer) as (group<<16)|element.
  std::vector<uint32_t> tags(const DcmTagKey& tag) const;

 private:
  DcmElement* element(const DcmTagKey& tag) const;
  /// The whole value of a string element as UTF-8 (untrimmed); nullopt for non-string VRs.
  std::optional<std::string> text(DcmElement* e) const;
  DcmItem* m_item;
  std::vector<std::string>* m_warnings;
};

}  // namespace fv::dicom::bridge
