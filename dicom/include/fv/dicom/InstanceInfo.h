// Everything FluoroView reads from one DICOM file's header (pixel data is not read).
// Every string is well-formed UTF-8: text values are decoded per Specific Character Set
// (0008,0005) when indexed, undecodable bytes are U+FFFD (and a warning; docs/character-sets.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fv/dicom/Calibration.h"
#include "fv/dicom/CineTiming.h"
#include "fv/dicom/Geometry.h"
#include "fv/dicom/Lut.h"
#include "fv/dicom/Overlay.h"
#include "fv/dicom/PixelDescription.h"
#include "fv/dicom/Positioner.h"
#include "fv/dicom/Shutter.h"

namespace fv::dicom {

/// Patient Module identity (PS3.3 C.7.1.1).
struct PatientKey {
  std::string id;         ///< Patient ID (0010,0020)
  std::string name;       ///< Patient's Name (0010,0010), PN "Family^Given=ideogr.=phonetic"
  std::string birthDate;  ///< (0010,0030)
  std::string sex;        ///< (0010,0040)
};

/// General Study Module attributes (PS3.3 C.7.2.1).
struct StudyKey {
  std::string instanceUid;      ///< Study Instance UID (0020,000D)
  std::string date, time;       ///< (0008,0020)/(0008,0030)
  std::string description;      ///< (0008,1030)
  std::string accessionNumber;  ///< (0008,0050)
  std::string id;               ///< Study ID (0020,0010)
};

/// General Series Module attributes (PS3.3 C.7.3.1).
struct SeriesKey {
  std::string instanceUid;    ///< Series Instance UID (0020,000E)
  std::string modality;       ///< (0008,0060)
  std::string description;    ///< (0008,103E)
  std::string date, time;     ///< (0008,0021)/(0008,0031)
  std::optional<int> number;  ///< Series Number (0020,0011)
  std::string bodyPart;       ///< Body Part Examined (0018,0015)
  std::string laterality;     ///< (0020,0060) or Image Laterality (0020,0062)
};

/// X-ray exposure and dose values for the procedure record (whatever the header has).
struct ExposureInfo {
  std::optional<double> kvp;               ///< KVP (0018,0060)
  std::optional<double> tubeCurrentMa;     ///< X-Ray Tube Current (0018,1151)
  std::optional<double> exposureTimeMs;    ///< Exposure Time (0018,1150)
  std::optional<double> fluoroscopyTimeS;  ///< Total Time of Fluoroscopy (0040,0300) or (0018,9328)
  std::optional<double>
      doseAreaProduct;  ///< Image and Fluoroscopy Area Dose Product (0018,115E), dGy·cm²
};

/// A referenced image: SOP Instance UID + 1-based frame number (0 = the whole image / all frames).
struct FrameReference {
  std::string sopInstanceUid;
  uint32_t frame = 0;
  bool operator==(const FrameReference&) const = default;
};

/// One file's header, as indexed.
struct InstanceInfo {
  std::string path;               ///< file on disk
  std::string sopClassUid;        ///< (0008,0016)
  std::string sopInstanceUid;     ///< (0008,0018)
  std::string transferSyntaxUid;  ///< (0002,0010) or the syntax DCMTK detected
  PatientKey patient;
  StudyKey study;
  SeriesKey series;
  std::optional<int> instanceNumber;     ///< (0020,0013)
  std::optional<int> acquisitionNumber;  ///< (0020,0012)
  std::string frameOfReferenceUid;       ///< (0020,0052)
  std::vector<std::string> imageType;    ///< Image Type (0008,0008) values
  std::string manufacturer;              ///< (0008,0070), "FluoroView" for our own outputs
  std::string burnedInAnnotation;        ///< Burned In Annotation (0028,0301): "YES", "NO" or ""
  std::string acquisitionDateTime;       ///< (0008,002A) or date+time
  std::uintmax_t fileSize = 0;

  bool hasPixelData = false;  ///< Pixel Data (7FE0,0010) present
  /// Byte offset and length of native (uncompressed, little-endian) Pixel Data in the file, when
  /// known from indexing: the decoder then reads it without parsing the header again.
  std::optional<std::pair<uint64_t, uint64_t>> nativePixelData;
  PixelDescription pixels;
  Rescale rescale;                    ///< shared or first frame's Pixel Value Transformation
  Lut modalityLut;                    ///< Modality LUT Sequence (0028,3000), first item
  std::vector<WindowPreset> windows;  ///< all window presets, in file order
  Lut voiLut;                         ///< VOI LUT Sequence (0028,3010), first item
  PaletteLut palette;                 ///< for PALETTE COLOR

  FramePlane plane;                      ///< instance-level geometry
  std::vector<FramePlane> framePlanes;   ///< per frame, for enhanced multi-frame (else empty)
  std::optional<double> sliceThickness;  ///< (0018,0050)
  std::optional<double> gantryTilt;      ///< Gantry/Detector Tilt (0018,1120)
  CalibrationInputs calibrationInputs;
  Calibration calibration;  ///< derived from calibrationInputs
  CineTiming cine;
  std::optional<PositionerAngles> positioner;
  ShutterSpec shutter;
  std::vector<OverlayPlane> overlays;
  ExposureInfo exposure;
  /// Problems that do not stop indexing: truncation, text bytes that could not be decoded
  /// (naming the attribute and the character set, never the value).
  std::vector<std::string> warnings;
  /// Images (and 1-based frames, 0 = all) a presentation state or key object selection refers to.
  std::vector<FrameReference> references;
  /// Key Object Selection: the code value of its title (root Concept Name, PS3.16 CID 7010 /
  /// 7011), e.g. "113000" Of Interest, "113001" Rejected for Quality Reasons; else empty.
  std::string documentTitle;

  bool isMultiFrame() const { return pixels.frames > 1; }
  bool isEnhanced() const { return !framePlanes.empty(); }
  /// Geometry of frame `frame` (0-based): per-frame when enhanced, else the instance's.
  const FramePlane& planeOf(uint32_t frame) const {
    return frame < framePlanes.size() ? framePlanes[frame] : plane;
  }
};

/// True for projection-radiography modalities (XA, RF, CR, DX, MG, RG, PX, IO).
bool isProjectionModality(const std::string& modality);

}  // namespace fv::dicom
