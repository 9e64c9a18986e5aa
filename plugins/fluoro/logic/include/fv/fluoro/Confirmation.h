// "Save confirmation": for each confirmed frame a burned-in Secondary Capture and a
// Grayscale (or, for a colour source, Color) Softcopy Presentation State; for all of them one
// TID 1500 measurement report (SR), the readable report (procedure.pdf, also as an Encapsulated
// PDF), one Key Object Selection, and the procedure record (procedure.json + procedure.html) —
// in one action, atomically. Saving frames that were saved before writes an amendment.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/Calibration.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/InstanceInfo.h"
#include "fv/dicom/Result.h"
#include "fv/fluoro/Annotation.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Measurements.h"
#include "fv/fluoro/ReportFigure.h"

namespace fv::fluoro {

/// One confirmed frame with what the physician drew on it and how it was displayed.
struct ConfirmedFrame {
  fv::dicom::InstanceInfo source;  ///< the fluoroscopy file (header as indexed)
  uint32_t frame = 0;              ///< 0-based frame within `source`
  std::vector<Annotation> annotations;
  std::optional<fv::dicom::Window> window;            ///< as displayed; empty = the file's default
  bool inverted = false;                              ///< shown inverted
  std::optional<fv::dicom::Calibration> calibration;  ///< e.g. a user calibration; empty = header's
  std::string markedAt;  ///< when the frame was confirmed (ISO 8601, UTC); empty = not recorded

  /// The calibration measurements use: `calibration`, else the source header's.
  fv::dicom::Calibration effectiveCalibration() const {
    return calibration ? *calibration : source.calibration;
  }
};

/// A save request.
struct ConfirmationRequest {
  std::vector<ConfirmedFrame> frames;  ///< in the order they were confirmed (≥ 1)
  std::string folder;                  ///< output folder (must exist and be writable)
  bool burnPatientDetails = false;     ///< name and ID in the SC pixels (off by default)
  std::string keyObjectText = "Needle position confirmed";
  /// Who confirmed (PN "Family^Given"): Operators' Name of every object, Content Creator's Name
  /// of the GSPS, the person observer of SR and KOS. Empty: the SR's observer is the device.
  std::string operatorName;
};

/// What one confirmed frame produced.
struct ConfirmedOutput {
  uint32_t frame = 0;           ///< 0-based
  std::optional<double> timeS;  ///< time of the frame from the start of the run
  FrameMeasurements measurements;
  fv::dicom::WrittenObject secondaryCapture;
  fv::dicom::WrittenObject presentationState;
  fv::dicom::Image8 preview;  ///< the SC image scaled to at most 384 pixels (RGB)
  ReportFigure figure;        ///< the SC image as the reports show it (JPEG, ≤ 768 pixels)
};

/// What a save wrote.
struct ConfirmationResult {
  std::vector<ConfirmedOutput> frames;
  fv::dicom::WrittenObject measurementReport;  ///< TID 1500 Comprehensive SR
  fv::dicom::WrittenObject encapsulatedPdf;    ///< procedure.pdf wrapped as DICOM
  fv::dicom::WrittenObject keyObjectSelection;
  std::string recordJsonPath, recordHtmlPath, pdfPath;
  std::string savedAt;  ///< ISO 8601, UTC
  /// 1 for a first save; n + 1 when earlier reports in the folder measured the same frames.
  int generation = 1;
  std::vector<fv::dicom::WrittenObject> predecessors;  ///< the reports this one amends
  /// Every DICOM object written, in order (SCs and GSPSs per frame, SR, PDF, then the KOS).
  std::vector<fv::dicom::WrittenObject> written() const;
};

/// Writes all outputs into request.folder. File names are SC_frameNNN.dcm, PR_frameNNN.dcm,
/// SR.dcm, DOC.dcm, KO.dcm, procedure.pdf, procedure.json, procedure.html (NNN = 1-based
/// frame); when any exists already, all names of this save get the same suffix "-2", "-3", ...
/// Earlier reports in the folder (SR*.dcm) that measured one of the frames become the SR's
/// predecessors (an amendment). Nothing is overwritten, the sources are only read (one frame
/// each), and on any failure the files of this save are removed again and the error names the
/// file and reason.
fv::dicom::Result<ConfirmationResult> saveConfirmation(const ConfirmationRequest& request);

/// The frame at its window with `annotations` and their measurement texts burned in, plus
/// `burn`'s header lines: the one renderer behind Secondary Captures, previews and exported
/// key frames.
fv::dicom::Result<fv::dicom::Image8> renderAnnotatedFrame(const ConfirmedFrame& frame,
                                                          const BurnInOptions& burn);

/// The header line (0-based) of a confirmation image that holds the patient's name and ID when
/// burnPatientDetails was chosen (see headerLineBand() for where it is).
inline constexpr int kPatientDetailsHeaderLine = 2;

/// The RGB frame a Secondary Capture holds: the frame at `window`, annotations and measurement
/// texts burned in (used by saveConfirmation and by previews).
fv::dicom::Result<fv::dicom::Image8> renderConfirmationImage(const ConfirmedFrame& frame,
                                                             bool burnPatientDetails);

}  // namespace fv::fluoro
