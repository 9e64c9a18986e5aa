// De-identification by the PS3.15 Annex E Basic Application Level Confidentiality Profile and
// its options, for every exporter (teaching files, research). Qt-free; see
// docs/deidentification.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fv/dicom/ConfidentialityProfile.h"
#include "fv/dicom/Result.h"

namespace fv::dicom {

/// A rectangle of pixels to black out (Clean Pixel Data Option, PS3.15 E.3.1): columns x..x+width-1
/// and rows y..y+height-1 of frame `frame` (0-based), or of every frame when frame is -1.
struct Redaction {
  int frame = -1;  ///< 0-based frame, -1 = all frames
  int x = 0, y = 0, width = 0, height = 0;
};

/// A private attribute to keep (Retain Safe Private Option, PS3.15 E.3.10): group, Private
/// Creator (gggg,00xx) value, and the element byte within the creator's block (gggg,xxEE).
struct PrivateTagKey {
  uint16_t group = 0;   ///< odd group
  std::string creator;  ///< Private Creator value, e.g. "SIEMENS CSA HEADER"
  uint8_t element = 0;  ///< low byte of the element, e.g. 0x10 for (0029,xx10)
};

/// Which Table E.1-1 options to apply, and the author's replacement identity.
struct DeidentifyOptions {
  bool retainUids = false;                    ///< E.3.9: keep every UID as it is
  bool retainDeviceIdentity = false;          ///< E.3.8
  bool retainInstitutionIdentity = false;     ///< E.3.12
  bool retainPatientCharacteristics = false;  ///< E.3.7 (sex, age, size, weight, ...)
  bool retainLongitudinalFullDates = false;   ///< E.3.6: dates and times as they are
  bool retainLongitudinalModifiedDates =
      false;                            ///< E.3.6: DA/DT shifted by one offset per patient, TM kept
  bool cleanDescriptors = false;        ///< E.3.5: descriptions kept as dummy text, not removed
  bool cleanStructuredContent = false;  ///< E.3.4: SR content kept with its text cleaned
  bool cleanGraphics = false;           ///< E.3.3: graphics, overlays and curves kept
  bool cleanPixelData = false;          ///< E.3.1: black out `redactions` in native pixel data
  std::vector<Redaction> redactions;    ///< where burned-in text is (needs cleanPixelData)
  std::string patientName = "Teaching^Case";  ///< replaces Patient's Name (0010,0010)
  std::string
      patientId;  ///< replaces Patient ID (0010,0020); "" = CASE-0001, -0002 per source patient
  std::vector<PrivateTagKey> privateKeepList;  ///< private attributes kept (none by default)
  std::optional<int> dateShiftDays;  ///< fixed shift for modified dates; default random per patient
};

/// What an exporter (and its DICOMDIR step) needs to know about one de-identified file.
struct DeidentifiedFile {
  std::string path;  ///< output file
  std::string kind;  ///< "image", "presentation-state", "key-object", "structured-report", "other"
  std::string sopClassUid;            ///< (0008,0016), unchanged
  std::string sopInstanceUid;         ///< new (0008,0018)
  std::string studyInstanceUid;       ///< new (0020,000D)
  std::string seriesInstanceUid;      ///< new (0020,000E)
  std::string modality;               ///< (0008,0060)
  std::string patientId;              ///< replacement Patient ID (0010,0020)
  std::string transferSyntaxUid;      ///< (0002,0010) as written (the source's unless decompressed)
  std::optional<int> instanceNumber;  ///< (0020,0013), for ordering
  int redactedFrames = 0;             ///< frames whose pixels were blacked out
  /// Not written: why the profile leaves this file out (e.g. an Encapsulated PDF, whose text
  /// names the patient and cannot be cleaned, PS3.15 E.3.1); empty = written to `path`.
  std::string leftOut;
};

class StagingFolder;

/// What a FileRequest's redactionsFor() learns of the source before its pixels are touched.
struct SourceFacts {
  std::string sopClassUid;   ///< (0008,0016)
  std::string manufacturer;  ///< (0008,0070)
  uint32_t rows = 0, columns = 0;
};

/// What is special about one file of an export.
struct FileRequest {
  /// Blanked in this file besides DeidentifyOptions::redactions (and cleaning its pixels even
  /// without the export-wide Clean Pixel Data option), e.g. where our own confirmation images
  /// may show the patient's name.
  std::vector<Redaction> redactions;
  /// More rectangles decided from the source's header (read once, here), e.g. where our own
  /// confirmation images may show the patient's name; may be empty.
  std::function<std::vector<Redaction>(const SourceFacts&)> redactionsFor;
  /// When set, `out` is a path inside this folder, written without its own fsync (the folder
  /// syncs everything once when published); otherwise `out` is written atomically on its own.
  StagingFolder* staging = nullptr;
};

/// De-identifies the files of one export consistently: the same source UID gets the same new UID
/// (2.25.<random 128-bit>, PS3.5 B.2) in every file, one date shift per patient. The mappings live
/// in memory only, for the lifetime of this object. Thread-safe.
class Deidentifier {
 public:
  /// Fails (InvalidArgument) on impossible options: a redaction without cleanPixelData, an empty
  /// rectangle.
  static Result<std::unique_ptr<Deidentifier>> create(DeidentifyOptions options);
  ~Deidentifier();
  Deidentifier(const Deidentifier&) = delete;
  Deidentifier& operator=(const Deidentifier&) = delete;

  /// Reads `in` once, applies the profile, writes `out` atomically in the source's transfer
  /// syntax; `out` must not exist, `in` is never modified. Refuses a source whose Burned In
  /// Annotation (0028,0301) is YES unless its pixels are cleaned (PS3.15 E.3.1).
  Result<DeidentifiedFile> deidentifyFile(const std::string& in, const std::string& out);
  /// The same with per-file redactions and an optional staging folder (see FileRequest).
  Result<DeidentifiedFile> deidentifyFile(const std::string& in, const std::string& out,
                                          const FileRequest& request);
  /// The new UID that replaces `sourceUid` in this export (created on first use).
  std::string replacementUid(const std::string& sourceUid);
  /// De-identification Method (0012,0063) values: the profile and every option applied.
  std::vector<std::string> methodDescription() const;
  /// De-identification Method Code Sequence (0012,0064) code values (CID 7050, DCM scheme).
  std::vector<std::string> methodCodes() const;
  /// The options this object applies.
  const DeidentifyOptions& options() const;

 private:
  struct State;
  explicit Deidentifier(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

/// One element of a file, for verification (tests, the export's PHI check).
struct ElementRecord {
  std::string path;     ///< "(0008,1115)[0](0008,1155)": sequence tags and item indexes down to it
  uint32_t tag = 0;     ///< (group<<16)|element
  std::string vr;       ///< "SQ", "PN", ...
  uint32_t length = 0;  ///< value length in bytes (items for SQ)
  std::string value;    ///< string value as stored (string VRs only), multi-values joined by '\\'
  int depth = 0;        ///< 0 = top level
};
/// Every element of `path` (meta header first, nested sequence items included) in file order.
Result<std::vector<ElementRecord>> listElements(const std::string& path);

}  // namespace fv::dicom
