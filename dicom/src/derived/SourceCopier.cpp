#include "derived/SourceCopier.h"

#include <algorithm>
#include <memory>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dctag.h>

#include "DcmtkBridge.h"

namespace fv::dicom::derived {

namespace {

constexpr int kMaxDepth = 16;  // sequences nested deeper than this are not copied

// A copy of a source element that is valid, or why it cannot be.
struct Cleaned {
  std::unique_ptr<DcmElement> element;
  std::string problem;
};

// The tag's VR in the data dictionary, or `own` for tags it does not know or gives
// several VRs (US or SS, OB or OW, ...).
DcmEVR dictionaryVr(const DcmTagKey& key, DcmEVR own) {
  const DcmEVR vr = DcmTag(key).getEVR();
  switch (vr) {
    case EVR_UNKNOWN:
    case EVR_UNKNOWN2B:
    case EVR_UN:
    case EVR_ox:
    case EVR_xs:
    case EVR_lt:
    case EVR_up:
    case EVR_px:
    case EVR_na:
      return own;
    default:
      return vr;
  }
}

// The bytes of a string element (or of a UN element holding one), padding included.
bool rawText(DcmElement& e, std::string& out) {
  out.clear();
  if (e.getLength() == 0) return true;
  if (e.ident() == EVR_UN || e.ident() == EVR_OB) {
    Uint8* bytes = nullptr;
    if (e.getUint8Array(bytes).bad() || !bytes) return false;
    out.assign(reinterpret_cast<const char*>(bytes), e.getLength());
    return true;
  }
  char* text = nullptr;
  Uint32 length = 0;
  if (e.getString(text, length).bad()) return false;
  if (text) out.assign(text, length);
  return true;
}

// What every item of some copied sequences must have (Type 1 / 1C inside them), as groups of
// alternatives: one attribute of each group with a value. Codes (any "...CodeSequence", Code
// Sequence Macro, PS3.3 8.8) are checked apart.
struct ItemRule {
  DcmTagKey sequence;
  std::vector<std::vector<DcmTagKey>> required;
  const char* where;
};

const DcmTagKey kLocalNamespace(0x0040, 0x0031), kUniversalEntity(0x0040, 0x0032);
const DcmTagKey kPersonCode(0x0040, 0x1101), kInstitutionCode(0x0008, 0x0082);

const ItemRule kItemRules[] = {
    {DCM_ReferencedPatientSequence,
     {{DCM_ReferencedSOPClassUID}, {DCM_ReferencedSOPInstanceUID}},
     "SOP Instance Reference Macro, PS3.3 10.8"},
    {DCM_ReferencedStudySequence,
     {{DCM_ReferencedSOPClassUID}, {DCM_ReferencedSOPInstanceUID}},
     "SOP Instance Reference Macro, PS3.3 10.8"},
    {DcmTagKey(0x0010, 0x1002),
     {{DCM_PatientID}, {DcmTagKey(0x0010, 0x0022)}},  // Other Pat IDs
     "Other Patient IDs Sequence, PS3.3 C.7.1.1"},
    // Person Identification Macro (PS3.3 10.1): referring, consulting, record, reading physicians.
    {DcmTagKey(0x0008, 0x0096),
     {{kPersonCode}, {DCM_InstitutionName, kInstitutionCode}},
     "Person Identification Macro, PS3.3 10.1"},
    {DcmTagKey(0x0008, 0x009D),
     {{kPersonCode}, {DCM_InstitutionName, kInstitutionCode}},
     "Person Identification Macro, PS3.3 10.1"},
    {DcmTagKey(0x0008, 0x1049),
     {{kPersonCode}, {DCM_InstitutionName, kInstitutionCode}},
     "Person Identification Macro, PS3.3 10.1"},
    {DcmTagKey(0x0008, 0x1062),
     {{kPersonCode}, {DCM_InstitutionName, kInstitutionCode}},
     "Person Identification Macro, PS3.3 10.1"},
    // HL7v2 Hierarchic Designator Macro (PS3.3 10.14): issuers of accession, admission, episode.
    {DcmTagKey(0x0008, 0x0051),
     {{kLocalNamespace, kUniversalEntity}},
     "HL7v2 Hierarchic Designator Macro, PS3.3 10.14"},
    {DcmTagKey(0x0038, 0x0014),
     {{kLocalNamespace, kUniversalEntity}},
     "HL7v2 Hierarchic Designator Macro, PS3.3 10.14"},
    {DcmTagKey(0x0038, 0x0064),
     {{kLocalNamespace, kUniversalEntity}},
     "HL7v2 Hierarchic Designator Macro, PS3.3 10.14"},
    {DcmTagKey(0x0010, 0x2294),
     {{DcmTagKey(0x0010, 0x2295)}, {DcmTagKey(0x0010, 0x2296)}},
     "Breed Registration Sequence, PS3.3 C.7.1.1"},
    {DcmTagKey(0x0012, 0x0083),
     {{DcmTagKey(0x0012, 0x0085)}},
     "Consent for Clinical Trial Use Sequence, PS3.3 C.7.2.3"},
};

bool isCodeSequence(const DcmTagKey& tag) {
  const std::string name = DcmTag(tag).getTagName();
  return name.size() > 12 && name.compare(name.size() - 12, 12, "CodeSequence") == 0;
}

bool hasValue(DcmItem& item, const DcmTagKey& tag) {
  DcmElement* e = nullptr;
  return item.findAndGetElement(tag, e, OFFalse).good() && e && e->getLength() > 0;
}

std::string itemProblem(DcmItem& item, const DcmTagKey& sequence) {
  if (isCodeSequence(sequence)) {
    const bool urn = hasValue(item, DcmTagKey(0x0008, 0x0120));  // URN Code Value
    if (!hasValue(item, DCM_CodeValue) && !hasValue(item, DcmTagKey(0x0008, 0x0119)) && !urn)
      return "has a code without Code Value (Code Sequence Macro, PS3.3 8.8)";
    if (!urn && !hasValue(item, DCM_CodingSchemeDesignator))
      return "has a code without Coding Scheme Designator (Code Sequence Macro, PS3.3 8.8)";
    if (!hasValue(item, DCM_CodeMeaning))
      return "has a code without Code Meaning (Code Sequence Macro, PS3.3 8.8)";
  }
  for (const ItemRule& rule : kItemRules) {
    if (rule.sequence != sequence) continue;
    for (const auto& group : rule.required)
      if (std::none_of(group.begin(), group.end(),
                       [&](const DcmTagKey& t) { return hasValue(item, t); }))
        return "lacks " + bridge::tagText(group.front()) + " (" + rule.where + ")";
  }
  if (hasValue(item, kUniversalEntity) && !hasValue(item, DcmTagKey(0x0040, 0x0033)))
    return "has a Universal Entity ID without its type (PS3.3 10.14)";
  return "";
}

Cleaned clean(DcmElement& e, Repertoire repertoire, int depth);

// Cleans one item of a copied sequence in place: private elements removed, every element
// cleaned; the first problem found, or "".
std::string cleanItem(DcmItem& item, const DcmTagKey& sequence, Repertoire repertoire, int depth) {
  for (unsigned long i = item.card(); i-- > 0;) {
    DcmElement* e = item.getElement(i);
    if (!e) continue;
    if (e->getTag().isPrivate()) {  // private data has no place in our objects' copies
      delete item.remove(i);
      continue;
    }
    Cleaned c = clean(*e, repertoire, depth + 1);
    if (!c.problem.empty()) return bridge::tagText(e->getTag()) + " " + c.problem;
    if (item.insert(c.element.get(), OFTrue /* replace */).bad())
      return bridge::tagText(e->getTag()) + " could not be copied";
    c.element.release();
  }
  return itemProblem(item, sequence);
}

Cleaned cleanSequence(DcmElement& e, Repertoire repertoire, int depth) {
  if (depth > kMaxDepth) return {nullptr, "is nested too deeply"};
  std::unique_ptr<DcmElement> copy(static_cast<DcmElement*>(e.clone()));
  auto* seq = dynamic_cast<DcmSequenceOfItems*>(copy.get());
  if (!seq) return {nullptr, "could not be copied"};
  for (unsigned long i = 0; i < seq->card(); ++i) {
    DcmItem* item = seq->getItem(i);
    if (!item) continue;
    const std::string problem = cleanItem(*item, e.getTag(), repertoire, depth);
    if (!problem.empty()) return {nullptr, "item " + std::to_string(i + 1) + ": " + problem};
  }
  return {std::move(copy), ""};
}

Cleaned clean(DcmElement& e, Repertoire repertoire, int depth) {
  if (e.ident() == EVR_SQ) return cleanSequence(e, repertoire, depth);
  const DcmTagKey key = e.getTag();
  const DcmEVR vr = dictionaryVr(key, e.ident());
  if (!isTextVr(vr)) {
    if (e.ident() == EVR_UN)
      return {nullptr, "has value representation UN (its real VR is not known)"};
    return {std::unique_ptr<DcmElement>(static_cast<DcmElement*>(e.clone())), ""};
  }
  std::string raw;
  if (!rawText(e, raw)) return {nullptr, "could not be read"};
  std::vector<std::string> values =
      singleValued(vr) ? std::vector<std::string>{raw} : splitValues(raw);
  std::string joined;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string v = trimPadding(vr, values[i]);
    std::string problem = valueProblem(vr, v, repertoire);
    if (problem.empty()) problem = enumerationProblem(key, v);
    if (!problem.empty())
      return {nullptr,
              values.size() > 1 ? "value " + std::to_string(i + 1) + " " + problem : problem};
    joined += (i ? "\\" : "") + v;
  }
  if (key == DCM_SpecificCharacterSet) {
    if (std::string p = characterSetProblem(joined); !p.empty()) return {nullptr, p};
  }
  const unsigned long count = joined.empty() ? 0 : values.size();
  if (std::string p = multiplicityProblem(key, count); !p.empty()) return {nullptr, p};
  DcmElement* made = nullptr;
  DcmTag tag(key);
  tag.setVR(DcmVR(vr));
  if (DcmItem::newDicomElementWithVR(made, tag).bad() || !made)
    return {nullptr, "could not be copied"};
  std::unique_ptr<DcmElement> out(made);
  if (!joined.empty() && out->putString(joined.c_str(), Uint32(joined.size())).bad())
    return {nullptr, "could not be copied"};
  return {std::move(out), ""};
}

DcmElement* find(DcmItem& item, const DcmTagKey& tag) {
  DcmElement* e = nullptr;
  if (item.findAndGetElement(tag, e, OFFalse).bad()) return nullptr;
  return e;
}

std::string charsetOf(DcmItem& source) {
  DcmElement* e = find(source, DCM_SpecificCharacterSet);
  std::string raw;
  if (!e || !rawText(*e, raw)) return "";
  return characterSetProblem(raw).empty() ? trimPadding(EVR_CS, raw) : "";
}

}  // namespace

SourceCopier::SourceCopier(DcmItem& source, const std::string& sourcePath, ItemBuilder& out,
                           std::vector<OutputNote>* notes, Status* refusal)
    : m_source(source),
      m_path(sourcePath),
      m_out(out),
      m_notes(notes),
      m_refusal(refusal),
      m_repertoire(repertoireOf(charsetOf(source))) {}

Copied SourceCopier::copy(const DcmTagKey& tag, Requirement requirement) {
  if (!m_out.ok()) return Copied::Nothing;
  DcmElement* e = find(m_source, tag);
  const bool sequence = DcmTag(tag).getEVR() == EVR_SQ || (e && e->ident() == EVR_SQ);
  auto writeEmpty = [&] {
    if (sequence)
      m_out.emptySequence(tag);
    else
      m_out.str(tag, "");
    return Copied::Empty;
  };
  if (!e) {
    if (requirement == Requirement::Type1) refuse(tag, "is missing");
    return requirement == Requirement::Type2 ? writeEmpty() : Copied::Nothing;
  }
  Cleaned c = clean(*e, m_repertoire, 0);
  if (!c.problem.empty()) {
    switch (requirement) {
      case Requirement::Type1:
        refuse(tag, c.problem);
        return Copied::Nothing;
      case Requirement::Type2:
        note(tag, "written empty", c.problem);
        return writeEmpty();
      case Requirement::Type3:
        note(tag, "left out", c.problem);
        return Copied::Nothing;
    }
  }
  const bool empty = sequence ? static_cast<DcmSequenceOfItems*>(c.element.get())->card() == 0
                              : c.element->getLength() == 0;
  if (empty && requirement == Requirement::Type1) {
    refuse(tag, "is empty");
    return Copied::Nothing;
  }
  if (!m_out.insert(c.element.release())) return Copied::Nothing;
  return empty ? Copied::Empty : Copied::Value;
}

std::optional<std::string> SourceCopier::value(const DcmTagKey& tag) const {
  DcmElement* e = find(m_source, tag);
  if (!e || e->ident() == EVR_SQ) return std::nullopt;
  Cleaned c = clean(*e, m_repertoire, 0);
  if (!c.problem.empty()) return std::nullopt;
  OFString v;
  if (c.element->getLength() > 0 && c.element->getOFStringArray(v).bad()) return std::nullopt;
  return std::string(v.c_str(), v.size());
}

bool SourceCopier::valid(const DcmTagKey& tag) const {
  DcmElement* e = find(m_source, tag);
  return e && clean(*e, m_repertoire, 0).problem.empty();
}

void SourceCopier::note(const DcmTagKey& tag, const std::string& action,
                        const std::string& reason) {
  if (!m_notes) return;
  OutputNote n{bridge::tagText(tag), action, reason};
  for (const OutputNote& old : *m_notes)
    if (old.attribute == n.attribute && old.action == n.action && old.reason == n.reason) return;
  m_notes->push_back(std::move(n));
}

void SourceCopier::requireUid(const DcmTagKey& tag, const std::string& uid) {
  const std::string problem =
      uid.empty() ? "is missing" : valueProblem(EVR_UI, uid, Repertoire::Ascii);
  if (!problem.empty()) refuse(tag, problem);
}

void SourceCopier::refuse(const DcmTagKey& tag, const std::string& reason) {
  if (!m_refusal || !m_refusal->ok()) return;  // the first refusal is the one reported
  *m_refusal = makeError(
      ErrorCode::Malformed,
      "cannot make a valid DICOM object from this source: its " + bridge::tagText(tag) + " " +
          reason + " — a Type 1 attribute the new object must repeat; nothing was written",
      m_path);
}

}  // namespace fv::dicom::derived
