#include "derived/DatasetBuilder.h"

#include <charconv>
#include <cstdio>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvrfl.h>
#include <dcmtk/dcmdata/dcvrobow.h>
#include <dcmtk/dcmdata/dcvrsl.h>
#include <dcmtk/dcmdata/dcvrul.h>
#include <dcmtk/dcmdata/dcvrus.h>

#include "DcmtkBridge.h"

namespace fv::dicom::derived {

namespace {

// Shortest decimal text of `v` that reads back as exactly `v` (std::to_chars: fixed notation
// unless scientific is shorter), if it fits DS's 16 characters; otherwise the most precise
// text that fits (PS3.5 6.2, DS).
std::string decimalText(double v) {
  char buf[64];
  const auto shortest = std::to_chars(buf, buf + sizeof buf, v);
  if (shortest.ec == std::errc() && shortest.ptr - buf <= 16) return std::string(buf, shortest.ptr);
  std::string best;
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::string(buf).size() > 16) break;
    best = buf;
  }
  return best;
}

}  // namespace

Error BuildStatus::toError(const std::string& what, const std::string& path) const {
  Error e = bridge::toError(condition, what + ": cannot set " + bridge::tagText(tag), path);
  e.code = ErrorCode::Internal;  // we build these datasets ourselves: a failure is our bug
  return e;
}

bool ItemBuilder::check(const OFCondition& condition, const DcmTagKey& tag) {
  if (condition.good()) return true;
  if (!m_status->failed) *m_status = BuildStatus{true, condition, tag};
  return false;
}

ItemBuilder& ItemBuilder::str(const DcmTagKey& tag, const std::string& value) {
  if (m_status->failed) return *this;
  check(m_item->putAndInsertOFStringArray(tag, OFString(value.c_str(), value.size())), tag);
  return *this;
}

ItemBuilder& ItemBuilder::decimals(const DcmTagKey& tag, const std::vector<double>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) text += '\\';
    text += decimalText(values[i]);
  }
  return str(tag, text);
}

ItemBuilder& ItemBuilder::integer(const DcmTagKey& tag, long value) {
  return str(tag, std::to_string(value));
}

ItemBuilder& ItemBuilder::u16(const DcmTagKey& tag, const std::vector<uint16_t>& values) {
  if (m_status->failed) return *this;
  auto* e = new DcmUnsignedShort(tag);
  if (check(e->putUint16Array(values.data(), values.size()), tag))
    check(m_item->insert(e, OFTrue), tag);
  else
    delete e;
  return *this;
}

ItemBuilder& ItemBuilder::u32(const DcmTagKey& tag, uint32_t value) {
  if (m_status->failed) return *this;
  auto* e = new DcmUnsignedLong(tag);
  if (check(e->putUint32(value), tag))
    check(m_item->insert(e, OFTrue), tag);
  else
    delete e;
  return *this;
}

ItemBuilder& ItemBuilder::s32(const DcmTagKey& tag, const std::vector<int32_t>& values) {
  if (m_status->failed) return *this;
  auto* e = new DcmSignedLong(tag);
  if (check(e->putSint32Array(values.data(), values.size()), tag))
    check(m_item->insert(e, OFTrue), tag);
  else
    delete e;
  return *this;
}

ItemBuilder& ItemBuilder::f32(const DcmTagKey& tag, const std::vector<float>& values) {
  if (m_status->failed) return *this;
  auto* e = new DcmFloatingPointSingle(tag);
  if (check(e->putFloat32Array(values.data(), values.size()), tag))
    check(m_item->insert(e, OFTrue), tag);
  else
    delete e;
  return *this;
}

ItemBuilder& ItemBuilder::bytes(const DcmTagKey& tag, const uint8_t* data, size_t size) {
  if (m_status->failed) return *this;
  check(m_item->putAndInsertUint8Array(tag, data, size), tag);
  return *this;
}

ItemBuilder& ItemBuilder::emptySequence(const DcmTagKey& tag) {
  if (m_status->failed) return *this;
  check(m_item->insertEmptyElement(tag), tag);
  return *this;
}

ItemBuilder ItemBuilder::add(const DcmTagKey& tag) {
  DcmItem* child = nullptr;
  if (!m_status->failed) check(m_item->findOrCreateSequenceItem(tag, child, -2 /* append */), tag);
  // After a failure `child` is null: every call on it is skipped because the status has failed.
  return ItemBuilder(child, m_status);
}

ItemBuilder& ItemBuilder::code(const DcmTagKey& tag, const char* value, const char* scheme,
                               const char* meaning) {
  add(tag)
      .str(DCM_CodeValue, value)
      .str(DCM_CodingSchemeDesignator, scheme)
      .str(DCM_CodeMeaning, meaning);
  return *this;
}

bool ItemBuilder::copy(DcmItem& from, const DcmTagKey& tag) {
  if (m_status->failed) return false;
  DcmElement* e = nullptr;
  if (from.findAndGetElement(tag, e, OFFalse).bad() || !e) return false;
  auto* clone = static_cast<DcmElement*>(e->clone());
  if (!clone) return check(EC_MemoryExhausted, tag);
  if (!check(m_item->insert(clone, OFTrue), tag)) {
    delete clone;
    return false;
  }
  return true;
}

bool ItemBuilder::insert(DcmElement* owned) {
  if (m_status->failed) {
    delete owned;
    return false;
  }
  const DcmTagKey tag = owned->getTag();
  if (!check(m_item->insert(owned, OFTrue), tag)) {
    delete owned;
    return false;
  }
  return true;
}

size_t characterCount(const std::string& utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;  // count lead bytes only
  return n;
}

bool isAscii(const std::string& text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

Status checkText(const std::string& value, size_t maxChars, const std::string& what,
                 bool singleValue) {
  if (characterCount(value) > maxChars)
    return makeError(
        ErrorCode::InvalidArgument,
        what + " is longer than " + std::to_string(maxChars) + " characters (PS3.5 6.2)");
  for (unsigned char c : value) {
    if (singleValue && c == '\\')
      return makeError(ErrorCode::InvalidArgument,
                       what + " must not contain '\\' (the DICOM value separator)");
    if (c < 0x20 && c != '\r' && c != '\n' && c != '\t' && c != '\f')
      return makeError(ErrorCode::InvalidArgument, what + " contains a control character");
  }
  return {};
}

Status checkCodeString(const std::string& value, const std::string& what) {
  bool ok = !value.empty() && value.size() <= 16 && value.front() != ' ' && value.back() != ' ';
  for (char c : value)
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '_');
  if (!ok)
    return makeError(ErrorCode::InvalidArgument,
                     what + " \"" + value +
                         "\" is not a DICOM code string: 1-16 of A-Z, 0-9, space, _ (PS3.5 6.2)");
  return {};
}

}  // namespace fv::dicom::derived
