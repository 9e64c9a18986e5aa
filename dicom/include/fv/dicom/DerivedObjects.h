// DICOM objects FluoroView derives from a source frame, in the source's own study:
// Secondary Capture (annotated frame), Grayscale Softcopy Presentation State (editable
// annotations), Key Object Selection (flagged frames) — written and read back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/Display.h"
#include "fv/dicom/InstanceInfo.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// SOP Class UIDs of the derived objects (PS3.4 B.5).
inline constexpr const char* kSecondaryCaptureUid = "1.2.840.10008.5.1.4.1.1.7";
inline constexpr const char* kGrayscalePresentationStateUid = "1.2.840.10008.5.1.4.1.1.11.1";
inline constexpr const char* kColorPresentationStateUid = "1.2.840.10008.5.1.4.1.1.11.2";
inline constexpr const char* kKeyObjectSelectionUid = "1.2.840.10008.5.1.4.1.1.88.59";

/// A point in image pixel coordinates: column x, row y, pixel centres at integers (0-based).
/// (DICOM graphic annotations use 1-based pixel edges; the writers convert, PS3.3 C.10.5.1.2.)
struct ImagePoint {
  double x = 0, y = 0;
};

/// The frame an object is derived from: its header (as indexed) and the 0-based frame number.
struct SourceFrame {
  InstanceInfo instance;
  uint32_t frame = 0;
};

/// The new series all derived objects of one save go into (same study as the source).
struct DerivedSeries {
  std::string seriesInstanceUid;  ///< fresh UID (see newUid())
  int seriesNumber = 900;
  std::string description = "Needle confirmation";
  std::string operatorName;  ///< Operators' Name (0008,1070), PN; empty = not written
};

/// What a writer could not copy from the source as it was, what it did instead and why (see
/// docs/dicom-outputs.md): never the source's value itself, which may be patient data.
struct OutputNote {
  std::string attribute;  ///< e.g. "PatientSex (0010,0040)"
  std::string action;     ///< e.g. "written empty", "left out"
  std::string reason;     ///< e.g. "is not one of its enumerated values M, F, O (PS3.3 C.7.1.1)"
  /// One sentence: "PatientSex (0010,0040) written empty: is not one of ...".
  std::string text() const { return attribute + " " + action + ": " + reason; }
  bool operator==(const OutputNote&) const = default;
};

/// What a writer wrote.
struct WrittenObject {
  std::string path;
  std::string sopClassUid;
  std::string sopInstanceUid;
  std::vector<OutputNote> notes;  ///< what of the source was emptied or left out, and why
};

/// True for the presentation states we write and read back as annotations: Grayscale and Color
/// Softcopy Presentation State (PS3.4 B.5).
inline bool isAnnotationPresentationState(const std::string& sopClassUid) {
  return sopClassUid == kGrayscalePresentationStateUid || sopClassUid == kColorPresentationStateUid;
}

/// A fresh UID "2.25.<128-bit random>" (PS3.5 B.2).
std::string newUid();

/// Secondary Capture of one annotated frame (PS3.3 A.8.1): RGB 8-bit, planar configuration 0, at
/// the source frame's pixel grid; Patient and General Study modules copied from the source file
/// (same Study Instance UID), new series, SC Equipment (Conversion Type WSD), Image Type
/// DERIVED\SECONDARY, Derivation Description, Burned In Annotation YES, Source Image Sequence
/// with the source SOP Class/Instance, Referenced Frame Number (frame+1) and purpose of
/// reference (121320, DCM); Pixel Spacing / Imager Pixel Spacing / Body Part / Laterality
/// carried over (the SC IOD has no Imager Pixel Spacing: a magnification-corrected projection
/// calibration becomes Pixel Spacing with Calibration Type GEOMETRY, see docs/dicom-outputs.md).
/// Written atomically into `folder` (never overwriting).
struct SecondaryCaptureRequest {
  SourceFrame source;
  Image8 rgb;  ///< 3 channels, source rows × columns
  DerivedSeries series;
  int instanceNumber = 1;
  std::string derivationDescription;  ///< e.g. "Needle position confirmation, frame 17, annotations
                                      ///< burned in"
  std::string folder;
  std::string fileName;  ///< e.g. "SC_frame017.dcm" (must not exist yet)
};
Result<WrittenObject> writeSecondaryCapture(const SecondaryCaptureRequest& request);

/// One graphic of a presentation state (PS3.3 C.10.5.1.2 Graphic Object Sequence).
struct GraphicShape {
  enum class Type { Point, Polyline, Interpolated, Circle, Ellipse };
  Type type = Type::Polyline;
  std::vector<ImagePoint> points;  ///< Circle: centre, then a point on the circle
                                   ///< (Point: 1; Ellipse: major-axis ends, then minor-axis ends)
  bool filled = false;
  std::string layer = "ANNOTATIONS";
};

/// One text of a presentation state (PS3.3 C.10.5.1.1 Text Object Sequence), anchored in the image.
struct GraphicText {
  std::string text;
  ImagePoint anchor;
  bool anchorVisible = true;
  std::string layer = "ANNOTATIONS";
};

/// The content of a Grayscale Softcopy Presentation State for one source frame.
struct PresentationContent {
  std::vector<GraphicShape> shapes;
  std::vector<GraphicText> texts;
  std::optional<Window> window;  ///< Softcopy VOI LUT (window in modality units)
  std::string label = "NEEDLE";  ///< Content Label (0070,0080), CS
  std::string description;       ///< Content Description (0070,0081)
  std::string creator;           ///< Content Creator's Name (0070,0084), PN (Type 2)
};

/// GSPS referencing exactly one frame of the source (Referenced Series/Image Sequence with
/// Referenced Frame Number; annotations applicable to that frame), displayed area = the whole
/// image, window/level as displayed. Written atomically into `folder`.
struct PresentationStateRequest {
  SourceFrame source;
  PresentationContent content;
  DerivedSeries series;
  int instanceNumber = 1;
  std::string folder;
  std::string fileName;
};
Result<WrittenObject> writePresentationState(const PresentationStateRequest& request);

/// A presentation state read back: what it references and its content.
struct PresentationStateInfo {
  std::string path;
  std::string sopInstanceUid;
  std::string referencedSopInstanceUid;    ///< the image
  std::vector<uint32_t> referencedFrames;  ///< 1-based, as in DICOM; empty = all frames
  PresentationContent content;
};
Result<PresentationStateInfo> readPresentationState(const std::string& path);

/// A coded concept (code value, coding scheme designator, code meaning; PS3.3 8.8).
struct CodedConcept {
  std::string value, scheme, meaning;
};
/// CID 7010 document titles: (113000, DCM, "Of Interest") and the IHE TCE manifest title
/// (TCE001, IHERADTF, "For Teaching File Export").
inline const CodedConcept kTitleOfInterest{"113000", "DCM", "Of Interest"};
inline const CodedConcept kTitleForTeachingFileExport{"TCE001", "IHERADTF",
                                                      "For Teaching File Export"};

/// CID 7011 rejection title used to retract a saved confirmation (IHE IOCM: a PACS hides or
/// deletes the instances such a KOS references, see docs/dicom-outputs.md).
inline const CodedConcept kTitleRejectedForQualityReasons{"113001", "DCM",
                                                          "Rejected for Quality Reasons"};
/// True for a CID 7011 Key Object Selection title code (113001, 113037, 113038, 113039).
inline bool isRejectionTitle(const std::string& code) {
  return code == "113001" || code == "113037" || code == "113038" || code == "113039";
}

/// Key Object Selection Document (PS3.3 A.35.4) flagging frames: a CID 7010 title, a Key
/// Object Description text, one IMAGE item per source frame (with Referenced Frame Number) plus
/// the derived objects given, Current Requested Procedure Evidence Sequence.
struct KeyObjectRequest {
  std::vector<SourceFrame> frames;
  std::vector<WrittenObject> alsoReference;  ///< e.g. the SCs and GSPSs of the same save
  std::string description = "Needle position confirmed";
  CodedConcept title = kTitleOfInterest;  ///< Concept Name of the root (CID 7010)
  std::string observer;  ///< Person Observer Name (TID 1002), PN; empty = no observer context
  DerivedSeries series;
  int instanceNumber = 1;
  std::string folder;
  std::string fileName;
};
Result<WrittenObject> writeKeyObjectSelection(const KeyObjectRequest& request);

// A referenced frame read from a KOS or GSPS (SOP Instance UID + 1-based frame, 0 = whole image)
// is a FrameReference, defined in InstanceInfo.h (the index fills InstanceInfo::references too).
/// The image references of a Key Object Selection Document.
Result<std::vector<FrameReference>> readKeyObjectSelection(const std::string& path);
/// Every SOP Instance UID of a KOS's Current Requested Procedure Evidence Sequence (PS3.3
/// C.17.2.3): all it references, images or not.
Result<std::vector<std::string>> readKeyObjectEvidence(const std::string& path);

}  // namespace fv::dicom
