// DcmDataset → InstanceInfo: every header attribute FluoroView uses, read in one place.
#include "HeaderReader.h"

#include <algorithm>
#include <filesystem>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcistrmf.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include "CharsetDecoder.h"
#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "derived/ObjectReferences.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Utf8.h"

namespace fv::dicom {

using bridge::TagReader;

namespace {

std::optional<Vec3> readVec3(const TagReader& r, const DcmTagKey& tag) {
  const auto v = r.reals(tag);
  if (v.size() != 3) return std::nullopt;
  return Vec3{v[0], v[1], v[2]};
}

std::optional<Orientation> readOrientation(const TagReader& r) {
  const auto v = r.reals(DCM_ImageOrientationPatient);
  if (v.size() != 6) return std::nullopt;
  Orientation o{{v[0], v[1], v[2]}, {v[3], v[4], v[5]}};
  // Reject degenerate cosines (zero vectors or parallel row/column), seen in broken files.
  if (o.row.norm() < 0.5 || o.column.norm() < 0.5 || o.row.cross(o.column).norm() < 0.5)
    return std::nullopt;
  o.row = o.row.normalized();
  o.column = o.column.normalized();
  return o;
}

std::optional<std::array<double, 2>> readSpacing(const TagReader& r, const DcmTagKey& tag) {
  const auto v = r.reals(tag);
  if (v.size() < 2 || !(v[0] > 0) || !(v[1] > 0)) return std::nullopt;
  return std::array<double, 2>{v[0], v[1]};
}

// Reads a LUT Descriptor / LUT Data pair (PS3.3 C.11.1.1.1): entries 0 means 65536.
Lut readLut(const TagReader& r, const DcmTagKey& descriptor, const DcmTagKey& data,
            bool signedFirst) {
  Lut lut;
  const auto d = r.reals(descriptor);
  if (d.size() != 3) return lut;
  size_t entries = d[0] == 0 ? 65536 : size_t(std::max(0.0, d[0]));
  int32_t first = int32_t(d[1]);
  if (signedFirst && first > 32767) first -= 65536;  // US-encoded descriptor of signed data
  lut.firstMapped = first;
  lut.bits = uint16_t(d[2]);
  lut.data = r.words(data);
  if (lut.data.size() > entries) lut.data.resize(entries);
  if (lut.data.size() < entries && !lut.data.empty() && lut.bits <= 8 &&
      lut.data.size() * 2 >= entries) {
    // 8-bit LUT data packed two entries per word (PS3.3 C.11.1.1.1 note): unpack.
    std::vector<uint16_t> unpacked;
    unpacked.reserve(entries);
    for (uint16_t w : lut.data) {
      unpacked.push_back(w & 0xFF);
      unpacked.push_back(w >> 8);
    }
    unpacked.resize(entries);
    lut.data = std::move(unpacked);
  }
  if (lut.data.size() != entries) lut.data.clear();
  return lut;
}

Lut readLutItem(const TagReader& r, bool signedFirst) {
  if (!r.item()) return {};
  Lut lut = readLut(r, DCM_LUTDescriptor, DCM_LUTData, signedFirst);
  lut.explanation = r.str(DCM_LUTExplanation);
  return lut;
}

VoiFunction readVoiFunction(const TagReader& r) {
  const std::string f = r.str(DCM_VOILUTFunction);
  if (f == "LINEAR_EXACT") return VoiFunction::LinearExact;
  if (f == "SIGMOID") return VoiFunction::Sigmoid;
  return VoiFunction::Linear;
}

std::vector<WindowPreset> readWindows(const TagReader& r) {
  std::vector<WindowPreset> out;
  const auto c = r.reals(DCM_WindowCenter);
  const auto w = r.reals(DCM_WindowWidth);
  const auto ex = r.strings(DCM_WindowCenterWidthExplanation);
  const VoiFunction fn = readVoiFunction(r);
  for (size_t i = 0; i < std::min(c.size(), w.size()); ++i) {
    if (!(w[i] >= 1.0) && !(fn == VoiFunction::LinearExact && w[i] > 0))
      continue;  // PS3.3 C.11.2.1.2
    out.push_back({c[i], w[i], i < ex.size() ? ex[i] : std::string(), fn});
  }
  return out;
}

void readPlane(const TagReader& r, FramePlane& plane) {
  if (auto p = readVec3(r, DCM_ImagePositionPatient)) plane.position = p;
  if (auto o = readOrientation(r)) plane.orientation = o;
  if (auto s = readSpacing(r, DCM_PixelSpacing)) plane.pixelSpacing = s;
}

// One functional group macro from a per-frame or shared item (PS3.3 C.7.6.16).
void readFunctionalGroups(DcmItem* groups, FramePlane& plane) {
  if (!groups) return;
  TagReader g(groups);
  if (DcmItem* it = g.item(DCM_PlanePositionSequence)) readPlane(TagReader(it), plane);
  if (DcmItem* it = g.item(DCM_PlaneOrientationSequence)) readPlane(TagReader(it), plane);
  if (DcmItem* it = g.item(DCM_PixelMeasuresSequence)) readPlane(TagReader(it), plane);
}

void readEnhanced(const TagReader& r, InstanceInfo& info) {
  DcmItem* shared = r.item(DCM_SharedFunctionalGroupsSequence);
  const unsigned long perFrameCount = r.items(DCM_PerFrameFunctionalGroupsSequence);
  if (!shared && perFrameCount == 0) return;
  FramePlane base = info.plane;
  readFunctionalGroups(shared, base);
  info.plane = base;
  if (perFrameCount == info.pixels.frames) {
    info.framePlanes.resize(perFrameCount, base);
    bool anyPosition = false;
    for (unsigned long i = 0; i < perFrameCount; ++i) {
      readFunctionalGroups(r.item(DCM_PerFrameFunctionalGroupsSequence, i), info.framePlanes[i]);
      anyPosition |= info.framePlanes[i].position.has_value();
    }
    if (!anyPosition) info.framePlanes.clear();
  }
  // Rescale and window: shared first, else the first frame's (per-frame variation is rare).
  DcmItem* sources[] = {shared, r.item(DCM_PerFrameFunctionalGroupsSequence, 0)};
  for (DcmItem* src : sources) {
    if (!src) continue;
    const TagReader g = r.at(src);
    if (DcmItem* pvt = g.item(DCM_PixelValueTransformationSequence);
        pvt && info.rescale.identity()) {
      const TagReader t = r.at(pvt);
      info.rescale.slope = t.real(DCM_RescaleSlope).value_or(1.0);
      info.rescale.intercept = t.real(DCM_RescaleIntercept).value_or(0.0);
      info.rescale.type = t.str(DCM_RescaleType);
    }
    if (DcmItem* voi = g.item(DCM_FrameVOILUTSequence); voi && info.windows.empty())
      info.windows = readWindows(r.at(voi));
    if (!info.plane.pixelSpacing && !info.framePlanes.empty())
      info.plane.pixelSpacing = info.framePlanes.front().pixelSpacing;
  }
}

void readShutters(const TagReader& r, ShutterSpec& s) {
  for (const std::string& shape : r.strings(DCM_ShutterShape)) {
    if (shape == "RECTANGULAR") {
      auto l = r.integer(DCM_ShutterLeftVerticalEdge), ri = r.integer(DCM_ShutterRightVerticalEdge);
      auto u = r.integer(DCM_ShutterUpperHorizontalEdge),
           lo = r.integer(DCM_ShutterLowerHorizontalEdge);
      if (l && ri && u && lo) {
        s.rectangular = true;
        s.left = int(*l);
        s.right = int(*ri);
        s.upper = int(*u);
        s.lower = int(*lo);
      }
    } else if (shape == "CIRCULAR") {
      auto cr = r.integer(DCM_CenterOfCircularShutter, 0),
           cc = r.integer(DCM_CenterOfCircularShutter, 1);
      auto rad = r.integer(DCM_RadiusOfCircularShutter);
      if (cr && cc && rad && *rad > 0) {
        s.circular = true;
        s.centerRow = int(*cr);
        s.centerColumn = int(*cc);
        s.radius = int(*rad);
      }
    } else if (shape == "POLYGONAL") {
      const auto v = r.reals(DCM_VerticesOfThePolygonalShutter);
      for (size_t i = 0; i + 1 < v.size(); i += 2) s.polygon.emplace_back(int(v[i]), int(v[i + 1]));
      s.polygonal = s.polygon.size() >= 3;
    }
  }
  if (auto v = r.integer(DCM_ShutterPresentationValue)) s.presentationValue = uint16_t(*v);
}

void readOverlays(const TagReader& r, InstanceInfo& info) {
  for (uint16_t g = 0x6000; g <= 0x601E; g += 2) {
    auto rows = r.integer(DcmTagKey(g, 0x0010));
    auto cols = r.integer(DcmTagKey(g, 0x0011));
    if (!rows || !cols || *rows <= 0 || *cols <= 0) continue;
    OverlayPlane p;
    p.group = g;
    p.rows = uint32_t(*rows);
    p.columns = uint32_t(*cols);
    p.originRow = int(r.integer(DcmTagKey(g, 0x0050), 0).value_or(1));
    p.originColumn = int(r.integer(DcmTagKey(g, 0x0050), 1).value_or(1));
    p.type = r.str(DcmTagKey(g, 0x0040));
    p.label = r.str(DcmTagKey(g, 0x1500));
    p.frames = uint32_t(std::max(1L, r.integer(DcmTagKey(g, 0x0015)).value_or(1)));
    p.firstFrame = uint32_t(std::max(1L, r.integer(DcmTagKey(g, 0x0051)).value_or(1)));
    p.data = r.bytes(DcmTagKey(g, 0x3000));
    if (!p.data.empty()) info.overlays.push_back(std::move(p));  // embedded overlays: not supported
  }
}

// Offset/length of native little-endian Pixel Data left on disk by DCMTK's lazy loading.
std::optional<std::pair<uint64_t, uint64_t>> nativePixelLocation(DcmDataset& ds,
                                                                 const std::string& ts) {
  const DcmXfer xfer(ts.c_str());
  if (xfer.isEncapsulated() || xfer.getByteOrder() != EBO_LittleEndian ||
      xfer.getStreamCompression() != ESC_none)
    return std::nullopt;
  DcmElement* e = nullptr;
  if (ds.findAndGetElement(DCM_PixelData, e, OFFalse).bad() || !e) return std::nullopt;
  const DcmInputStreamFactory* f = e->getInputStream();
  if (!f || f->ident() != DFT_DcmInputFileStreamFactory) return std::nullopt;
  const Uint32 length = e->getLengthField();
  if (length == DCM_UndefinedLength) return std::nullopt;
  return std::make_pair(uint64_t(static_cast<const DcmInputFileStreamFactory*>(f)->getOffset()),
                        uint64_t(length));
}

}  // namespace

Result<InstanceInfo> parseInstance(DcmFileFormat& file, const std::string& path) {
  DcmDataset* ds = file.getDataset();
  InstanceInfo info;
  // Text values are decoded to UTF-8 here, once; undecodable bytes become warnings.
  TagReader r(ds, &info.warnings);
  info.path = path;
  std::error_code ec;
  info.fileSize = std::filesystem::file_size(path, ec);
  info.transferSyntaxUid = transferSyntaxOf(file);
  if (!isPlainAscii(info.transferSyntaxUid)) {  // a UID is 7-bit (PS3.5 9.1): keep messages UTF-8
    std::string uid;
    for (char c : info.transferSyntaxUid) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        appendUtf8(uid, kReplacementCharacter);
        continue;
      }
      uid += c;
    }
    info.transferSyntaxUid = std::move(uid);
    info.warnings.push_back(
        "Transfer Syntax UID (0002,0010): bytes outside the default character repertoire of its VR "
        "replaced by U+FFFD");
  }
  info.sopClassUid = r.str(DCM_SOPClassUID);
  info.sopInstanceUid = r.str(DCM_SOPInstanceUID);
  if (info.sopClassUid.empty() && file.getMetaInfo())
    info.sopClassUid =
        TagReader(file.getMetaInfo(), &info.warnings).str(DCM_MediaStorageSOPClassUID);
  if (info.sopInstanceUid.empty() && file.getMetaInfo())
    info.sopInstanceUid =
        TagReader(file.getMetaInfo(), &info.warnings).str(DCM_MediaStorageSOPInstanceUID);

  info.patient = {r.str(DCM_PatientID), r.all(DCM_PatientName), r.str(DCM_PatientBirthDate),
                  r.str(DCM_PatientSex)};
  info.study = {r.str(DCM_StudyInstanceUID), r.str(DCM_StudyDate),       r.str(DCM_StudyTime),
                r.str(DCM_StudyDescription), r.str(DCM_AccessionNumber), r.str(DCM_StudyID)};
  info.series.instanceUid = r.str(DCM_SeriesInstanceUID);
  info.series.modality = r.str(DCM_Modality);
  info.series.description = r.str(DCM_SeriesDescription);
  info.series.date = r.str(DCM_SeriesDate);
  info.series.time = r.str(DCM_SeriesTime);
  if (auto n = r.integer(DCM_SeriesNumber)) info.series.number = int(*n);
  info.series.bodyPart = r.str(DCM_BodyPartExamined);
  info.series.laterality = r.str(DCM_Laterality);
  if (info.series.laterality.empty()) info.series.laterality = r.str(DCM_ImageLaterality);
  if (auto n = r.integer(DCM_InstanceNumber)) info.instanceNumber = int(*n);
  if (auto n = r.integer(DCM_AcquisitionNumber)) info.acquisitionNumber = int(*n);
  info.frameOfReferenceUid = r.str(DCM_FrameOfReferenceUID);
  info.imageType = r.strings(DCM_ImageType);
  info.manufacturer = r.str(DCM_Manufacturer);
  info.burnedInAnnotation = r.str(DCM_BurnedInAnnotation);
  info.acquisitionDateTime = r.str(DCM_AcquisitionDateTime);
  if (info.acquisitionDateTime.empty()) {
    const std::string d = r.str(DCM_AcquisitionDate), t = r.str(DCM_AcquisitionTime);
    if (!d.empty() || !t.empty())
      info.acquisitionDateTime = d + t;
    else if (!r.str(DCM_ContentTime).empty())
      info.acquisitionDateTime = r.str(DCM_ContentDate) + r.str(DCM_ContentTime);
  }

  // Image Pixel Module (PS3.3 C.7.6.3). Objects without Pixel Data (SR, KOS, PR) are indexed
  // too, with zero frames; an image that lacks its Type 1 attributes is an error.
  info.hasPixelData = r.has(DCM_PixelData);
  if (info.hasPixelData) info.nativePixelData = nativePixelLocation(*ds, info.transferSyntaxUid);
  PixelDescription& px = info.pixels;
  const auto rows = r.integer(DCM_Rows), cols = r.integer(DCM_Columns);
  const auto bitsAllocated = r.integer(DCM_BitsAllocated);
  if (info.hasPixelData) {
    if (!rows || *rows <= 0)
      return makeError(ErrorCode::Malformed, "Rows (0028,0010) is missing or zero", path);
    if (!cols || *cols <= 0)
      return makeError(ErrorCode::Malformed, "Columns (0028,0011) is missing or zero", path);
    if (!bitsAllocated)
      return makeError(ErrorCode::Malformed, "Bits Allocated (0028,0100) is missing", path);
  }
  px.rows = uint32_t(std::max(0L, rows.value_or(0)));
  px.columns = uint32_t(std::max(0L, cols.value_or(0)));
  px.samplesPerPixel = uint16_t(std::clamp(r.integer(DCM_SamplesPerPixel).value_or(1), 1L, 4L));
  px.bitsAllocated = uint16_t(std::clamp(bitsAllocated.value_or(0), 0L, 64L));
  px.bitsStored =
      uint16_t(std::clamp(r.integer(DCM_BitsStored).value_or(px.bitsAllocated), 0L, 64L));
  px.highBit = uint16_t(std::clamp(r.integer(DCM_HighBit).value_or(px.bitsStored - 1L), 0L, 63L));
  px.isSigned = r.integer(DCM_PixelRepresentation).value_or(0) == 1;
  // Pixel Representation is Type 1 (PS3.3 C.7.6.3); without it the samples are read as unsigned.
  if (info.hasPixelData && !r.integer(DCM_PixelRepresentation))
    info.warnings.push_back(
        "Pixel Representation (0028,0103) is missing: samples are read as unsigned");
  px.planarConfiguration = uint16_t(r.integer(DCM_PlanarConfiguration).value_or(0) == 1 ? 1 : 0);
  const std::string photometric = r.str(DCM_PhotometricInterpretation);
  px.photometric = photometric.empty()
                       ? (px.samplesPerPixel == 3 ? Photometric::Rgb : Photometric::Monochrome2)
                       : parsePhotometric(photometric);
  const long frames = r.integer(DCM_NumberOfFrames).value_or(1);
  px.frames = uint32_t(frames >= 1 ? frames : 1);
  if (!info.hasPixelData) px.frames = 0;

  info.rescale.slope = r.real(DCM_RescaleSlope).value_or(1.0);
  if (info.rescale.slope == 0) info.rescale.slope = 1.0;
  info.rescale.intercept = r.real(DCM_RescaleIntercept).value_or(0.0);
  info.rescale.type = r.str(DCM_RescaleType);
  info.modalityLut = readLutItem(r.at(r.item(DCM_ModalityLUTSequence)), px.isSigned);
  info.windows = readWindows(r);
  info.voiLut = readLutItem(r.at(r.item(DCM_VOILUTSequence)), px.isSigned);
  if (px.photometric == Photometric::PaletteColor) {
    info.palette.red = readLut(r, DCM_RedPaletteColorLookupTableDescriptor,
                               DCM_RedPaletteColorLookupTableData, false);
    info.palette.green = readLut(r, DCM_GreenPaletteColorLookupTableDescriptor,
                                 DCM_GreenPaletteColorLookupTableData, false);
    info.palette.blue = readLut(r, DCM_BluePaletteColorLookupTableDescriptor,
                                DCM_BluePaletteColorLookupTableData, false);
  }

  readPlane(r, info.plane);
  readEnhanced(r, info);
  info.sliceThickness = r.real(DCM_SliceThickness);
  info.gantryTilt = r.real(DCM_GantryDetectorTilt);

  CalibrationInputs& ci = info.calibrationInputs;
  if (info.plane.pixelSpacing) {
    ci.pixelSpacingRow = (*info.plane.pixelSpacing)[0];
    ci.pixelSpacingColumn = (*info.plane.pixelSpacing)[1];
  }
  if (auto s = readSpacing(r, DCM_ImagerPixelSpacing)) {
    ci.imagerSpacingRow = (*s)[0];
    ci.imagerSpacingColumn = (*s)[1];
  }
  ci.magnificationFactor = r.real(DCM_EstimatedRadiographicMagnificationFactor);
  ci.distanceSourceToDetector = r.real(DCM_DistanceSourceToDetector);
  ci.distanceSourceToPatient = r.real(DCM_DistanceSourceToPatient);
  ci.projection = isProjectionModality(info.series.modality) ||
                  (ci.imagerSpacingRow.has_value() && !info.plane.orientation);
  info.calibration = deriveCalibration(ci);

  CineTiming& cine = info.cine;
  cine.frameTimeMs = r.real(DCM_FrameTime);
  cine.frameTimeVectorMs = r.reals(DCM_FrameTimeVector);
  cine.cineRate = r.real(DCM_CineRate);
  cine.recommendedFps = r.real(DCM_RecommendedDisplayFrameRate);
  cine.frameIncrementPointer = r.tags(DCM_FrameIncrementPointer);

  auto primary = r.real(DCM_PositionerPrimaryAngle),
       secondary = r.real(DCM_PositionerSecondaryAngle);
  if (primary || secondary)
    info.positioner = PositionerAngles{primary.value_or(0), secondary.value_or(0)};

  readShutters(r, info.shutter);
  readOverlays(r, info);

  ExposureInfo& x = info.exposure;
  x.kvp = r.real(DCM_KVP);
  x.tubeCurrentMa = r.real(DCM_XRayTubeCurrent);
  x.exposureTimeMs = r.real(DCM_ExposureTime);
  x.fluoroscopyTimeS = r.real(DcmTagKey(0x0040, 0x0300));  // Total Time of Fluoroscopy
  x.doseAreaProduct = r.real(DCM_ImageAndFluoroscopyAreaDoseProduct);

  // Presentation states and key object selections: which images (frames) they are about.
  info.references = readObjectReferences(*ds, info.sopClassUid);
  if (info.sopClassUid == "1.2.840.10008.5.1.4.1.1.88.59")  // Key Object Selection
    if (DcmItem* title = r.item(DCM_ConceptNameCodeSequence, 0))
      info.documentTitle = bridge::TagReader(title).str(DCM_CodeValue);
  return info;
}

Result<InstanceInfo> readInstanceHeader(const std::string& path) {
  std::string truncation;
  auto file = loadDataset(path, &truncation);
  if (!file) return file.error();
  auto info = parseInstance(**file, path);
  if (info && !truncation.empty()) info->warnings.push_back(truncation);
  return info;
}

}  // namespace fv::dicom
