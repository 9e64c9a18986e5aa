// Building DCMTK datasets attribute by attribute with one error bridge (private to fv_dicom).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dctagkey.h>
#include <dcmtk/ofstd/ofcond.h>

#include "fv/dicom/Result.h"

namespace fv::dicom::derived {

/// The first DCMTK failure while building one dataset (later calls are skipped after it).
struct BuildStatus {
  bool failed = false;
  OFCondition condition;
  DcmTagKey tag;
  /// The failure as our Error: "cannot set <attribute>" with DCMTK's text, naming `path`.
  Error toError(const std::string& what, const std::string& path) const;
};

/// Writes attributes into one dataset or sequence item. Every call checks its OFCondition; the
/// first failure is kept in the shared BuildStatus, so callers check once at the end.
class ItemBuilder {
 public:
  ItemBuilder(DcmItem* item, BuildStatus* status) : m_item(item), m_status(status) {}

  /// The item being built (null after a failure; check ok() before using it directly).
  DcmItem* item() const { return m_item; }
  /// False once any attribute failed.
  bool ok() const { return !m_status->failed; }
  /// A string attribute; "" gives an empty (Type 2) attribute. Multiple values joined by '\\'.
  ItemBuilder& str(const DcmTagKey& tag, const std::string& value);
  /// A DS attribute from numbers (shortest text that fits 16 characters, PS3.5 6.2).
  ItemBuilder& decimals(const DcmTagKey& tag, const std::vector<double>& values);
  /// An IS attribute.
  ItemBuilder& integer(const DcmTagKey& tag, long value);
  /// A US attribute (one or more values).
  ItemBuilder& u16(const DcmTagKey& tag, const std::vector<uint16_t>& values);
  /// One UL value.
  ItemBuilder& u32(const DcmTagKey& tag, uint32_t value);
  /// An SL attribute.
  ItemBuilder& s32(const DcmTagKey& tag, const std::vector<int32_t>& values);
  /// An FL attribute.
  ItemBuilder& f32(const DcmTagKey& tag, const std::vector<float>& values);
  /// An OB attribute (e.g. Pixel Data of 8-bit samples).
  ItemBuilder& bytes(const DcmTagKey& tag, const uint8_t* data, size_t size);
  /// An empty sequence (Type 2 sequence attributes).
  ItemBuilder& emptySequence(const DcmTagKey& tag);
  /// Appends a new item to sequence `tag` (created if absent) and returns a builder for it.
  ItemBuilder add(const DcmTagKey& tag);
  /// Appends a Code Sequence Macro item (PS3.3 8.1): Code Value, Coding Scheme, Code Meaning.
  ItemBuilder& code(const DcmTagKey& tag, const char* value, const char* scheme,
                    const char* meaning);
  /// Copies `tag` (element or whole sequence) from `from` when present there; true if copied.
  bool copy(DcmItem& from, const DcmTagKey& tag);
  /// Inserts `owned` (taking ownership, replacing an element of the same tag); false on failure.
  bool insert(DcmElement* owned);

 private:
  bool check(const OFCondition& condition, const DcmTagKey& tag);
  DcmItem* m_item;
  BuildStatus* m_status;
};

/// Number of Unicode code points in UTF-8 text (DICOM length limits count characters).
size_t characterCount(const std::string& utf8);
/// True when every byte is 7-bit ASCII.
bool isAscii(const std::string& text);
/// InvalidArgument unless `value` fits a VR of at most `maxChars` characters without '\\'
/// (when `singleValue`) or control characters other than CR/LF/TAB/FF (PS3.5 6.2).
Status checkText(const std::string& value, size_t maxChars, const std::string& what,
                 bool singleValue = true);
/// InvalidArgument unless `value` is a non-empty Code String: ≤ 16 of A-Z 0-9 space _ (PS3.5 6.2).
Status checkCodeString(const std::string& value, const std::string& what);

}  // namespace fv::dicom::derived
