// (In libfv_dicom_sr.so, see SrApi.h.) TID 1500 Imaging Measurement Report as a Comprehensive SR
// (PS3.3 A.35.3, PS3.16 TID 1500): the content tree is built and checked by DCMTK's template
// classes (dcmsr/cmr), the Patient, Study, series and equipment modules by our own copier, as for
// every derived object.
#include <algorithm>
#include <mutex>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmsr/cmr/init.h>
#include <dcmtk/dcmsr/cmr/tid1500.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include "DcmtkBridge.h"
#include "derived/DerivedCommon.h"
#include "derived/GraphicEncoding.h"
#include "derived/SrApi.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/MeasurementReport.h"

namespace fv::dicom {

namespace {

using derived::ItemBuilder;

DSRCodedEntryValue coded(const CodedConcept& c) {
  return DSRCodedEntryValue(c.value.c_str(), c.scheme.c_str(), c.meaning.c_str());
}

// (121112, DCM, "Source of Measurement"): the purpose of the image and coordinate references.
const CodedConcept kSourceOfMeasurement{"121112", "DCM", "Source of Measurement"};

DSRImageReferenceValue imageReference(const ReportGroup& g) {
  const InstanceInfo& img = g.source.instance;
  DSRImageReferenceValue ref =
      g.presentationState
          ? DSRImageReferenceValue(img.sopClassUid.c_str(), img.sopInstanceUid.c_str(),
                                   g.presentationState->sopClassUid.c_str(),
                                   g.presentationState->sopInstanceUid.c_str())
          : DSRImageReferenceValue(img.sopClassUid.c_str(), img.sopInstanceUid.c_str());
  if (auto frame = derived::referencedFrame(g.source)) ref.getFrameList().addItem(Sint32(*frame));
  return ref;
}

Status fail(const OFCondition& c, const std::string& what, const std::string& path) {
  return bridge::toError(c, what, path);
}

// The content tree (TID 1500 → 1001, 1600, 1501 → 300) in `doc`.
Status buildTree(const MeasurementReportRequest& rq, DSRDocument& doc, const std::string& path) {
  TID1500_MeasurementReport report(CMR_CID7021::ImagingMeasurementReport);
  // TID 1001: the person who confirmed, else (nobody named) this software as a device observer.
  OFCondition c = rq.observer.empty()
                      ? report.getObservationContext().addDeviceObserver(newUid().c_str(),
                                                                         derived::kManufacturer)
                      : report.getObservationContext().addPersonObserver(rq.observer.c_str());
  if (c.good()) c = report.addProcedureReported(CMR_CID100(coded(rq.procedure)));
  if (c.bad()) return fail(c, "cannot build the report's observer and procedure", path);

  bool first = true;
  for (const ReportGroup& g : rq.groups) {
    if (g.measurements.empty()) {
      // TID 1501 needs a measurement: a frame without one is a finding of the whole report
      // (TID 1500 row 14), naming the frame; the Image Library still references it.
      const std::string text =
          g.trackingId + (g.calibrationMethod.empty() ? "" : " (" + g.calibrationMethod + ")");
      if ((c = report.addQualitativeEvaluation(coded(kConceptFinding), text.c_str())).bad())
        return fail(c, "cannot add the finding of a frame without measurements", path);
      continue;
    }
    if (!first && (c = report.addIndividualMeasurements(OFFalse)).bad())
      return fail(c, "cannot add a measurement group", path);
    first = false;
    auto& group = report.getIndividualMeasurements();
    c = group.setTrackingIdentifier(g.trackingId.c_str());
    if (c.good()) c = group.setTrackingUniqueIdentifier(newUid().c_str());
    if (c.bad()) return fail(c, "cannot identify the measurement group", path);
    for (const ReportMeasurement& m : g.measurements) {
      const CMR_TID1501_in_TID1500::MeasurementValue value(m.value.c_str(),
                                                           CMR_CID7181(coded(m.unit)));
      c = group.addMeasurement(CMR_CID7469(coded(m.name)), value, OFFalse);
      if (c.good())
        c = group.getMeasurement().addImage(coded(kSourceOfMeasurement), imageReference(g));
      if (c.good() && !m.points.empty()) {
        DSRSpatialCoordinatesValue scoord(m.points.size() == 1 ? DSRTypes::GT_Point
                                                               : DSRTypes::GT_Polyline);
        for (const ImagePoint& p : m.points)
          scoord.getGraphicDataList().addItem(derived::toDicomPixel(p.x),
                                              derived::toDicomPixel(p.y));
        DSRImageReferenceValue on(g.source.instance.sopClassUid.c_str(),
                                  g.source.instance.sopInstanceUid.c_str());
        if (auto frame = derived::referencedFrame(g.source))
          on.getFrameList().addItem(Sint32(*frame));
        c = group.getMeasurement().addSpatialCoordinates(coded(kSourceOfMeasurement), scoord, on);
      }
      if (c.bad()) return fail(c, "cannot add the measurement \"" + m.name.meaning + "\"", path);
    }
    if (!g.calibrationMethod.empty() &&
        (c = group.addQualitativeEvaluation(coded(kConceptCalibrationMethod),
                                            g.calibrationMethod.c_str()))
            .bad())
      return fail(c, "cannot add the calibration method", path);
  }

  // Image Library (TID 1600): the measured images and the derived images that show them.
  TID1600_ImageLibrary& library = report.getImageLibrary();
  c = library.createNewImageLibrary();
  if (c.good()) c = library.addImageGroup();
  if (c.bad()) return fail(c, "cannot add the image library", path);
  std::vector<std::string> listed;
  auto addEntry = [&](const std::string& sopClass, const std::string& sopInstance,
                      const std::string& modality) -> OFCondition {
    if (std::find(listed.begin(), listed.end(), sopInstance) != listed.end()) return EC_Normal;
    listed.push_back(sopInstance);
    DcmItem item;
    item.putAndInsertString(DCM_SOPClassUID, sopClass.c_str());
    item.putAndInsertString(DCM_SOPInstanceUID, sopInstance.c_str());
    if (!modality.empty()) item.putAndInsertString(DCM_Modality, modality.c_str());
    return library.addImageEntry(item, TID1600_ImageLibrary::withoutDescriptors);
  };
  for (const ReportGroup& g : rq.groups) {
    c = addEntry(g.source.instance.sopClassUid, g.source.instance.sopInstanceUid,
                 g.source.instance.series.modality);
    if (c.good() && g.derivedImage)
      c = addEntry(g.derivedImage->sopClassUid, g.derivedImage->sopInstanceUid, "OT");
    if (c.bad()) return fail(c, "cannot add an image library entry", path);
  }

  if (!report.isValid())
    return makeError(ErrorCode::InvalidArgument, "the measurement report does not satisfy TID 1500",
                     path);
  if ((c = doc.setTreeFromRootTemplate(report, OFTrue)).bad())
    return fail(c, "cannot build the SR document tree", path);
  return {};
}

// Copies the SR Document Content Module (C.17.3) that DCMTK wrote into `from` to `to`.
Status copyContent(DcmItem& from, DcmItem& to, const std::string& path) {
  const DcmTagKey tags[] = {DCM_ValueType, DCM_ConceptNameCodeSequence, DCM_ContinuityOfContent,
                            DCM_ContentTemplateSequence, DCM_ContentSequence};
  for (const DcmTagKey& t : tags) {
    DcmElement* e = nullptr;
    if (from.findAndGetElement(t, e).bad() || !e) continue;
    if (OFCondition c = to.insert(OFstatic_cast(DcmElement*, e->clone()), OFTrue); c.bad())
      return fail(c, "cannot copy the SR content", path);
  }
  return {};
}

Result<std::vector<derived::InstanceReference>> predecessorRefs(
    const MeasurementReportRequest& rq) {
  std::vector<derived::InstanceReference> out;
  for (const WrittenObject& o : rq.predecessors) {
    auto h = readInstanceHeader(o.path);
    if (!h) {
      Error e = h.error();
      e.message = "cannot reference the earlier report: " + e.message;
      return e;
    }
    out.push_back({h->study.instanceUid, h->series.instanceUid, h->sopClassUid, h->sopInstanceUid});
  }
  return out;
}

Result<WrittenObject> writeUnguarded(const MeasurementReportRequest& rq, const std::string& path) {
  if (Status s = derived::checkSeries(rq.series); !s) return derived::errorAt(s, path);
  if (rq.groups.empty())
    return makeError(ErrorCode::InvalidArgument, "a measurement report needs a measured frame",
                     path);
  if (Status s = derived::checkText(rq.observer, 64, "Person Observer Name (PN)"); !s)
    return derived::errorAt(s, path);
  std::vector<std::string> texts = {rq.series.description, rq.series.operatorName, rq.observer};
  for (const ReportGroup& g : rq.groups) {
    if (Status s = derived::checkSourceFrame(g.source); !s) return derived::errorAt(s, path);
    if (g.source.instance.patient.id != rq.groups.front().source.instance.patient.id)
      return makeError(ErrorCode::InvalidArgument, "the frames belong to different patients",
                       g.source.instance.path);
    if (Status s = derived::checkText(g.trackingId, 64, "Tracking Identifier (TEXT)"); !s)
      return derived::errorAt(s, path);
    texts.push_back(g.trackingId);
    texts.push_back(g.calibrationMethod);
  }
  auto predecessors = predecessorRefs(rq);
  if (!predecessors) return predecessors.error();
  auto source = derived::loadSourceHeader(rq.groups.front().source.instance);
  if (!source) return source.error();

  DSRDocument doc(DSRTypes::DT_ComprehensiveSR);
  if (Status s = buildTree(rq, doc, path); !s) return s.error();
  DcmItem content;
  if (OFCondition c = doc.write(content); c.bad())
    return bridge::toError(c, "cannot encode the SR document", path);

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  derived::BuildStatus status;
  ItemBuilder out(&ds, &status);
  std::vector<OutputNote> notes;
  Status refusal;
  derived::SourceCopier copy(*(*source)->getDataset(), rq.groups.front().source.instance.path, out,
                             &notes, &refusal);
  derived::copyPatientAndStudy(copy);
  if (!refusal) return refusal.error();
  if (Status s = derived::prepareCharacterSet(ds, texts, path); !s) return s.error();

  const derived::Timestamp t = derived::now();
  const std::string uid = newUid();
  derived::putSopCommon(out, kComprehensiveSrUid, uid, t);
  // SR Document Series Module (C.17.1): Modality SR; the PPS reference is Type 2.
  derived::putSeries(out, rq.series, "SR", t);
  out.emptySequence(DCM_ReferencedPerformedProcedureStepSequence);
  derived::putEquipment(out);
  // SR Document General Module (C.17.2).
  out.integer(DCM_InstanceNumber, rq.instanceNumber)
      .str(DCM_CompletionFlag, "COMPLETE")
      .str(DCM_VerificationFlag, "UNVERIFIED")
      .str(DCM_ContentDate, t.date)
      .str(DCM_ContentTime, t.time)
      .emptySequence(DCM_PerformedProcedureCodeSequence);
  if (!predecessors->empty())
    derived::putHierarchicalReferences(out, DCM_PredecessorDocumentsSequence,
                                       std::move(*predecessors));
  std::vector<derived::InstanceReference> evidence;
  for (const ReportGroup& g : rq.groups) {
    const InstanceInfo& img = g.source.instance;
    evidence.push_back(
        {img.study.instanceUid, img.series.instanceUid, img.sopClassUid, img.sopInstanceUid});
    derived::noteFrameReference(g.source, copy);
    for (const auto* o : {&g.presentationState, &g.derivedImage}) {
      if (!*o) continue;
      auto h = readInstanceHeader((*o)->path);
      if (!h) return h.error();
      evidence.push_back(
          {h->study.instanceUid, h->series.instanceUid, h->sopClassUid, h->sopInstanceUid});
    }
  }
  derived::putHierarchicalReferences(out, DCM_CurrentRequestedProcedureEvidenceSequence,
                                     std::move(evidence));
  if (Status s = copyContent(content, ds, path); !s) return s.error();

  if (status.failed) return status.toError("cannot build the measurement report", path);
  auto written = derived::saveNew(file, path, kComprehensiveSrUid, uid);
  if (written) written->notes = std::move(notes);
  return written;
}

}  // namespace

Result<WrittenObject> sr::write(const MeasurementReportRequest& request) {
  auto path = derived::targetPath(request.folder, request.fileName);
  if (!path) return path.error();
  // The context groups are shared by all threads; DCMTK asks to set them up once (cmr/init.h).
  static std::once_flag once;
  std::call_once(once, [] { CMR_ContentMappingResource::initializeAllContextGroups(); });
  return bridge::guarded<Result<WrittenObject>>("cannot write the measurement report", *path,
                                                [&] { return writeUnguarded(request, *path); });
}

}  // namespace fv::dicom
