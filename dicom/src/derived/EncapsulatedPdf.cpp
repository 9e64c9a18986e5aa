// Encapsulated PDF (PS3.3 A.45.1): a readable report filed in the study it documents.
#include <dcmtk/dcmdata/dcdeftag.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "derived/DerivedCommon.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/MeasurementReport.h"

namespace fv::dicom {

namespace {

using derived::ItemBuilder;

Result<WrittenObject> writeUnguarded(const EncapsulatedPdfRequest& rq, const std::string& path) {
  if (Status s = derived::checkSeries(rq.series); !s) return derived::errorAt(s, path);
  if (rq.pdf.compare(0, 5, "%PDF-") != 0)
    return makeError(ErrorCode::InvalidArgument, "the document is not a PDF", path);
  if (rq.pdf.size() > 0xFFFFFFF0u)
    return makeError(ErrorCode::InvalidArgument, "the PDF is larger than 4 GB", path);
  if (Status s = derived::checkText(rq.title, 1024, "Document Title (ST)", false); !s)
    return derived::errorAt(s, path);
  auto source = derived::loadSourceHeader(rq.source.instance);
  if (!source) return source.error();

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  derived::BuildStatus status;
  ItemBuilder out(&ds, &status);
  std::vector<OutputNote> notes;
  Status refusal;
  derived::SourceCopier copy(*(*source)->getDataset(), rq.source.instance.path, out, &notes,
                             &refusal);
  derived::copyPatientAndStudy(copy);
  if (!refusal) return refusal.error();
  if (Status s = derived::prepareCharacterSet(
          ds, {rq.series.description, rq.series.operatorName, rq.title}, path);
      !s)
    return s.error();

  const derived::Timestamp t = derived::now();
  const std::string uid = newUid();
  derived::putSopCommon(out, kEncapsulatedPdfUid, uid, t);
  // Encapsulated Document Series Module (C.24.1): Modality DOC.
  derived::putSeries(out, rq.series, "DOC", t);
  derived::putEquipment(out);
  // SC Equipment Module (C.8.6.1): WSD = made on a workstation.
  out.str(DCM_ConversionType, "WSD");
  // Encapsulated Document Module (C.24.2). The report shows the patient's name and ID: Burned
  // In Annotation YES tells a de-identifier so.
  out.integer(DCM_InstanceNumber, rq.instanceNumber)
      .str(DCM_ContentDate, t.date)
      .str(DCM_ContentTime, t.time)
      .str(DCM_AcquisitionDateTime, t.date + t.time)
      .str(DCM_BurnedInAnnotation, "YES")
      .str(DCM_DocumentTitle, rq.title);
  if (rq.name.value.empty())
    out.emptySequence(DCM_ConceptNameCodeSequence);
  else
    out.code(DCM_ConceptNameCodeSequence, rq.name.value.c_str(), rq.name.scheme.c_str(),
             rq.name.meaning.c_str());
  for (const WrittenObject& o : rq.sources) {
    auto h = readInstanceHeader(o.path);
    if (!h) return h.error();
    out.add(DCM_SourceInstanceSequence)
        .str(DCM_ReferencedSOPClassUID, h->sopClassUid)
        .str(DCM_ReferencedSOPInstanceUID, h->sopInstanceUid);
  }
  std::string bytes = rq.pdf;
  if (bytes.size() % 2) bytes.push_back('\0');  // one trailing NUL pads an odd length (C.24.2.1)
  out.str(DCM_MIMETypeOfEncapsulatedDocument, "application/pdf")
      .u32(DCM_EncapsulatedDocumentLength, uint32_t(rq.pdf.size()))
      .bytes(DCM_EncapsulatedDocument, reinterpret_cast<const uint8_t*>(bytes.data()),
             bytes.size());
  if (status.failed) return status.toError("cannot build the Encapsulated PDF", path);
  auto written = derived::saveNew(file, path, kEncapsulatedPdfUid, uid);
  if (written) written->notes = std::move(notes);
  return written;
}

}  // namespace

Result<WrittenObject> writeEncapsulatedPdf(const EncapsulatedPdfRequest& request) {
  auto path = derived::targetPath(request.folder, request.fileName);
  if (!path) return path.error();
  return bridge::guarded<Result<WrittenObject>>("cannot write the Encapsulated PDF", *path,
                                                [&] { return writeUnguarded(request, *path); });
}

Result<std::string> readEncapsulatedPdf(const std::string& path) {
  return bridge::guarded<Result<std::string>>(
      "cannot read the Encapsulated PDF", path, [&]() -> Result<std::string> {
        auto file = loadDataset(path);
        if (!file) return file.error();
        DcmDataset& ds = *(*file)->getDataset();
        const Uint8* data = nullptr;
        unsigned long size = 0;
        if (ds.findAndGetUint8Array(DCM_EncapsulatedDocument, data, &size).bad() || !data)
          return makeError(ErrorCode::Malformed, "holds no Encapsulated Document (0042,0011)",
                           path);
        Uint32 length = 0;
        if (ds.findAndGetUint32(DCM_EncapsulatedDocumentLength, length).good() && length <= size)
          size = length;
        else
          while (size > 0 && data[size - 1] == 0) --size;
        return std::string(reinterpret_cast<const char*>(data), size);
      });
}

}  // namespace fv::dicom
