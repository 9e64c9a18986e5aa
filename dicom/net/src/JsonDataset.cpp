#include "JsonDataset.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvrpobw.h>
#include <dcmtk/ofstd/ofstd.h>
#include <nlohmann/json.hpp>

namespace fv::net {
using fv::dicom::ErrorCode;
using fv::dicom::makeError;
using fv::dicom::Status;

namespace {

bool parseTag(const std::string& key, DcmTagKey& tag) {
  if (key.size() != 8) return false;
  unsigned g = 0, e = 0;
  if (std::sscanf(key.c_str(), "%4x%4x", &g, &e) != 2) return false;
  tag = DcmTagKey(static_cast<Uint16>(g), static_cast<Uint16>(e));
  return true;
}

// One value of a "Value" array as DICOM text (numbers in their shortest exact form).
std::string valueText(const nlohmann::json& v, DcmEVR vr) {
  if (v.is_null()) return {};
  if (v.is_string() && vr == EVR_AT && v.get<std::string>().size() == 8) {  // "00181063" → DCMTK's form
    const std::string& t = v.get_ref<const std::string&>();
    std::string out(1, '(');
    out.append(t, 0, 4).append(1, ',').append(t, 4, 4).append(1, ')');
    return out;
  }
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, vr == EVR_FL ? "%.9g" : "%.17g", v.get<double>());
    return buf;
  }
  if (v.is_object() && vr == EVR_PN) {  // PS3.18 F.2.2: Alphabetic=Ideographic=Phonetic
    std::string out;
    int groups = 0;
    for (const char* g : {"Alphabetic", "Ideographic", "Phonetic"}) {
      ++groups;
      auto it = v.find(g);
      if (it == v.end() || !it->is_string()) continue;
      while (std::count(out.begin(), out.end(), '=') < groups - 1) out += '=';
      out += it->get<std::string>();
    }
    return out;
  }
  return {};
}

Status readAttribute(const DcmTagKey& key, const nlohmann::json& attr, DcmItem& item);

Status readSequence(const DcmTag& tag, const nlohmann::json& values, DcmItem& item) {
  auto* seq = new DcmSequenceOfItems(tag);
  if (item.insert(seq, true).bad()) {
    delete seq;
    return makeError(ErrorCode::Malformed, "DICOM JSON: cannot insert a sequence");
  }
  if (!values.is_array()) return {};
  for (const auto& v : values) {
    auto* child = new DcmItem();
    seq->append(child);
    if (v.is_object())
      if (auto s = readDicomJson(v, *child); !s) return s;
  }
  return {};
}

Status readAttribute(const DcmTagKey& key, const nlohmann::json& attr, DcmItem& item) {
  char tagText[16];
  std::snprintf(tagText, sizeof tagText, "(%04X,%04X)", key.getGroup(), key.getElement());
  auto bad = [&](const char* why) {
    return makeError(ErrorCode::Malformed, std::string("DICOM JSON attribute ") + tagText + ": " + why);
  };
  if (!attr.is_object()) return bad("not an object");
  auto vrIt = attr.find("vr");
  if (vrIt == attr.end() || !vrIt->is_string()) return bad("no vr");
  const DcmVR vr(vrIt->get<std::string>().c_str());
  if (vr.getEVR() == EVR_UNKNOWN) return bad("unknown vr");
  DcmTag tag(key, vr);
  if (attr.contains("BulkDataURI")) return {};  // not sent inline: the caller supplies it if needed
  auto values = attr.find("Value");
  if (vr.getEVR() == EVR_SQ) return readSequence(tag, values == attr.end() ? nlohmann::json() : *values, item);
  DcmElement* element = nullptr;
  if (DcmItem::newDicomElement(element, tag).bad() || !element) return bad("cannot create the element");
  if (item.insert(element, true).bad()) {
    delete element;
    return bad("cannot insert the element");
  }
  if (auto inl = attr.find("InlineBinary"); inl != attr.end() && inl->is_string()) {
    const std::string text = inl->get<std::string>();
    unsigned char* bytes = nullptr;
    const size_t n = OFStandard::decodeBase64(OFString(text.c_str()), bytes);
    OFCondition c = vr.getEVR() == EVR_OW && n % 2 == 0
                        ? element->putUint16Array(reinterpret_cast<const Uint16*>(bytes), n / 2)
                        : element->putUint8Array(bytes, n);
    delete[] bytes;
    return c.good() ? Status{} : bad("bad InlineBinary");
  }
  if (values == attr.end() || !values->is_array() || values->empty()) return {};  // zero length
  std::string joined;
  for (size_t i = 0; i < values->size(); ++i) {
    if (i) joined += '\\';
    joined += valueText((*values)[i], vr.getEVR());
  }
  if (element->putString(joined.c_str()).bad()) delete item.remove(element);  // a value DCMTK refuses: left out
  return {};
}

}  // namespace

Status readDicomJson(const nlohmann::json& object, DcmItem& item) {
  if (!object.is_object()) return makeError(ErrorCode::Malformed, "DICOM JSON: not an object");
  for (const auto& [key, attr] : object.items()) {
    DcmTagKey tag;
    if (!parseTag(key, tag)) return makeError(ErrorCode::Malformed, "DICOM JSON: bad tag \"" + key.substr(0, 16) + "\"");
    if (tag.getGroup() == 0x0002 || tag.getElement() == 0x0000) continue;  // meta and group lengths: ours to write
    if (auto s = readAttribute(tag, attr, item); !s) return s;
  }
  return {};
}

}  // namespace fv::net
