#include "derived/DerivedCommon.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <initializer_list>
#include <string_view>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "FileEncoder.h"
#include "derived/ValueRules.h"
#include "fv/dicom/AtomicFile.h"

#ifndef FV_VERSION
#define FV_VERSION "unknown"
#endif

namespace fv::dicom::derived {

namespace {

// Attributes copied from the source, by module, with their Type in our IODs (the Patient,
// General Study and Patient Study modules are the same in SC, GSPS, Color PS and KOS).
struct CopiedAttribute {
  DcmTagKey tag;
  Requirement type = Requirement::Type3;
};

constexpr Requirement T1 = Requirement::Type1;
constexpr Requirement T2 = Requirement::Type2;

const CopiedAttribute kPatientAndStudy[] = {
    // SOP Common: the copied text is in the source's character set (PS3.3 C.12.1.1.2).
    {DCM_SpecificCharacterSet},
    // Patient Module (PS3.3 C.7.1.1).
    {DCM_PatientName, T2},
    {DCM_PatientID, T2},
    {DCM_IssuerOfPatientID},
    {DcmTagKey(0x0010, 0x0024)},  // Issuer of Patient ID Qualifiers Sequence
    {DcmTagKey(0x0010, 0x0022)},  // Type of Patient ID
    {DCM_PatientBirthDate, T2},
    {DCM_PatientBirthTime},
    {DCM_PatientSex, T2},
    {DcmTagKey(0x0010, 0x0033)},  // Patient's Birth Date in Alternative Calendar
    {DcmTagKey(0x0010, 0x0034)},  // Patient's Death Date in Alternative Calendar
    {DcmTagKey(0x0010, 0x0035)},  // Patient's Alternative Calendar
    {DcmTagKey(0x0010, 0x0200)},  // Quality Control Subject
    {DcmTagKey(0x0008, 0x1120)},  // Referenced Patient Sequence
    {DcmTagKey(0x0010, 0x1000)},  // Other Patient IDs (retired, still common)
    {DcmTagKey(0x0010, 0x1002)},  // Other Patient IDs Sequence
    {DCM_OtherPatientNames},
    {DCM_EthnicGroup},
    {DCM_PatientComments},
    {DcmTagKey(0x0010, 0x2201)},  // Patient Species Description
    {DcmTagKey(0x0010, 0x2202)},  // Patient Species Code Sequence
    {DcmTagKey(0x0010, 0x2292)},  // Patient Breed Description
    {DcmTagKey(0x0010, 0x2293)},  // Patient Breed Code Sequence
    {DcmTagKey(0x0010, 0x2294)},  // Breed Registration Sequence
    {DcmTagKey(0x0010, 0x2297)},  // Responsible Person
    {DcmTagKey(0x0010, 0x2298)},  // Responsible Person Role
    {DcmTagKey(0x0010, 0x2299)},  // Responsible Organization
    {DcmTagKey(0x0012, 0x0062)},  // Patient Identity Removed
    {DcmTagKey(0x0012, 0x0063)},  // De-identification Method
    {DcmTagKey(0x0012, 0x0064)},  // De-identification Method Code Sequence
    // Clinical Trial Subject Module (PS3.3 C.7.1.3).
    {DcmTagKey(0x0012, 0x0010)},  // Clinical Trial Sponsor Name
    {DcmTagKey(0x0012, 0x0020)},  // Clinical Trial Protocol ID
    {DcmTagKey(0x0012, 0x0021)},  // Clinical Trial Protocol Name
    {DcmTagKey(0x0012, 0x0030)},  // Clinical Trial Site ID
    {DcmTagKey(0x0012, 0x0031)},  // Clinical Trial Site Name
    {DcmTagKey(0x0012, 0x0040)},  // Clinical Trial Subject ID
    {DcmTagKey(0x0012, 0x0042)},  // Clinical Trial Subject Reading ID
    {DcmTagKey(0x0012, 0x0081)},  // Clinical Trial Protocol Ethics Committee Name
    {DcmTagKey(0x0012, 0x0082)},  // Clinical Trial Protocol Ethics Committee Approval Number
    // General Study Module (PS3.3 C.7.2.1): the same Study Instance UID files our objects with
    // the source; an invalid one makes the save fail.
    {DCM_StudyInstanceUID, T1},
    {DCM_StudyDate, T2},
    {DCM_StudyTime, T2},
    {DCM_ReferringPhysicianName, T2},
    {DcmTagKey(0x0008, 0x0096)},  // Referring Physician Identification Sequence
    {DcmTagKey(0x0008, 0x009C)},  // Consulting Physician's Name
    {DcmTagKey(0x0008, 0x009D)},  // Consulting Physician Identification Sequence
    {DCM_StudyID, T2},
    {DCM_AccessionNumber, T2},
    {DcmTagKey(0x0008, 0x0051)},  // Issuer of Accession Number Sequence
    {DCM_StudyDescription},
    {DCM_PhysiciansOfRecord},
    {DcmTagKey(0x0008, 0x1049)},  // Physician(s) of Record Identification Sequence
    {DCM_NameOfPhysiciansReadingStudy},
    {DcmTagKey(0x0008, 0x1062)},  // Physician(s) Reading Study Identification Sequence
    {DcmTagKey(0x0032, 0x1034)},  // Requesting Service Code Sequence
    {DCM_ReferencedStudySequence},
    {DCM_ProcedureCodeSequence},
    {DcmTagKey(0x0040, 0x1012)},  // Reason For Performed Procedure Code Sequence
    // Patient Study Module (PS3.3 C.7.2.2).
    {DCM_AdmittingDiagnosesDescription},
    {DcmTagKey(0x0008, 0x1084)},  // Admitting Diagnoses Code Sequence
    {DCM_PatientAge},
    {DCM_PatientSize},
    {DCM_PatientWeight},
    {DcmTagKey(0x0010, 0x1021)},  // Patient's Size Code Sequence
    {DcmTagKey(0x0010, 0x1022)},  // Patient's Body Mass Index
    {DcmTagKey(0x0010, 0x1023)},  // Measured AP Dimension
    {DcmTagKey(0x0010, 0x1024)},  // Measured Lateral Dimension
    {DCM_MedicalAlerts},
    {DCM_Allergies},
    {DCM_SmokingStatus},
    {DCM_PregnancyStatus},
    {DCM_LastMenstrualDate},
    {DCM_PatientState},
    {DCM_Occupation},
    {DCM_AdditionalPatientHistory},
    {DCM_AdmissionID},
    {DcmTagKey(0x0038, 0x0014)},  // Issuer of Admission ID Sequence
    {DcmTagKey(0x0038, 0x0060)},  // Service Episode ID
    {DcmTagKey(0x0038, 0x0062)},  // Service Episode Description
    {DcmTagKey(0x0038, 0x0064)},  // Issuer of Service Episode ID Sequence
    {DcmTagKey(0x0010, 0x2203)},  // Patient's Sex Neutered
    // Clinical Trial Study Module (PS3.3 C.7.2.3).
    {DcmTagKey(0x0012, 0x0050)},  // Clinical Trial Time Point ID
    {DcmTagKey(0x0012, 0x0051)},  // Clinical Trial Time Point Description
    {DcmTagKey(0x0012, 0x0052)},  // Longitudinal Temporal Offset from Event
    {DcmTagKey(0x0012, 0x0053)},  // Longitudinal Temporal Event Type
    {DcmTagKey(0x0012, 0x0083)},  // Consent for Clinical Trial Use Sequence
};

// Body Part Examined Defined Terms of structures that are not paired (PS3.16 Annex L), as
// dicom3tools knows them: General Series Laterality must then be absent (Type 2C, C.7.3.1).
// Any other value (a paired structure, or a term not listed) gets Laterality, empty if unknown.
constexpr std::string_view kUnpairedBodyParts =
    " ABDOMEN ABDOMENPELVIS AORTA BACK BLADDER BRAIN CEREBELLUM CERVIX CHEST CHESTABDOMEN"
    " CHESTABDPELVIS CIRCLEOFWILLIS COCCYX COLON CORONARYARTERY CSPINE CTSPINE DUODENUM"
    " ESOPHAGUS FACE GALLBLADDER HEAD HEADNECK HEART ILEUM ILIUM JAW JEJUNUM LARYNX LIVER"
    " LSPINE LSSPINE MAXILLA MEDIASTINUM MOUTH NECK NECKCHEST NECKCHESTABDOMEN NOSE PANCREAS"
    " PELVIS PENIS PHARYNX PROSTATE RECTUM SCALP SKULL SPINE SPLEEN SSPINE STERNUM STOMACH"
    " THYMUS THYROID TLSPINE TONGUE TRACHEA TSPINE URETER URETHRA UTERUS VAGINA VULVA"
    " WHOLEBODY ";

// Image SOP Classes whose IOD has no Multi-frame Module (PS3.3 A.x): a reference to one must
// not carry a Referenced Frame Number (PS3.3 10.3; dciodvfy errs), even when the file holds
// several frames anyway (old MR cines do).
const char* const kSingleFrameClasses[] = {
    "1.2.840.10008.5.1.4.1.1.1",       // CR
    "1.2.840.10008.5.1.4.1.1.1.1",     // DX for presentation
    "1.2.840.10008.5.1.4.1.1.1.1.1",   // DX for processing
    "1.2.840.10008.5.1.4.1.1.1.2",     // MG for presentation
    "1.2.840.10008.5.1.4.1.1.1.2.1",   // MG for processing
    "1.2.840.10008.5.1.4.1.1.1.3",     // IO for presentation
    "1.2.840.10008.5.1.4.1.1.1.3.1",   // IO for processing
    "1.2.840.10008.5.1.4.1.1.2",       // CT
    "1.2.840.10008.5.1.4.1.1.4",       // MR
    "1.2.840.10008.5.1.4.1.1.6",       // US (retired)
    "1.2.840.10008.5.1.4.1.1.6.1",     // US
    "1.2.840.10008.5.1.4.1.1.7",       // SC
    "1.2.840.10008.5.1.4.1.1.128",     // PET
    "1.2.840.10008.5.1.4.1.1.77.1.1",  // VL Endoscopic
    "1.2.840.10008.5.1.4.1.1.77.1.2",  // VL Microscopic
    "1.2.840.10008.5.1.4.1.1.77.1.3",  // VL Slide-Coordinates Microscopic
    "1.2.840.10008.5.1.4.1.1.77.1.4",  // VL Photographic
};

bool plainUid(const std::string& uid) {
  if (uid.empty() || uid.size() > 64 || uid.front() == '.' || uid.back() == '.') return false;
  for (char c : uid)
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  return uid.find("..") == std::string::npos;
}

}  // namespace

const char* softwareVersion() {
  return FV_VERSION;
}

Timestamp now() {
  const auto t = std::chrono::system_clock::now();
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  ::localtime_r(&secs, &tm);
  char date[16], time[32];
  std::strftime(date, sizeof date, "%Y%m%d", &tm);
  std::snprintf(time, sizeof time, "%02d%02d%02d.%06ld", tm.tm_hour, tm.tm_min, tm.tm_sec,
                long(micros));
  return {date, time};
}

Result<std::string> targetPath(const std::string& folder, const std::string& fileName) {
  if (folder.empty()) return makeError(ErrorCode::InvalidArgument, "no output folder given");
  if (fileName.empty() || fileName == "." || fileName == ".." ||
      fileName.find('/') != std::string::npos)
    return makeError(ErrorCode::InvalidArgument, "\"" + fileName + "\" is not a plain file name",
                     folder);
  return folder.back() == '/' ? folder + fileName : folder + "/" + fileName;
}

Error errorAt(const Status& failed, const std::string& path) {
  Error e = failed.error();
  if (e.path.empty()) e.path = path;
  return e;
}

Status checkSeries(const DerivedSeries& series) {
  if (!plainUid(series.seriesInstanceUid))
    return makeError(ErrorCode::InvalidArgument, "series.seriesInstanceUid \"" +
                                                     series.seriesInstanceUid +
                                                     "\" is not a UID (use newUid(), PS3.5 9.1)");
  if (Status s = checkText(series.description, 64, "Series description (LO)"); !s) return s;
  return checkText(series.operatorName, 64, "Operators' Name (PN)");
}

Status checkSourceFrame(const SourceFrame& source) {
  const InstanceInfo& info = source.instance;
  if (!info.hasPixelData || info.pixels.rows == 0 || info.pixels.columns == 0)
    return makeError(ErrorCode::InvalidArgument, "the source is not an image", info.path);
  const uint32_t frames = std::max<uint32_t>(1, info.pixels.frames);
  if (source.frame >= frames)
    return makeError(ErrorCode::InvalidArgument,
                     "frame " + std::to_string(source.frame) +
                         " (0-based) does not exist: the source has " + std::to_string(frames) +
                         " frame(s)",
                     info.path);
  // Our objects repeat these in their references (Type 1 there): a source whose UIDs are not
  // valid cannot be referenced validly.
  const std::pair<const char*, const std::string*> uids[] = {
      {"SOPClassUID (0008,0016)", &info.sopClassUid},
      {"SOPInstanceUID (0008,0018)", &info.sopInstanceUid},
      {"SeriesInstanceUID (0020,000e)", &info.series.instanceUid},
      {"StudyInstanceUID (0020,000d)", &info.study.instanceUid}};
  for (const auto& [name, uid] : uids) {
    const std::string problem =
        uid->empty() ? "is missing" : valueProblem(EVR_UI, *uid, Repertoire::Ascii);
    if (!problem.empty())
      return makeError(ErrorCode::Malformed,
                       "cannot make a valid DICOM object from this source: its " +
                           std::string(name) + " " + problem +
                           " — a Type 1 attribute the new object must repeat; nothing was written",
                       info.path);
  }
  return {};
}

Result<std::unique_ptr<DcmFileFormat>> loadSourceHeader(const InstanceInfo& source) {
  if (source.path.empty())
    return makeError(ErrorCode::InvalidArgument, "the source has no file path");
  // loadDataset keeps large values (Pixel Data) on disk and accepts a file cut inside them:
  // only the header is needed here.
  auto file = loadDataset(source.path);
  if (!file) {
    Error e = file.error();
    e.message = "cannot read the source's header: " + e.message;
    return e;
  }
  bridge::TagReader r((*file)->getDataset());
  if (r.str(DCM_SOPInstanceUID) != source.sopInstanceUid)
    return makeError(ErrorCode::InvalidArgument,
                     "the file no longer holds the indexed instance " + source.sopInstanceUid,
                     source.path);
  if (r.str(DCM_StudyInstanceUID).empty())
    return makeError(ErrorCode::Malformed, "the source has no Study Instance UID (0020,000D)",
                     source.path);
  return file;
}

namespace {

bool copiedValue(DcmItem& out, const DcmTagKey& tag) {
  DcmElement* e = nullptr;
  return out.findAndGetElement(tag, e, OFFalse).good() && e &&
         (e->ident() == EVR_SQ ? static_cast<DcmSequenceOfItems*>(e)->card() > 0
                               : e->getLength() > 0);
}

// Leaves `tags` out of `out` again, with one note on the first, when a condition of their
// module (Type 1C, or a module's Type 1 attributes) is not met by what could be copied.
void leaveOut(SourceCopier& copy, DcmItem& out, std::initializer_list<DcmTagKey> tags,
              const std::string& reason) {
  bool any = false;
  for (const DcmTagKey& t : tags) any = out.findAndDeleteElement(t).good() || any;
  if (any) copy.note(*tags.begin(), "left out", reason);
}

const DcmTagKey kIdentityRemoved(0x0012, 0x0062), kDeidMethod(0x0012, 0x0063),
    kDeidCodes(0x0012, 0x0064), kBirthDateAlt(0x0010, 0x0033), kDeathDateAlt(0x0010, 0x0034),
    kAltCalendar(0x0010, 0x0035), kSponsor(0x0012, 0x0010), kProtocolId(0x0012, 0x0020),
    kProtocolName(0x0012, 0x0021), kSiteId(0x0012, 0x0030), kSiteName(0x0012, 0x0031),
    kSubjectId(0x0012, 0x0040), kReadingId(0x0012, 0x0042), kEthicsName(0x0012, 0x0081),
    kEthicsNumber(0x0012, 0x0082), kTimePointId(0x0012, 0x0050), kTimePointText(0x0012, 0x0051),
    kTemporalOffset(0x0012, 0x0052), kTemporalEvent(0x0012, 0x0053), kConsent(0x0012, 0x0083);

// Conditions between the copied attributes (PS3.3 C.7.1.1, C.7.1.3, C.7.2.3): what a valid
// object needs together, or not at all.
void applyModuleConditions(SourceCopier& copy) {
  DcmItem* out = copy.out().item();
  if (!out || !copy.out().ok()) return;
  // Patient Identity Removed YES needs the method, as text or code (Type 1C).
  OFString removed;
  if (out->findAndGetOFString(kIdentityRemoved, removed).good() && removed == "YES" &&
      !copiedValue(*out, kDeidMethod) && !copiedValue(*out, kDeidCodes))
    leaveOut(copy, *out, {kIdentityRemoved},
             "YES needs De-identification Method (0012,0063) or its Code Sequence, which the "
             "source lacks (Type 1C, PS3.3 C.7.1.1)");
  // Dates in an alternative calendar need the calendar (Type 1C).
  if (!copiedValue(*out, kAltCalendar))
    leaveOut(copy, *out, {kBirthDateAlt, kDeathDateAlt},
             "needs Patient's Alternative Calendar (0010,0035), which the source lacks (Type 1C, "
             "PS3.3 C.7.1.1)");
  // Clinical Trial Subject Module (C.7.1.3): Sponsor Name and Protocol ID (Type 1) and a
  // Subject ID or Subject Reading ID (Type 1C), or no module; Protocol Name, Site ID and Site
  // Name are Type 2.
  const std::initializer_list<DcmTagKey> subject = {kSponsor,   kProtocolId, kProtocolName,
                                                    kSiteId,    kSiteName,   kSubjectId,
                                                    kReadingId, kEthicsName, kEthicsNumber};
  if (std::any_of(subject.begin(), subject.end(),
                  [&](const DcmTagKey& t) { return out->tagExists(t); })) {
    if (!copiedValue(*out, kSponsor) || !copiedValue(*out, kProtocolId) ||
        (!copiedValue(*out, kSubjectId) && !copiedValue(*out, kReadingId)))
      leaveOut(copy, *out, subject,
               "the Clinical Trial Subject module lacks a valid Sponsor Name, Protocol ID or "
               "Subject (Reading) ID (Type 1, PS3.3 C.7.1.3): none of it is copied");
    else
      for (const DcmTagKey& t : {kProtocolName, kSiteId, kSiteName})
        if (!out->tagExists(t)) copy.out().str(t, "");
  }
  // Clinical Trial Study Module (C.7.2.3): Time Point ID is Type 2.
  for (const DcmTagKey& t : {kTimePointText, kTemporalOffset, kTemporalEvent, kConsent})
    if (out->tagExists(t) && !out->tagExists(kTimePointId)) copy.out().str(kTimePointId, "");
}

}  // namespace

void copyPatientAndStudy(SourceCopier& copy) {
  for (const CopiedAttribute& c : kPatientAndStudy) copy.copy(c.tag, c.type);
  applyModuleConditions(copy);
}

Status prepareCharacterSet(DcmDataset& dataset, const std::vector<std::string>& texts,
                           const std::string& path) {
  bool ascii = true;
  for (const std::string& t : texts) ascii = ascii && isAscii(t);
  if (ascii) return {};  // ASCII is valid in every character set: keep the source's as it is
  OFString current;
  dataset.findAndGetOFStringArray(DCM_SpecificCharacterSet, current);
  if (current.find("ISO_IR 192") != OFString_npos) return {};
  const OFCondition c = dataset.convertToUTF8();
  if (c.bad())
    return bridge::toError(c,
                           "cannot convert the source's character set \"" +
                               std::string(current.c_str()) + "\" to UTF-8 for non-ASCII text",
                           path);
  return {};
}

std::optional<std::pair<double, double>> positivePair(const SourceCopier& copy,
                                                      const DcmTagKey& tag) {
  const auto v = copy.value(tag);
  if (!v || v->empty()) return std::nullopt;
  const size_t bs = v->find('\\');
  if (bs == std::string::npos || v->find('\\', bs + 1) != std::string::npos) return std::nullopt;
  const double row = std::atof(v->c_str()), column = std::atof(v->c_str() + bs + 1);
  if (!(row > 0 && column > 0) || !std::isfinite(row) || !std::isfinite(column))
    return std::nullopt;
  return std::make_pair(row, column);
}

bool unpairedBodyPart(const std::string& bodyPart) {
  return !bodyPart.empty() && bodyPart.find(' ') == std::string::npos &&
         kUnpairedBodyParts.find(" " + bodyPart + " ") != std::string_view::npos;
}

void putSeriesAnatomy(SourceCopier& copy, bool imageLateralityPresent) {
  copy.copy(DCM_BodyPartExamined, Requirement::Type3);
  const std::optional<std::string> bodyPart = copy.value(DCM_BodyPartExamined);
  const std::optional<std::string> laterality = copy.value(DCM_Laterality);
  const bool sourceHasLaterality = bridge::TagReader(&copy.source()).has(DCM_Laterality);
  if (sourceHasLaterality && !laterality)
    copy.note(DCM_Laterality, "not copied",
              "is not one of its enumerated values R, L (PS3.3 C.7.3.1)");
  if (bodyPart && unpairedBodyPart(*bodyPart)) {
    // Type 2C: only for paired structures; dciodvfy errs on it for an unpaired one.
    if (laterality && !laterality->empty())
      copy.note(DCM_Laterality, "left out",
                "the body part examined is not a paired structure (PS3.3 C.7.3.1, PS3.16 L)");
    return;
  }
  if (laterality && !laterality->empty()) {
    copy.out().str(DCM_Laterality, *laterality);
    return;
  }
  if (imageLateralityPresent) return;  // the condition asks for it only without Image Laterality
  const std::optional<std::string> image = copy.value(DCM_ImageLaterality);
  copy.out().str(DCM_Laterality, image && (*image == "R" || *image == "L") ? *image : "");
}

void putSopCommon(ItemBuilder& out, const char* sopClassUid, const std::string& sopInstanceUid,
                  const Timestamp& t) {
  out.str(DCM_SOPClassUID, sopClassUid)
      .str(DCM_SOPInstanceUID, sopInstanceUid)
      .str(DCM_InstanceCreationDate, t.date)
      .str(DCM_InstanceCreationTime, t.time);
}

void putSeries(ItemBuilder& out, const DerivedSeries& series, const char* modality,
               const Timestamp& t) {
  out.str(DCM_Modality, modality)
      .str(DCM_SeriesInstanceUID, series.seriesInstanceUid)
      .integer(DCM_SeriesNumber, series.seriesNumber)
      .str(DCM_SeriesDate, t.date)
      .str(DCM_SeriesTime, t.time);
  if (!series.description.empty()) out.str(DCM_SeriesDescription, series.description);
}

void putOperator(ItemBuilder& out, const DerivedSeries& series) {
  if (!series.operatorName.empty()) out.str(DCM_OperatorsName, series.operatorName);
}

void putEquipment(ItemBuilder& out) {
  out.str(DCM_Manufacturer, kManufacturer)
      .str(DCM_ManufacturerModelName, kManufacturer)
      .str(DCM_SoftwareVersions, softwareVersion());
}

void putPersonObserver(ItemBuilder& root, const std::string& name) {
  root.add(DCM_ContentSequence)
      .str(DCM_RelationshipType, "HAS OBS CONTEXT")
      .str(DCM_ValueType, "CODE")
      .code(DCM_ConceptNameCodeSequence, "121005", "DCM", "Observer Type")
      .code(DCM_ConceptCodeSequence, "121006", "DCM", "Person");
  root.add(DCM_ContentSequence)
      .str(DCM_RelationshipType, "HAS OBS CONTEXT")
      .str(DCM_ValueType, "PNAME")
      .code(DCM_ConceptNameCodeSequence, "121008", "DCM", "Person Observer Name")
      .str(DCM_PersonName, name);
}

void putHierarchicalReferences(ItemBuilder& out, const DcmTagKey& sequence,
                               std::vector<InstanceReference> all) {
  std::vector<InstanceReference> unique;
  for (InstanceReference& e : all)
    if (std::none_of(unique.begin(), unique.end(),
                     [&](const InstanceReference& u) { return u.sopInstance == e.sopInstance; }))
      unique.push_back(std::move(e));
  std::vector<std::string> studies;
  for (const InstanceReference& e : unique)
    if (std::find(studies.begin(), studies.end(), e.study) == studies.end())
      studies.push_back(e.study);
  for (const std::string& study : studies) {
    ItemBuilder s = out.add(sequence);
    s.str(DCM_StudyInstanceUID, study);
    std::vector<std::string> series;
    for (const InstanceReference& e : unique)
      if (e.study == study && std::find(series.begin(), series.end(), e.series) == series.end())
        series.push_back(e.series);
    for (const std::string& se : series) {
      ItemBuilder si = s.add(DCM_ReferencedSeriesSequence);
      si.str(DCM_SeriesInstanceUID, se);
      for (const InstanceReference& e : unique)
        if (e.study == study && e.series == se)
          si.add(DCM_ReferencedSOPSequence)
              .str(DCM_ReferencedSOPClassUID, e.sopClass)
              .str(DCM_ReferencedSOPInstanceUID, e.sopInstance);
    }
  }
}

std::optional<uint32_t> referencedFrame(const SourceFrame& source) {
  const InstanceInfo& info = source.instance;
  if (!info.isMultiFrame()) return std::nullopt;
  if (std::find(std::begin(kSingleFrameClasses), std::end(kSingleFrameClasses), info.sopClassUid) !=
      std::end(kSingleFrameClasses))
    return std::nullopt;
  return source.frame + 1;
}

void noteFrameReference(const SourceFrame& source, SourceCopier& copy) {
  if (!source.instance.isMultiFrame() || referencedFrame(source)) return;
  copy.note(DCM_ReferencedFrameNumber, "left out",
            "the source holds " + std::to_string(source.instance.pixels.frames) +
                " frames but its SOP Class is a single-frame image class, whose references "
                "must not name a frame (PS3.3 10.3): the references name the whole image, frame " +
                std::to_string(source.frame + 1) + " only in the descriptions");
}

void putImageReference(ItemBuilder& out, const SourceFrame& source) {
  out.str(DCM_ReferencedSOPClassUID, source.instance.sopClassUid)
      .str(DCM_ReferencedSOPInstanceUID, source.instance.sopInstanceUid);
  if (const auto frame = referencedFrame(source))
    out.integer(DCM_ReferencedFrameNumber, long(*frame));
}

Result<WrittenObject> saveNew(DcmFileFormat& file, const std::string& path, const char* sopClassUid,
                              const std::string& sopInstanceUid) {
  auto bytes = bridge::encodeFile(file, EXS_LittleEndianExplicit, path);
  if (!bytes) return bytes.error();
  if (Status s = writeFileAtomically(path, bytes->data(), bytes->size(), Overwrite::Never); !s)
    return s.error();
  return WrittenObject{path, sopClassUid, sopInstanceUid};
}

}  // namespace fv::dicom::derived
