// Secondary Capture Image Storage of one annotated frame (PS3.3 A.8.1), in the source's study.
#include <dcmtk/dcmdata/dcdeftag.h>

#include "DcmtkBridge.h"
#include "derived/DerivedCommon.h"

namespace fv::dicom {

namespace {

using derived::ItemBuilder;
using derived::Requirement;

Status checkRequest(const SecondaryCaptureRequest& rq) {
  if (Status s = derived::checkSeries(rq.series); !s) return s;
  if (Status s = derived::checkSourceFrame(rq.source); !s) return s;
  const Image8& img = rq.rgb;
  const PixelDescription& px = rq.source.instance.pixels;
  if (img.channels != 3 || img.rows != px.rows || img.columns != px.columns ||
      img.pixels.size() != size_t(img.rows) * img.columns * 3)
    return makeError(ErrorCode::InvalidArgument,
                     "the RGB image must have 3 channels at the source's " +
                         std::to_string(px.rows) + "×" + std::to_string(px.columns) +
                         " pixel grid (got " + std::to_string(img.rows) + "×" +
                         std::to_string(img.columns) + "×" + std::to_string(img.channels) + ")");
  return derived::checkText(rq.derivationDescription, 1024, "Derivation description (ST)", false);
}

// Body part and laterality let a PACS file the capture with the source (General Series,
// PS3.3 C.7.3.1, Laterality Type 2C; Image Laterality in General Image, C.7.6.1).
void copyAnatomy(derived::SourceCopier& copy) {
  const bool imageLaterality =
      copy.copy(DCM_ImageLaterality, Requirement::Type3) == derived::Copied::Value;
  derived::putSeriesAnatomy(copy, imageLaterality);
}

// Calibration carried over (SC Image Module: Basic Pixel Spacing Calibration Macro, PS3.3
// C.8.6.2, 10.7): the capture keeps the source's pixel grid, so the source's Pixel Spacing still
// holds. The SC IOD has no Imager Pixel Spacing nor magnification geometry (dciodvfy: "not in
// the IOD"); a projection source calibrated by them (Imager Pixel Spacing ÷ Estimated
// Radiographic Magnification Factor, or × SOD/SID) gets that isocentre spacing as Pixel Spacing
// with Pixel Spacing Calibration Type GEOMETRY (10.7.1.3) and a description saying how.
// Pixel Aspect Ratio (Image Pixel Module, Type 1C, C.7.6.3) only when no Pixel Spacing is
// written and the ratio is not 1:1 — it must not be present otherwise.
void putCalibration(derived::SourceCopier& copy, const InstanceInfo& info) {
  ItemBuilder& out = copy.out();
  const Calibration& cal = info.calibration;
  bool spacing = false;
  if (cal.source == CalibrationSource::MagnificationCorrected && cal.calibrated()) {
    const char* how = info.calibrationInputs.magnificationFactor
                          ? "Imager Pixel Spacing / Estimated Radiographic Magnification"
                          : "Imager Pixel Spacing x Source-Patient/Source-Detector";  // LO: ≤ 64
    out.decimals(DCM_PixelSpacing, {*cal.rowMm, *cal.columnMm})
        .str(DCM_PixelSpacingCalibrationType, "GEOMETRY")
        .str(DCM_PixelSpacingCalibrationDescription, how);
    spacing = true;
  } else if (bridge::TagReader(&copy.source()).has(DCM_PixelSpacing)) {
    if (!derived::positivePair(copy, DCM_PixelSpacing)) {
      copy.note(DCM_PixelSpacing, "left out",
                "is not two positive decimal numbers (PS3.3 10.7.1.3)");
    } else if (copy.copy(DCM_PixelSpacing, Requirement::Type3) == derived::Copied::Value) {
      spacing = true;
      copy.copy(DCM_PixelSpacingCalibrationType, Requirement::Type3);
      copy.copy(DCM_PixelSpacingCalibrationDescription, Requirement::Type3);
    }
  }
  if (spacing) return;
  const auto ratio = derived::positivePair(copy, DCM_PixelAspectRatio);
  if (ratio && ratio->first != ratio->second) copy.copy(DCM_PixelAspectRatio, Requirement::Type3);
}

Result<WrittenObject> writeUnguarded(const SecondaryCaptureRequest& rq, const std::string& path) {
  if (Status s = checkRequest(rq); !s) return derived::errorAt(s, path);
  auto source = derived::loadSourceHeader(rq.source.instance);
  if (!source) return source.error();
  DcmItem& src = *(*source)->getDataset();

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  derived::BuildStatus status;
  ItemBuilder out(&ds, &status);
  std::vector<OutputNote> notes;
  Status refusal;
  derived::SourceCopier copy(src, rq.source.instance.path, out, &notes, &refusal);
  derived::copyPatientAndStudy(copy);
  if (!refusal) return refusal.error();
  if (Status s = derived::prepareCharacterSet(
          ds, {rq.series.description, rq.series.operatorName, rq.derivationDescription}, path);
      !s)
    return s.error();

  const derived::Timestamp t = derived::now();
  const std::string uid = newUid();
  derived::putSopCommon(out, kSecondaryCaptureUid, uid, t);
  // General Series: "OT" keeps the capture out of fluoroscopy hanging protocols while Study
  // Instance UID files it with the source (the Modality value is Type 1, any defined term).
  derived::putSeries(out, rq.series, "OT", t);
  derived::putOperator(out, rq.series);
  copyAnatomy(copy);
  derived::putEquipment(out);

  // SC Equipment Module (PS3.3 C.8.6.1): WSD = workstation, the device that made the capture.
  out.str(DCM_ConversionType, "WSD")
      .str(DCM_SecondaryCaptureDeviceManufacturer, derived::kManufacturer)
      .str(DCM_SecondaryCaptureDeviceManufacturerModelName, derived::kManufacturer)
      .str(DCM_SecondaryCaptureDeviceSoftwareVersions, derived::softwareVersion());

  // General Image Module (PS3.3 C.7.6.1): a derived image whose annotations are burned in.
  out.integer(DCM_InstanceNumber, rq.instanceNumber)
      .str(DCM_ContentDate, t.date)
      .str(DCM_ContentTime, t.time)
      .str(DCM_ImageType, "DERIVED\\SECONDARY")
      .str(DCM_BurnedInAnnotation, "YES");
  copy.copy(DCM_PatientOrientation, Requirement::Type2);  // Type 2C: required for an SC
  if (!rq.derivationDescription.empty())
    out.str(DCM_DerivationDescription, rq.derivationDescription);
  // Lossy compression of the source carries over to everything derived from it (C.7.6.1.1.5).
  copy.copy(DCM_LossyImageCompression, Requirement::Type3);
  copy.copy(DCM_LossyImageCompressionRatio, Requirement::Type3);
  copy.copy(DCM_LossyImageCompressionMethod, Requirement::Type3);
  // Source Image Sequence: the exact frame this capture shows (C.7.6.1.1.4); the purpose of
  // reference (121320, DCM, "Uncompressed predecessor") is what CID 7202 offers for a rendering.
  ItemBuilder ref = out.add(DCM_SourceImageSequence);
  derived::putImageReference(ref, rq.source);
  derived::noteFrameReference(rq.source, copy);
  ref.code(DCM_PurposeOfReferenceCodeSequence, "121320", "DCM", "Uncompressed predecessor");

  // SC Image Module (PS3.3 C.8.6.2).
  out.str(DCM_DateOfSecondaryCapture, t.date).str(DCM_TimeOfSecondaryCapture, t.time);
  putCalibration(copy, rq.source.instance);

  // Image Pixel Module (PS3.3 C.7.6.3): 8-bit RGB, colour-by-pixel.
  out.u16(DCM_SamplesPerPixel, {3})
      .str(DCM_PhotometricInterpretation, "RGB")
      .u16(DCM_PlanarConfiguration, {0})
      .u16(DCM_Rows, {uint16_t(rq.rgb.rows)})
      .u16(DCM_Columns, {uint16_t(rq.rgb.columns)})
      .u16(DCM_BitsAllocated, {8})
      .u16(DCM_BitsStored, {8})
      .u16(DCM_HighBit, {7})
      .u16(DCM_PixelRepresentation, {0})
      .bytes(DCM_PixelData, rq.rgb.pixels.data(), rq.rgb.pixels.size());
  if (status.failed) return status.toError("cannot build the Secondary Capture", path);
  auto written = derived::saveNew(file, path, kSecondaryCaptureUid, uid);
  if (written) written->notes = std::move(notes);
  return written;
}

}  // namespace

Result<WrittenObject> writeSecondaryCapture(const SecondaryCaptureRequest& request) {
  auto path = derived::targetPath(request.folder, request.fileName);
  if (!path) return path.error();
  return bridge::guarded<Result<WrittenObject>>("cannot write the Secondary Capture", *path,
                                                [&] { return writeUnguarded(request, *path); });
}

}  // namespace fv::dicom
