#include "DatasetWalker.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvr.h>

#include "DateShifter.h"
#include "DcmtkBridge.h"
#include "fv/dicom/DerivedObjects.h"

namespace fv::dicom::deid {
namespace {

int rank(std::string_view code) {
  return code == "K" ? 3 : code == "C" ? 2 : code == "X" ? 1 : 0;
}

bool enabled(const DeidentifyOptions& o, ProfileOption p) {
  switch (p) {
    case ProfileOption::RetainSafePrivate:
      return !o.privateKeepList.empty();
    case ProfileOption::RetainUids:
      return o.retainUids;
    case ProfileOption::RetainDeviceIdentity:
      return o.retainDeviceIdentity;
    case ProfileOption::RetainInstitutionIdentity:
      return o.retainInstitutionIdentity;
    case ProfileOption::RetainPatientCharacteristics:
      return o.retainPatientCharacteristics;
    case ProfileOption::RetainLongitudinalFullDates:
      return o.retainLongitudinalFullDates;
    case ProfileOption::RetainLongitudinalModifiedDates:
      return o.retainLongitudinalModifiedDates;
    case ProfileOption::CleanDescriptors:
      return o.cleanDescriptors;
    case ProfileOption::CleanStructuredContent:
      return o.cleanStructuredContent;
    case ProfileOption::CleanGraphics:
      return o.cleanGraphics;
  }
  return false;
}

bool isFreeText(DcmEVR vr) {
  return vr == EVR_PN || vr == EVR_ST || vr == EVR_LT || vr == EVR_UT || vr == EVR_UC;
}
bool isDateLike(DcmEVR vr) {
  return vr == EVR_DA || vr == EVR_DT || vr == EVR_TM;
}

Status failed(const OFCondition& c, const DcmElement& e) {
  return bridge::toError(c, "cannot replace the value of " + bridge::tagText(e.getTag()), "");
}

std::vector<std::string> splitValues(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t p = s.find('\\', start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

}  // namespace

Action resolveAction(const ProfileRow& row, const DeidentifyOptions& options, bool hasValue) {
  const std::string* chosen = nullptr;
  for (size_t i = 0; i < kProfileOptionCount; ++i) {
    const std::string& a = row.options[i];
    if (!a.empty() && enabled(options, ProfileOption(i)) && (!chosen || rank(a) > rank(*chosen)))
      chosen = &a;
  }
  const std::string_view code = chosen ? *chosen : row.basic;
  if (code.find('/') != std::string_view::npos) {
    // Combined codes (PS3.15 E.3.1 type rule): the candidates, tried from least removal.
    bool d = false, u = false, z = false;
    size_t start = 0;
    for (;;) {
      const size_t p = code.find('/', start);
      const std::string_view part =
          code.substr(start, p == std::string_view::npos ? code.npos : p - start);
      d = d || part == "D";
      u = u || part == "U*";
      z = z || part == "Z";
      if (p == std::string_view::npos) break;
      start = p + 1;
    }
    if (hasValue && d) return Action::Dummy;
    if (hasValue && u) return Action::KeepWithUids;
    return z ? Action::Zero : Action::Remove;
  }
  if (code == "Z") return Action::Zero;
  if (code == "D") return Action::Dummy;
  if (code == "K") return Action::Keep;
  if (code == "C") return Action::Clean;
  if (code == "U") return Action::Uid;
  if (code == "U*") return Action::KeepWithUids;
  return Action::Remove;  // "X" and anything unexpected: the safe side
}

bool DatasetWalker::keepPrivate(DcmItem& item, uint16_t group, uint16_t element) const {
  if (m_options.privateKeepList.empty() || element < 0x0010) return false;
  auto creatorOf = [&](uint16_t block) -> std::string {
    OFString v;
    if (item.findAndGetOFString(DcmTagKey(group, block), v).bad()) return {};
    return trimmed(v.c_str());
  };
  for (const PrivateTagKey& k : m_options.privateKeepList) {
    if (k.group != group) continue;
    if (element <= 0x00FF) {
      if (creatorOf(element) == k.creator) return true;  // the Private Creator of a kept block
    } else if ((element & 0xFF) == k.element && creatorOf(uint16_t(element >> 8)) == k.creator) {
      return true;
    }
  }
  return false;
}

Status DatasetWalker::walk(DcmItem& item, bool dummyText) {
  std::vector<DcmElement*> elements;
  for (DcmObject* o = item.nextInContainer(nullptr); o; o = item.nextInContainer(o))
    elements.push_back(static_cast<DcmElement*>(o));
  std::vector<uint16_t> purgedOverlays;
  for (DcmElement* e : elements) {
    const uint16_t g = e->getGTag(), el = e->getETag();
    bool removed = false;
    if (g & 1) {  // private (PS3.5 7.8): removed unless on the keep-list (Retain Safe Private)
      if (!keepPrivate(item, g, el)) delete item.remove(e);
      continue;
    }
    const ProfileRow* row = profileRowFor(g, el);
    if (!row) {
      // Not in Table E.1-1: kept. Inside a dummied sequence, free text and dates are not.
      if (e->ident() == EVR_SQ) {
        if (Status s = recurse(*e, dummyText); !s) return s;
      } else if (dummyText && isFreeText(e->ident())) {
        if (Status s = dummy(*e); !s) return s;
      } else if (dummyText && isDateLike(e->ident())) {
        if (Status s = dateLike(*e); !s) return s;
      }
      continue;
    }
    const bool hasValue =
        e->ident() == EVR_SQ ? static_cast<DcmSequenceOfItems*>(e)->card() > 0 : e->getLength() > 0;
    const Action a = resolveAction(*row, m_options, hasValue);
    if (Status s = applyTo(item, *e, a, dummyText, removed); !s) return s;
    // Overlay Data removed: the rest of its Overlay Plane (60xx group) goes too (PS3.3 C.9.2,
    // Overlay Data is Type 1 there, so a plane without it would make the IOD invalid).
    if (removed && (g & 0xFF00) == 0x6000 && el == 0x3000) purgedOverlays.push_back(g);
  }
  if (!purgedOverlays.empty()) {
    std::vector<DcmElement*> rest;
    for (DcmObject* o = item.nextInContainer(nullptr); o; o = item.nextInContainer(o))
      if (std::find(purgedOverlays.begin(), purgedOverlays.end(), o->getGTag()) !=
          purgedOverlays.end())
        rest.push_back(static_cast<DcmElement*>(o));
    for (DcmElement* e : rest) delete item.remove(e);
  }
  return {};
}

Status DatasetWalker::applyTo(DcmItem& item, DcmElement& e, Action a, bool dummyText,
                              bool& removed) {
  switch (a) {
    case Action::Remove:
      delete item.remove(&e);
      removed = true;
      return {};
    case Action::Zero:
      if (e.ident() == EVR_SQ) {
        static_cast<DcmSequenceOfItems&>(e).clear();
        return {};
      }
      if (OFCondition c = e.clear(); c.bad()) return failed(c, e);
      return {};
    case Action::Dummy:
      if (e.ident() == EVR_SQ) return recurse(e, true);
      return dummy(e);
    case Action::Clean:
      return clean(e, dummyText);
    case Action::Uid:
      if (e.ident() == EVR_SQ) return recurse(e, dummyText);
      if (e.ident() != EVR_UI) return dummy(e);
      return replaceUids(e);
    case Action::Keep:
    case Action::KeepWithUids:
      if (e.ident() == EVR_SQ) return recurse(e, dummyText);
      return {};
  }
  return {};
}

Status DatasetWalker::recurse(DcmElement& e, bool dummyText) {
  auto& sq = static_cast<DcmSequenceOfItems&>(e);
  for (unsigned long i = 0; i < sq.card(); ++i)
    if (DcmItem* it = sq.getItem(i))
      if (Status s = walk(*it, dummyText); !s) return s;
  return {};
}

Status DatasetWalker::dummy(DcmElement& e) {
  const DcmEVR vr = e.ident();
  const char* text = nullptr;
  std::string uid;
  switch (vr) {
    case EVR_AS:
      text = "000Y";
      break;
    case EVR_DA:
      text = "19000101";
      break;
    case EVR_DT:
      text = "19000101000000";
      break;
    case EVR_TM:
      text = "000000";
      break;
    case EVR_DS:
    case EVR_IS:
    case EVR_US:
    case EVR_SS:
    case EVR_UL:
    case EVR_SL:
    case EVR_FL:
    case EVR_FD:
    case EVR_UV:
    case EVR_SV:
      text = "0";
      break;
    case EVR_UI:
      uid = newUid();
      text = uid.c_str();
      break;
    case EVR_AE:
    case EVR_CS:
    case EVR_LO:
    case EVR_SH:
    case EVR_ST:
    case EVR_LT:
    case EVR_UT:
    case EVR_UC:
    case EVR_UR:
    case EVR_PN:
      text = "ANONYMIZED";
      break;
    default:
      break;
  }
  if (text) {
    if (OFCondition c = e.putString(text); c.bad()) return failed(c, e);
    return {};
  }
  if (vr == EVR_SQ) return recurse(e, true);
  // Binary values (OB, OW, UN, Overlay Data, ...): zeros of the same length; AT and others: empty.
  const Uint32 length = e.getLength();
  const DcmEVR real = e.getVR();  // Overlay Data's ident() is DCMTK's internal EVR_OverlayData
  if (real == EVR_OB || real == EVR_UN || real == EVR_OW || real == EVR_OD || real == EVR_OF ||
      real == EVR_OL || real == EVR_OV) {
    std::vector<Uint8> zeros(length + (length & 1), 0);
    OFCondition c =
        real == EVR_OW ? e.putUint16Array(reinterpret_cast<Uint16*>(zeros.data()), zeros.size() / 2)
                       : e.putUint8Array(zeros.data(), length);
    if (c.bad()) c = e.clear();
    if (c.bad()) return failed(c, e);
    return {};
  }
  if (OFCondition c = e.clear(); c.bad()) return failed(c, e);
  return {};
}

Status DatasetWalker::clean(DcmElement& e, bool dummyText) {
  if (e.ident() == EVR_SQ) return recurse(e, true);
  if (isDateLike(e.ident())) return dateLike(e);
  (void)dummyText;
  return dummy(e);
}

Status DatasetWalker::dateLike(DcmElement& e) {
  const DcmEVR vr = e.ident();
  if (m_options.retainLongitudinalFullDates) return {};
  if (!m_options.retainLongitudinalModifiedDates) return e.getLength() ? dummy(e) : Status{};
  if (vr == EVR_TM || e.getLength() == 0) return {};  // times are kept: only dates move
  OFString all;
  if (e.getOFStringArray(all).bad()) return dummy(e);
  std::string out;
  for (const std::string& v : splitValues(all.c_str())) {
    const std::string t = trimmed(v);
    const auto shifted =
        vr == EVR_DA ? DateShifter::shiftDate(t, m_shift) : DateShifter::shiftDateTime(t, m_shift);
    if (!shifted) return dummy(e);  // partial dates and ranges cannot be shifted safely
    if (!out.empty()) out += '\\';
    out += *shifted;
  }
  if (OFCondition c = e.putString(out.c_str()); c.bad()) return failed(c, e);
  return {};
}

Status DatasetWalker::replaceUids(DcmElement& e) {
  if (e.getLength() == 0) return {};
  OFString all;
  if (OFCondition c = e.getOFStringArray(all); c.bad()) return failed(c, e);
  std::string out;
  for (const std::string& v : splitValues(all.c_str())) {
    if (!out.empty()) out += '\\';
    out += m_uids.map(trimmed(v));
  }
  if (OFCondition c = e.putString(out.c_str()); c.bad()) return failed(c, e);
  return {};
}

}  // namespace fv::dicom::deid
