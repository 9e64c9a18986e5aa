// Key Object Selection Document flagging source frames and the derived objects of a save
// (PS3.3 A.35.4; content per TID 2010, PS3.16).
#include <algorithm>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "DcmtkBridge.h"
#include "derived/DerivedCommon.h"
#include "derived/ObjectReferences.h"
#include "fv/dicom/Indexer.h"

namespace fv::dicom {

namespace {

using derived::ItemBuilder;

// A derived object of the same save, read back from its file (study, series, what it references).
struct Derived {
  InstanceInfo header;
  bool nested = false;  // already referenced inside an IMAGE item (presentation states)
};

using Evidence = derived::InstanceReference;

// `patientIds`: the frames' Patient ID as indexed and as our objects carry it (empty when the
// source's was not valid): a derived object of the same save has one of them.
Result<std::vector<Derived>> readDerived(const KeyObjectRequest& rq,
                                         const std::vector<std::string>& patientIds) {
  std::vector<Derived> out;
  for (const WrittenObject& o : rq.alsoReference) {
    auto header = readInstanceHeader(o.path);
    if (!header) {
      Error e = header.error();
      e.message = "cannot reference this object: " + e.message;
      return e;
    }
    if (header->sopInstanceUid != o.sopInstanceUid)
      return makeError(ErrorCode::InvalidArgument,
                       "the file does not hold SOP Instance " + o.sopInstanceUid, o.path);
    if (std::find(patientIds.begin(), patientIds.end(), header->patient.id) == patientIds.end())
      return makeError(ErrorCode::InvalidArgument,
                       "belongs to another patient than the flagged frames", o.path);
    out.push_back({std::move(*header)});
  }
  return out;
}

// An IMAGE content item (PS3.3 C.18.4 Image Reference Macro): the image, its frame when
// multi-frame (1-based; 0 = none), and optionally the presentation state to show it with
// (Referenced SOP Sequence inside the reference, Type 1C).
void putImageItem(ItemBuilder& content, const std::string& sopClass, const std::string& sopInstance,
                  uint32_t frame, const InstanceInfo* presentation) {
  ItemBuilder item = content.add(DCM_ContentSequence);
  item.str(DCM_RelationshipType, "CONTAINS").str(DCM_ValueType, "IMAGE");
  ItemBuilder ref = item.add(DCM_ReferencedSOPSequence);
  ref.str(DCM_ReferencedSOPClassUID, sopClass).str(DCM_ReferencedSOPInstanceUID, sopInstance);
  if (frame > 0) ref.integer(DCM_ReferencedFrameNumber, long(frame));
  if (presentation)
    ref.add(DCM_ReferencedSOPSequence)
        .str(DCM_ReferencedSOPClassUID, presentation->sopClassUid)
        .str(DCM_ReferencedSOPInstanceUID, presentation->sopInstanceUid);
}

Result<WrittenObject> writeUnguarded(const KeyObjectRequest& rq, const std::string& path) {
  if (Status s = derived::checkSeries(rq.series); !s) return derived::errorAt(s, path);
  if (rq.frames.empty())
    return makeError(ErrorCode::InvalidArgument,
                     "a key object selection needs at least one frame (TID 2010)", path);
  for (const SourceFrame& f : rq.frames) {
    if (Status s = derived::checkSourceFrame(f); !s) return derived::errorAt(s, path);
    if (f.instance.patient.id != rq.frames.front().instance.patient.id)
      return makeError(ErrorCode::InvalidArgument, "the frames belong to different patients",
                       f.instance.path);
  }
  if (Status s =
          derived::checkText(rq.description, size_t(1) << 20, "Key Object Description (UT)", false);
      !s)
    return derived::errorAt(s, path);
  if (Status s = derived::checkText(rq.observer, 64, "Person Observer Name (PN)"); !s)
    return derived::errorAt(s, path);
  auto source = derived::loadSourceHeader(rq.frames.front().instance);
  if (!source) return source.error();

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  derived::BuildStatus status;
  ItemBuilder out(&ds, &status);
  std::vector<OutputNote> notes;
  Status refusal;
  derived::SourceCopier copy(*(*source)->getDataset(), rq.frames.front().instance.path, out, &notes,
                             &refusal);
  derived::copyPatientAndStudy(copy);
  if (!refusal) return refusal.error();
  auto derivedObjects = readDerived(
      rq, {rq.frames.front().instance.patient.id, bridge::TagReader(&ds).str(DCM_PatientID)});
  if (!derivedObjects) return derivedObjects.error();
  if (Status s = derived::prepareCharacterSet(
          ds, {rq.series.description, rq.series.operatorName, rq.description, rq.observer}, path);
      !s)
    return s.error();

  const derived::Timestamp t = derived::now();
  const std::string uid = newUid();
  derived::putSopCommon(out, kKeyObjectSelectionUid, uid, t);
  // Key Object Document Series Module (C.17.6.1): Modality KO; the PPS reference is Type 2.
  derived::putSeries(out, rq.series, "KO", t);
  out.emptySequence(DCM_ReferencedPerformedProcedureStepSequence);
  derived::putEquipment(out);
  // Key Object Document Module (C.17.6.2).
  out.integer(DCM_InstanceNumber, rq.instanceNumber)
      .str(DCM_ContentDate, t.date)
      .str(DCM_ContentTime, t.time);

  // SR Document Content Module (C.17.3), root of TID 2010: the title (CID 7010).
  out.str(DCM_ValueType, "CONTAINER")
      .code(DCM_ConceptNameCodeSequence, rq.title.value.c_str(), rq.title.scheme.c_str(),
            rq.title.meaning.c_str())
      .str(DCM_ContinuityOfContent, "SEPARATE");
  out.add(DCM_ContentTemplateSequence)
      .str(DCM_MappingResource, "DCMR")
      .str(DCM_TemplateIdentifier, "2010");
  if (!rq.observer.empty()) derived::putPersonObserver(out, rq.observer);
  if (!rq.description.empty())
    out.add(DCM_ContentSequence)
        .str(DCM_RelationshipType, "CONTAINS")
        .str(DCM_ValueType, "TEXT")
        .code(DCM_ConceptNameCodeSequence, "113012", "DCM", "Key Object Description")
        .str(DCM_TextValue, rq.description);

  std::vector<Evidence> evidence;
  for (const SourceFrame& f : rq.frames) {
    const InstanceInfo& img = f.instance;
    evidence.push_back(
        {img.study.instanceUid, img.series.instanceUid, img.sopClassUid, img.sopInstanceUid});
    const uint32_t frame = derived::referencedFrame(f).value_or(0);
    derived::noteFrameReference(f, copy);
    // A presentation state of this frame is referenced together with it, so that a viewer opens
    // the frame with the annotations; several give several items.
    bool any = false;
    for (Derived& d : *derivedObjects) {
      if (d.nested || !isPresentationState(d.header.sopClassUid)) continue;
      const bool match = std::any_of(d.header.references.begin(), d.header.references.end(),
                                     [&](const FrameReference& r) {
                                       return r.sopInstanceUid == img.sopInstanceUid &&
                                              (r.frame == 0 || r.frame == f.frame + 1);
                                     });
      if (!match) continue;
      putImageItem(out, img.sopClassUid, img.sopInstanceUid, frame, &d.header);
      d.nested = any = true;
    }
    if (!any) putImageItem(out, img.sopClassUid, img.sopInstanceUid, frame, nullptr);
  }
  for (const Derived& d : *derivedObjects) {
    const InstanceInfo& h = d.header;
    evidence.push_back(
        {h.study.instanceUid, h.series.instanceUid, h.sopClassUid, h.sopInstanceUid});
    if (d.nested) continue;
    if (h.hasPixelData) {
      putImageItem(out, h.sopClassUid, h.sopInstanceUid, 0, nullptr);
    } else {  // e.g. a presentation state of a frame not flagged here
      ItemBuilder item = out.add(DCM_ContentSequence);
      item.str(DCM_RelationshipType, "CONTAINS").str(DCM_ValueType, "COMPOSITE");
      item.add(DCM_ReferencedSOPSequence)
          .str(DCM_ReferencedSOPClassUID, h.sopClassUid)
          .str(DCM_ReferencedSOPInstanceUID, h.sopInstanceUid);
    }
  }
  derived::putHierarchicalReferences(out, DCM_CurrentRequestedProcedureEvidenceSequence,
                                     std::move(evidence));

  if (status.failed) return status.toError("cannot build the key object selection", path);
  auto written = derived::saveNew(file, path, kKeyObjectSelectionUid, uid);
  if (written) written->notes = std::move(notes);
  return written;
}

}  // namespace

Result<WrittenObject> writeKeyObjectSelection(const KeyObjectRequest& request) {
  auto path = derived::targetPath(request.folder, request.fileName);
  if (!path) return path.error();
  return bridge::guarded<Result<WrittenObject>>("cannot write the key object selection", *path,
                                                [&] { return writeUnguarded(request, *path); });
}

}  // namespace fv::dicom
