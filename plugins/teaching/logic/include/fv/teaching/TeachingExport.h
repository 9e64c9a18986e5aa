// One action, one bundle: File → Export teaching file… and `fluoroview-cli export-teaching`.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fv/dicom/Deidentify.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Result.h"
#include "fv/teaching/CaseText.h"

namespace fv::teaching {

/// Everything the export needs, as plain data (built on the GUI thread, run on a worker).
struct TeachingRequest {
  std::vector<std::string>
      inputs;       ///< files, folders, DICOMDIRs: sources and earlier confirmations
  std::string out;  ///< a new folder (an existing non-empty one is refused)
  fv::dicom::DeidentifyOptions deidentify;
  CaseText text;
  bool dicomOnly = false;  ///< only the de-identified DICOM and the DICOMDIR
  bool mp4 = true;         ///< each cine as MP4 (H.264)
  bool gif = true;         ///< each cine as animated GIF
  /// Find burned-in text with Tesseract (first frame of each series) and black it out on every
  /// frame of that series, besides `deidentify.redactions`.
  bool ocr = false;
  /// The window each series was displayed with (source Series Instance UID → window, modality
  /// units): its cine is encoded at that window. Others: a key frame's presentation state, else
  /// the file's window.
  std::map<std::string, fv::dicom::Window> displayedWindows;
  unsigned threads = 0;  ///< de-identification workers; 0 = hardware concurrency
  /// Called with (steps done, steps total) from the exporting thread; may be empty.
  std::function<void(size_t, size_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  ///< set to true to stop; nothing is left behind
};

/// One file of the finished bundle.
struct BundleFile {
  std::string path;  ///< final path inside TeachingRequest::out
  /// "image", "presentation-state", "key-object", "structured-report", "other" (de-identified
  /// DICOM), "dicomdir", "tce-manifest", "key-frame" (PNG), "video-mp4", "video-gif",
  /// "case-page" (HTML).
  std::string kind;
};

/// A region OCR found text in and that was blanked.
struct TextRegion {
  std::string series;  ///< the bundle's series folder, e.g. "DICOM/ST000001/SE000002"
  fv::dicom::Redaction box;
};

/// What an export wrote.
struct TeachingResult {
  std::vector<BundleFile> written;
  std::vector<std::string> profile;     ///< De-identification Method (0012,0063) values applied
  int redactedFrames = 0;               ///< frames whose pixels were blanked, over all files
  std::vector<TextRegion> textRegions;  ///< what OCR found (never the text itself)
  std::vector<std::string> warnings;    ///< what was skipped and why (unreadable inputs, ...)
};

/// Builds the bundle under a hidden temporary folder beside `out` and renames it into place when
/// complete: de-identified DICOM (DICOM/STnnnnnn/SEnnnnnn/IMnnnnnn) with a DICOMDIR, and unless
/// dicomOnly the key frames as PNG (annotations burned in), each cine as MP4 and GIF, the IHE
/// TCE manifest (a KOS titled
/// "For Teaching File Export", in the bundle and its DICOMDIR) and case.html. Every image
/// derived from the DICOM is made from the de-identified files, never from the sources. A
/// failure or cancel leaves nothing; the error names the file and the reason.
fv::dicom::Result<TeachingResult> exportTeachingFile(const TeachingRequest& request);

}  // namespace fv::teaching
