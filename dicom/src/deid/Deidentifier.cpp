// Deidentifier: one export's consistent de-identification of whole files (read once, write
// atomically).
#include <cstdio>
#include <mutex>
#include <unordered_map>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include "DatasetLoader.h"
#include "DatasetWalker.h"
#include "DateShifter.h"
#include "DcmtkBridge.h"
#include "FileEncoder.h"
#include "PixelRedaction.h"
#include "UidMapper.h"
#include "fv/dicom/AtomicFile.h"
#include "fv/dicom/Deidentify.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/StagingFolder.h"
#include "fv/dicom/TransferSyntax.h"

namespace fv::dicom {

struct Deidentifier::State {
  DeidentifyOptions options;
  deid::UidMapper uids;  // thread-safe itself
  std::mutex mutex;      // guards the per-patient state below (files are de-identified in parallel)
  deid::DateShifter dates{std::nullopt};
  std::unordered_map<std::string, std::string> caseNumbers;  // source patient → CASE-nnnn
};

namespace {

// PS3.16 CID 7050 De-identification Method: code value and meaning (DCM scheme).
struct MethodCode {
  const char* value;
  const char* meaning;
};
constexpr MethodCode kBasic{"113100", "Basic Application Confidentiality Profile"};
constexpr MethodCode kCleanPixels{"113101", "Clean Pixel Data Option"};
constexpr MethodCode kCleanGraphics{"113103", "Clean Graphics Option"};
constexpr MethodCode kCleanStructured{"113104", "Clean Structured Content Option"};
constexpr MethodCode kCleanDescriptors{"113105", "Clean Descriptors Option"};
constexpr MethodCode kFullDates{"113106",
                                "Retain Longitudinal Temporal Information Full Dates Option"};
constexpr MethodCode kModifiedDates{
    "113107", "Retain Longitudinal Temporal Information Modified Dates Option"};
constexpr MethodCode kPatientCharacteristics{"113108", "Retain Patient Characteristics Option"};
constexpr MethodCode kDeviceIdentity{"113109", "Retain Device Identity Option"};
constexpr MethodCode kUids{"113110", "Retain UIDs Option"};
constexpr MethodCode kSafePrivate{"113111", "Retain Safe Private Option"};
constexpr MethodCode kInstitutionIdentity{"113112", "Retain Institution Identity Option"};

std::vector<MethodCode> methods(const DeidentifyOptions& o, bool pixelsCleaned) {
  std::vector<MethodCode> m{kBasic};
  if (pixelsCleaned) m.push_back(kCleanPixels);
  if (o.cleanGraphics) m.push_back(kCleanGraphics);
  if (o.cleanStructuredContent) m.push_back(kCleanStructured);
  if (o.cleanDescriptors) m.push_back(kCleanDescriptors);
  if (o.retainLongitudinalFullDates)
    m.push_back(kFullDates);
  else if (o.retainLongitudinalModifiedDates)
    m.push_back(kModifiedDates);
  if (o.retainPatientCharacteristics) m.push_back(kPatientCharacteristics);
  if (o.retainDeviceIdentity) m.push_back(kDeviceIdentity);
  if (o.retainUids) m.push_back(kUids);
  if (!o.privateKeepList.empty()) m.push_back(kSafePrivate);
  if (o.retainInstitutionIdentity) m.push_back(kInstitutionIdentity);
  return m;
}

std::string kindOf(const std::string& sopClass, bool hasPixels) {
  if (sopClass.rfind("1.2.840.10008.5.1.4.1.1.11.", 0) == 0) return "presentation-state";
  if (sopClass == "1.2.840.10008.5.1.4.1.1.88.59") return "key-object";
  if (sopClass.rfind("1.2.840.10008.5.1.4.1.1.88.", 0) == 0) return "structured-report";
  return hasPixels ? "image" : "other";
}

Status put(DcmItem& item, const DcmTagKey& tag, const std::string& value, const std::string& path) {
  if (OFCondition c = item.putAndInsertString(tag, value.c_str()); c.bad())
    return bridge::toError(c, "cannot set " + bridge::tagText(tag), path);
  return {};
}

// Patient Identity Removed, De-identification Method and its Code Sequence (PS3.3 C.7.1.1).
Status putMethod(DcmDataset& ds, const std::vector<MethodCode>& m, const std::string& path) {
  std::string text;
  for (const MethodCode& c : m) {
    if (!text.empty()) text += '\\';
    text += c.meaning;
  }
  if (Status s = put(ds, DCM_PatientIdentityRemoved, "YES", path); !s) return s;
  if (Status s = put(ds, DCM_DeidentificationMethod, text, path); !s) return s;
  delete ds.remove(DCM_DeidentificationMethodCodeSequence);
  for (size_t i = 0; i < m.size(); ++i) {
    DcmItem* item = nullptr;
    if (OFCondition c =
            ds.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, item, long(i));
        c.bad() || !item)
      return bridge::toError(c, "cannot write De-identification Method Code Sequence (0012,0064)",
                             path);
    for (const auto& [tag, value] :
         {std::pair{DCM_CodeValue, m[i].value}, std::pair{DCM_CodingSchemeDesignator, "DCM"},
          std::pair{DCM_CodeMeaning, m[i].meaning}})
      if (Status s = put(*item, tag, value, path); !s) return s;
  }
  return {};
}

// Decompresses Pixel Data in place with DCMTK's decoders (RLE, JPEG, JPEG-LS); JPEG 2000 and
// HTJ2K have none in DCMTK and are refused (our own J2K decoders only read).
Status decompress(DcmDataset& ds, const std::string& ts, const std::string& path) {
  registerCodecs();
  if (ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).good() &&
      ds.canWriteXfer(EXS_LittleEndianExplicit))
    return {};
  return makeError(ErrorCode::Unsupported,
                   "Clean Pixel Data: pixels compressed as " + transferSyntaxName(ts) +
                       " cannot be decompressed for redaction here; decompress the source "
                       "first (e.g. gdcmconv --raw)",
                   path);
}

}  // namespace

Result<std::unique_ptr<Deidentifier>> Deidentifier::create(DeidentifyOptions options) {
  if (!options.redactions.empty() && !options.cleanPixelData)
    return makeError(ErrorCode::InvalidArgument,
                     "redaction rectangles need the Clean Pixel Data option");
  for (const Redaction& r : options.redactions)
    if (r.width <= 0 || r.height <= 0 || r.frame < -1)
      return makeError(ErrorCode::InvalidArgument,
                       "a redaction rectangle is empty or names a negative frame");
  for (const PrivateTagKey& k : options.privateKeepList)
    if (!(k.group & 1) || k.creator.empty())
      return makeError(ErrorCode::InvalidArgument,
                       "a private keep-list entry needs an odd group and a Private Creator");
  if (options.patientName.empty()) options.patientName = "Teaching^Case";
  auto state = std::make_unique<State>();
  state->dates = deid::DateShifter(options.dateShiftDays);
  state->options = std::move(options);
  bridge::configureDcmtk();
  (void)confidentialityProfile();  // parse the table now, not inside the first file
  return std::unique_ptr<Deidentifier>(new Deidentifier(std::move(state)));
}

Deidentifier::Deidentifier(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Deidentifier::~Deidentifier() = default;

const DeidentifyOptions& Deidentifier::options() const {
  return m_state->options;
}

std::string Deidentifier::replacementUid(const std::string& sourceUid) {
  return m_state->uids.map(sourceUid);
}

std::vector<std::string> Deidentifier::methodDescription() const {
  std::vector<std::string> out;
  for (const MethodCode& m : methods(m_state->options, m_state->options.cleanPixelData))
    out.push_back(m.meaning);
  return out;
}

std::vector<std::string> Deidentifier::methodCodes() const {
  std::vector<std::string> out;
  for (const MethodCode& m : methods(m_state->options, m_state->options.cleanPixelData))
    out.push_back(m.value);
  return out;
}

Result<DeidentifiedFile> Deidentifier::deidentifyFile(const std::string& in,
                                                      const std::string& out) {
  return deidentifyFile(in, out, FileRequest{});
}

Result<DeidentifiedFile> Deidentifier::deidentifyFile(const std::string& in, const std::string& out,
                                                      const FileRequest& request) {
  return bridge::guarded<Result<DeidentifiedFile>>(
      "cannot de-identify", in, [&]() -> Result<DeidentifiedFile> {
        const DeidentifyOptions& o = m_state->options;
        std::string truncation;
        // One read: values up to 64 MiB (every small file whole) are parsed in the same pass; only
        // larger Pixel Data is read again, once, while encoding.
        auto loaded = loadDataset(in, &truncation, Uint32(1) << 26);
        if (!loaded) return loaded.error();
        if (!truncation.empty()) return makeError(ErrorCode::Truncated, truncation, in);
        DcmFileFormat& file = **loaded;
        DcmDataset& ds = *file.getDataset();
        const std::string ts = transferSyntaxOf(file);
        bridge::TagReader r(&ds);
        std::vector<Redaction> redactions =
            o.cleanPixelData ? o.redactions : std::vector<Redaction>{};
        redactions.insert(redactions.end(), request.redactions.begin(), request.redactions.end());
        if (request.redactionsFor) {
          const SourceFacts facts{r.str(DCM_SOPClassUID), r.str(DCM_Manufacturer),
                                  uint32_t(r.integer(DCM_Rows).value_or(0)),
                                  uint32_t(r.integer(DCM_Columns).value_or(0))};
          for (const Redaction& extra : request.redactionsFor(facts)) redactions.push_back(extra);
        }
        // An encapsulated document (PDF, CDA, STL..., PS3.4 B.5 1.2.840.10008.5.1.4.1.1.104.x)
        // carries its text in a format no attribute rule reaches: it cannot be cleaned, so a
        // de-identified export leaves it out (PS3.15 E.3.1, as for burned-in text).
        if (const std::string sopClass = r.str(DCM_SOPClassUID);
            sopClass.rfind("1.2.840.10008.5.1.4.1.1.104.", 0) == 0) {
          DeidentifiedFile skipped;
          skipped.kind = "encapsulated-document";
          skipped.sopClassUid = sopClass;
          skipped.leftOut =
              "an encapsulated document's text may name the patient and cannot be de-identified";
          return skipped;
        }
        const bool cleanPixels = !redactions.empty() && ds.tagExists(DCM_PixelData);
        // PS3.15 E.3.1: text burned into the pixels is identifying; without cleaning we refuse.
        if (r.str(DCM_BurnedInAnnotation) == "YES" && !cleanPixels)
          return makeError(
              ErrorCode::InvalidArgument,
              "Burned In Annotation (0028,0301) is YES: the pixels may show identifying "
              "text; de-identify with Clean Pixel Data and redaction rectangles",
              in);
        int redactedFrames = 0;
        std::string outTs = ts;
        if (cleanPixels) {
          // Compressed pixels are blanked after DCMTK decompresses them (RLE, JPEG, JPEG-LS);
          // the file is then written in Explicit VR Little Endian (PS3.5 A.2).
          if (isEncapsulated(ts)) {
            if (Status s = decompress(ds, ts, in); !s) return s.error();
            outTs = UID_LittleEndianExplicitTransferSyntax;
          }
          if (Status s = deid::redactPixels(ds, redactions, false, in, redactedFrames); !s)
            return s.error();
        }
        std::string patientKey = r.str(DCM_PatientID);
        if (patientKey.empty()) patientKey = "name:" + r.str(DCM_PatientName);
        const std::string sourceMetaUid = [&] {
          OFString v;
          if (file.getMetaInfo())
            file.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPInstanceUID, v);
          return std::string(v.c_str());
        }();
        std::string patientId = o.patientId;
        int shift = 0;
        {
          // Only the per-patient choices are shared state here; the walk runs in parallel.
          std::lock_guard lock(m_state->mutex);
          if (patientId.empty()) {
            auto [it, added] = m_state->caseNumbers.emplace(patientKey, "");
            if (added) {
              char buf[32];
              std::snprintf(buf, sizeof buf, "CASE-%04zu", m_state->caseNumbers.size());
              it->second = buf;
            }
            patientId = it->second;
          }
          shift = m_state->dates.daysFor(patientKey);
        }
        deid::DatasetWalker walker(o, m_state->uids, shift);
        if (Status s = walker.apply(ds); !s)
          return makeError(s.error().code, s.error().message, in, s.error().detail);
        if (!o.retainUids && !sourceMetaUid.empty() && file.getMetaInfo())
          if (Status s = put(*file.getMetaInfo(), DCM_MediaStorageSOPInstanceUID,
                             m_state->uids.map(sourceMetaUid), in);
              !s)
            return s.error();
        for (const auto& [tag, value] :
             {std::pair{DCM_PatientName, o.patientName}, std::pair{DCM_PatientID, patientId}})
          if (Status s = put(ds, tag, value, in); !s) return s.error();
        if (Status s = putMethod(ds, methods(o, cleanPixels), in); !s) return s.error();
        // Burned In Annotation NO only when we cleaned the pixels (PS3.15 E.3.1).
        if (cleanPixels)
          if (Status s = put(ds, DCM_BurnedInAnnotation, "NO", in); !s) return s.error();
        DeidentifiedFile result;
        result.path = request.staging ? request.staging->finalPath(out) : out;
        result.sopClassUid = r.str(DCM_SOPClassUID);
        result.sopInstanceUid = r.str(DCM_SOPInstanceUID);
        result.studyInstanceUid = r.str(DCM_StudyInstanceUID);
        result.seriesInstanceUid = r.str(DCM_SeriesInstanceUID);
        result.modality = r.str(DCM_Modality);
        if (auto n = r.integer(DCM_InstanceNumber)) result.instanceNumber = int(*n);
        result.patientId = patientId;
        result.transferSyntaxUid = outTs;
        result.redactedFrames = redactedFrames;
        result.kind = kindOf(result.sopClassUid, ds.tagExists(DCM_PixelData));
        if (!o.retainUids && file.getMetaInfo() && sourceMetaUid.empty())
          (void)put(*file.getMetaInfo(), DCM_MediaStorageSOPInstanceUID, result.sopInstanceUid, in);
        const E_TransferSyntax xfer = DcmXfer(outTs.c_str()).getXfer() != EXS_Unknown
                                          ? DcmXfer(outTs.c_str()).getXfer()
                                          : ds.getOriginalXfer();
        auto bytes = bridge::encodeFile(file, xfer, out);
        if (!bytes) return bytes.error();
        if (Status s =
                request.staging
                    ? request.staging->writeFile(out, bytes->data(), bytes->size())
                    : writeFileAtomically(out, bytes->data(), bytes->size(), Overwrite::Never);
            !s)
          return s.error();
        return result;
      });
}

}  // namespace fv::dicom
