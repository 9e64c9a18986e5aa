// Secondary Capture Image Storage of one annotated frame (PS3.3 A.8.1), in the source's study.
#include <dcmtk/dcmdata/dcdeftag.h>

#include "DcmtkBridge.h"
#include "derived/DerivedCommon.h"

namespace fv::dicom {

namespace {

using derived::ItemBuilder;

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
void copyAnatomy(DcmItem& src, ItemBuilder& out) {
  out.copy(src, DCM_BodyPartExamined);
  const bool imageLaterality = out.copy(src, DCM_ImageLaterality);
  if (!out.copy(src, DCM_Laterality) && !imageLaterality)
    out.str(DCM_Laterality, derived::seriesLaterality(src));
}

// Calibration carried over (SC Image Module: Basic Pixel Spacing Calibration Macro, PS3.3
// C.8.6.2, 10.7): the capture keeps the source's pixel grid, so the source's Pixel Spacing still
// holds. The SC IOD has no Imager Pixel Spacing nor magnification geometry (dciodvfy: "not in
// the IOD"); a projection source calibrated by them (Imager Pixel Spacing ÷ Estimated
// Radiographic Magnification Factor, or × SOD/SID) gets that isocentre spacing as Pixel Spacing
// with Pixel Spacing Calibration Type GEOMETRY (10.7.1.3) and a description saying how.
void putCalibration(DcmItem& src, const InstanceInfo& info, ItemBuilder& out) {
  const Calibration& cal = info.calibration;
  if (cal.source == CalibrationSource::MagnificationCorrected && cal.calibrated()) {
    const char* how = info.calibrationInputs.magnificationFactor
                          ? "Imager Pixel Spacing / Estimated Radiographic Magnification"
                          : "Imager Pixel Spacing x Source-Patient/Source-Detector";  // LO: ≤ 64
    out.decimals(DCM_PixelSpacing, {*cal.rowMm, *cal.columnMm})
        .str(DCM_PixelSpacingCalibrationType, "GEOMETRY")
        .str(DCM_PixelSpacingCalibrationDescription, how);
  } else if (out.copy(src, DCM_PixelSpacing)) {
    out.copy(src, DCM_PixelSpacingCalibrationType);
    out.copy(src, DCM_PixelSpacingCalibrationDescription);
  }
  out.copy(src, DCM_PixelAspectRatio);
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
  derived::copyPatientAndStudy(src, out);
  if (Status s =
          derived::prepareCharacterSet(ds, {rq.series.description, rq.derivationDescription}, path);
      !s)
    return s.error();

  const derived::Timestamp t = derived::now();
  const std::string uid = newUid();
  derived::putSopCommon(out, kSecondaryCaptureUid, uid, t);
  // General Series: "OT" keeps the capture out of fluoroscopy hanging protocols while Study
  // Instance UID files it with the source (the Modality value is Type 1, any defined term).
  derived::putSeries(out, rq.series, "OT", t);
  copyAnatomy(src, out);
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
  if (!out.copy(src, DCM_PatientOrientation)) out.str(DCM_PatientOrientation, "");  // Type 2C
  if (!rq.derivationDescription.empty())
    out.str(DCM_DerivationDescription, rq.derivationDescription);
  // Lossy compression of the source carries over to everything derived from it (C.7.6.1.1.5).
  out.copy(src, DCM_LossyImageCompression);
  out.copy(src, DCM_LossyImageCompressionRatio);
  out.copy(src, DCM_LossyImageCompressionMethod);
  // Source Image Sequence: the exact frame this capture shows (C.7.6.1.1.4); the purpose of
  // reference (121320, DCM, "Uncompressed predecessor") is what CID 7202 offers for a rendering.
  ItemBuilder ref = out.add(DCM_SourceImageSequence);
  derived::putImageReference(ref, rq.source);
  ref.code(DCM_PurposeOfReferenceCodeSequence, "121320", "DCM", "Uncompressed predecessor");

  // SC Image Module (PS3.3 C.8.6.2).
  out.str(DCM_DateOfSecondaryCapture, t.date).str(DCM_TimeOfSecondaryCapture, t.time);
  putCalibration(src, rq.source.instance, out);

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
  return derived::saveNew(file, path, kSecondaryCaptureUid, uid);
}

}  // namespace

Result<WrittenObject> writeSecondaryCapture(const SecondaryCaptureRequest& request) {
  auto path = derived::targetPath(request.folder, request.fileName);
  if (!path) return path.error();
  return bridge::guarded<Result<WrittenObject>>("cannot write the Secondary Capture", *path,
                                                [&] { return writeUnguarded(request, *path); });
}

}  // namespace fv::dicom
