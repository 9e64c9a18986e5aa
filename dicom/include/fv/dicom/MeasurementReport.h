// DICOM objects that carry a procedure's documentation into the patient record: a Comprehensive
// SR following TID 1500 Measurement Report and an Encapsulated PDF — written and read back. The
// report functions load libfv_dicom_sr.so on first use (Unsupported when it is missing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/DerivedObjects.h"

namespace fv::dicom {

/// SOP Class UIDs (PS3.4 B.5): Comprehensive SR and Encapsulated PDF Storage.
inline constexpr const char* kComprehensiveSrUid = "1.2.840.10008.5.1.4.1.1.88.33";
inline constexpr const char* kEncapsulatedPdfUid = "1.2.840.10008.5.1.4.1.1.104.1";

/// Codes the measurement report uses (PS3.16; see docs/dicom-outputs.md for the choice).
inline const CodedConcept kConceptDistance{"121206", "DCM", "Distance"};
inline const CodedConcept kConceptAngle{"1483009", "SCT", "Angle"};
inline const CodedConcept kConceptFinding{"121071", "DCM", "Finding"};
inline const CodedConcept kConceptCalibrationMethod{"122422", "DCM", "Calibration Method"};
inline const CodedConcept kUnitMillimetre{"mm", "UCUM", "millimeter"};
inline const CodedConcept kUnitPixel{"{pixels}", "UCUM", "pixels"};
inline const CodedConcept kUnitDegree{"deg", "UCUM", "degree"};
/// Procedure Reported (TID 1500 row 4): Imaging guidance (413815006, SCT).
inline const CodedConcept kProcedureImagingGuidance{"413815006", "SCT", "Imaging guidance"};

/// One numeric measurement (TID 300): its name, value as printed (DS), unit (UCUM) and the image
/// coordinates it was made between, on the group's frame (SCOORD POLYLINE, INFERRED FROM).
struct ReportMeasurement {
  CodedConcept name;
  std::string value;  ///< decimal string, e.g. "23.4"
  CodedConcept unit;
  std::vector<ImagePoint> points;  ///< e.g. needle tip, then target; empty = none
};

/// One measurement group (TID 1501) for one confirmed frame.
struct ReportGroup {
  SourceFrame source;  ///< the frame measured on (Referenced Frame Number)
  std::optional<WrittenObject> presentationState;  ///< shown with the frame (GSPS)
  std::optional<WrittenObject> derivedImage;       ///< e.g. the burned-in Secondary Capture
  std::string trackingId;                          ///< e.g. "Needle confirmation frame 17"
  std::vector<ReportMeasurement> measurements;
  std::string calibrationMethod;  ///< qualitative evaluation (122422, DCM); empty = none
};

/// A TID 1500 Imaging Measurement Report in the source's study, in a new series.
struct MeasurementReportRequest {
  std::vector<ReportGroup> groups;  ///< ≥ 1, all of one patient
  std::string observer;  ///< Person Observer Name (TID 1002), PN; empty = FluoroView as device
  CodedConcept procedure = kProcedureImagingGuidance;
  std::vector<WrittenObject> predecessors;  ///< earlier versions (Predecessor Documents Sequence)
  DerivedSeries series;
  int instanceNumber = 1;
  std::string folder;
  std::string fileName;
};
/// Writes the report (Comprehensive SR, built and checked with DCMTK's TID 1500 classes):
/// Patient/Study from the first group's source, completion COMPLETE, verification UNVERIFIED,
/// Current Requested Procedure Evidence naming every referenced instance. Atomically, never
/// overwriting.
Result<WrittenObject> writeMeasurementReport(const MeasurementReportRequest& request);

/// A measurement read back from a report.
struct ReportedMeasurement {
  std::string name;  ///< code meaning, e.g. "Distance"
  double value = 0;
  std::string unit;      ///< UCUM code, e.g. "mm"
  FrameReference image;  ///< the measured frame (1-based frame, 0 = whole image)
};
/// What a measurement report holds, as far as FluoroView shows it.
struct MeasurementReportInfo {
  std::string path, sopInstanceUid;
  std::string observer;
  std::vector<ReportedMeasurement> measurements;
  std::vector<std::string> calibrationMethods;
  std::vector<std::string> predecessorSopInstanceUids;
};
/// Reads a Comprehensive/Enhanced SR written by writeMeasurementReport (or any TID 1500 report).
Result<MeasurementReportInfo> readMeasurementReport(const std::string& path);

/// An Encapsulated PDF (PS3.3 A.45.1) in the study of `source`, new series, Modality DOC.
struct EncapsulatedPdfRequest {
  SourceFrame source;                  ///< the study and patient the document belongs to
  std::string pdf;                     ///< the document's bytes (starts with "%PDF-")
  std::string title;                   ///< Document Title (0042,0010), ST
  CodedConcept name;                   ///< Concept Name Code Sequence (Type 2); empty value = none
  std::vector<WrittenObject> sources;  ///< objects the document was made from (Source Instance)
  DerivedSeries series;
  int instanceNumber = 1;
  std::string folder;
  std::string fileName;
};
/// Writes the Encapsulated PDF atomically, never overwriting.
Result<WrittenObject> writeEncapsulatedPdf(const EncapsulatedPdfRequest& request);

/// The document inside an Encapsulated PDF file (trailing padding removed).
Result<std::string> readEncapsulatedPdf(const std::string& path);

}  // namespace fv::dicom
