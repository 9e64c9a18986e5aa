// (In libfv_dicom_sr.so, see SrApi.h.) Reading a TID 1500 measurement report back (DCMTK's SR
// document tree, dcmsr).
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "derived/SrApi.h"
#include "fv/dicom/MeasurementReport.h"

namespace fv::dicom {

namespace {

bool isConcept(DSRContentItem& item, const CodedConcept& c) {
  const DSRCodedEntryValue& name = item.getConceptName();
  return name.getCodeValue() == c.value.c_str() &&
         name.getCodingSchemeDesignator() == c.scheme.c_str();
}

void predecessors(DcmItem& ds, std::vector<std::string>& out) {
  DcmItem* study = nullptr;
  for (long s = 0; ds.findAndGetSequenceItem(DCM_PredecessorDocumentsSequence, study, s).good();
       ++s) {
    DcmItem* series = nullptr;
    for (long r = 0; study->findAndGetSequenceItem(DCM_ReferencedSeriesSequence, series, r).good();
         ++r) {
      DcmItem* sop = nullptr;
      for (long i = 0; series->findAndGetSequenceItem(DCM_ReferencedSOPSequence, sop, i).good();
           ++i)
        out.push_back(bridge::TagReader(sop).str(DCM_ReferencedSOPInstanceUID));
    }
  }
}

}  // namespace

Result<MeasurementReportInfo> sr::read(const std::string& path) {
  return bridge::guarded<Result<MeasurementReportInfo>>(
      "cannot read the measurement report", path, [&]() -> Result<MeasurementReportInfo> {
        auto file = loadDataset(path);
        if (!file) return file.error();
        DcmDataset& ds = *(*file)->getDataset();
        DSRDocument doc;
        if (OFCondition c = doc.read(ds); c.bad())
          return bridge::toError(c, "cannot read the SR document", path);
        MeasurementReportInfo info;
        info.path = path;
        info.sopInstanceUid = bridge::TagReader(&ds).str(DCM_SOPInstanceUID);
        predecessors(ds, info.predecessorSopInstanceUids);
        DSRDocumentTree& tree = doc.getTree();
        if (tree.gotoRoot() == 0) return info;
        ReportedMeasurement* last = nullptr;
        do {
          DSRContentItem& item = tree.getCurrentContentItem();
          switch (item.getValueType()) {
            case DSRTypes::VT_PName:
              if (isConcept(item, {"121008", "DCM", ""}) && info.observer.empty())
                info.observer = item.getStringValue().c_str();
              break;
            case DSRTypes::VT_Num: {
              const DSRNumericMeasurementValue* num = item.getNumericValuePtr();
              if (!num || num->isEmpty()) break;
              Float64 v = 0;
              if (num->getFloatingPointRepresentation(v).bad())
                v = std::strtod(num->getNumericValue().c_str(), nullptr);
              info.measurements.push_back({item.getConceptName().getCodeMeaning().c_str(),
                                           v,
                                           num->getMeasurementUnit().getCodeValue().c_str(),
                                           {}});
              last = &info.measurements.back();
              break;
            }
            case DSRTypes::VT_Image: {
              const DSRImageReferenceValue* ref = item.getImageReferencePtr();
              if (!ref || !last || !last->image.sopInstanceUid.empty()) break;
              last->image.sopInstanceUid = ref->getSOPInstanceUID().c_str();
              Sint32 frame = 0;
              if (!ref->getFrameList().isEmpty() && ref->getFrameList().getItem(1, frame).good())
                last->image.frame = uint32_t(frame);
              break;
            }
            case DSRTypes::VT_Text:
              if (isConcept(item, kConceptCalibrationMethod))
                info.calibrationMethods.push_back(item.getStringValue().c_str());
              break;
            default:
              break;
          }
        } while (tree.iterate() > 0);
        return info;
      });
}

}  // namespace fv::dicom
