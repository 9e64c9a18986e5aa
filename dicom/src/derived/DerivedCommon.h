// What the derived-object writers share: the source's header, Patient/Study copying, series,
// equipment, SOP Common, references and the atomic save (private to fv_dicom).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include "derived/DatasetBuilder.h"
#include "derived/SourceCopier.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Result.h"

namespace fv::dicom::derived {

/// Our name in General Equipment and SC Equipment (PS3.3 C.7.5.1, C.8.6.1).
inline constexpr const char* kManufacturer = "FluoroView";

/// FluoroView's version for Software Versions (0018,1020) and (0018,1019).
const char* softwareVersion();

/// Local date (DA) and time (TM) of one save.
struct Timestamp {
  std::string date, time;
};
/// The current local date and time, to the microsecond.
Timestamp now();

/// `folder`/`fileName` after checking both are given and the name is a plain file name.
Result<std::string> targetPath(const std::string& folder, const std::string& fileName);

/// The error of a failed check, naming `path` (the output file) when it names no file itself.
Error errorAt(const Status& failed, const std::string& path);

/// InvalidArgument unless the series has a valid UID and a description that fits LO.
Status checkSeries(const DerivedSeries& series);

/// InvalidArgument unless the source is an image holding frame `frame`; Malformed (naming the
/// attribute) when its SOP Class, SOP Instance or Series Instance UID, which our references
/// repeat, is not a valid UID.
Status checkSourceFrame(const SourceFrame& source);

/// The source file's header only (pixel data is never read, PS3.10 lazy loading), checked to be
/// the indexed instance and to have a Study Instance UID.
Result<std::unique_ptr<DcmFileFormat>> loadSourceHeader(const InstanceInfo& source);

/// Copies the Patient, Clinical Trial Subject, General Study, Patient Study and Clinical Trial
/// Study attributes present in the source (PS3.3 C.7.1.1, C.7.1.3, C.7.2.1-3) plus Specific
/// Character Set, validly (SourceCopier): Type 2 attributes the source lacks or has invalid are
/// written empty, an invalid Study Instance UID refuses the save.
void copyPatientAndStudy(SourceCopier& copy);

/// Makes `dataset` able to hold our own `texts`: when one is not ASCII and the copied attributes
/// are in another character set, converts the dataset to UTF-8 (ISO_IR 192, PS3.3 C.12.1.1.2).
/// Call after copying from the source and before adding our texts.
Status prepareCharacterSet(DcmDataset& dataset, const std::vector<std::string>& texts,
                           const std::string& path);

/// A pair of positive numbers (Pixel Spacing, Pixel Aspect Ratio: row\\column) if the source has
/// a valid one, else nullopt.
std::optional<std::pair<double, double>> positivePair(const SourceCopier& copy,
                                                      const DcmTagKey& tag);

/// True for a Body Part Examined term of a structure that is not paired (PS3.16 Annex L).
bool unpairedBodyPart(const std::string& bodyPart);

/// General Series Body Part Examined (copied, Type 3) and Laterality (0020,0060, Type 2C, PS3.3
/// C.7.3.1): absent for an unpaired body part; else the source's Laterality, else — unless our
/// object has Image Laterality — the source's Image Laterality when R or L, else empty (unknown).
void putSeriesAnatomy(SourceCopier& copy, bool imageLateralityPresent);

/// SOP Common Module (PS3.3 C.12.1): SOP Class/Instance UID, Instance Creation Date/Time.
void putSopCommon(ItemBuilder& out, const char* sopClassUid, const std::string& sopInstanceUid,
                  const Timestamp& t);

/// General Series Module (PS3.3 C.7.3.1) of the new series: Modality, UID, Number, Description,
/// Date/Time.
void putSeries(ItemBuilder& out, const DerivedSeries& series, const char* modality,
               const Timestamp& t);

/// Operators' Name (0008,1070) of the General Series Module when the series names one (only
/// IODs with that module: SC, presentation states; SR/KOS/Encapsulated series have none).
void putOperator(ItemBuilder& out, const DerivedSeries& series);

/// General Equipment Module (PS3.3 C.7.5.1) naming FluoroView as the creator.
void putEquipment(ItemBuilder& out);

/// TID 1002 Observer Context of a person at the root of an SR tree: HAS OBS CONTEXT Observer
/// Type (121005, DCM) = Person (121006, DCM) and Person Observer Name (121008, DCM) = `name`.
void putPersonObserver(ItemBuilder& root, const std::string& name);

/// One referenced instance: study, series, SOP class and instance.
struct InstanceReference {
  std::string study, series, sopClass, sopInstance;
};
/// `sequence` (e.g. Current Requested Procedure Evidence, Predecessor Documents) as study →
/// series → SOP items, duplicates removed (Hierarchical SOP Instance Reference Macro, C.17.2.1).
void putHierarchicalReferences(ItemBuilder& out, const DcmTagKey& sequence,
                               std::vector<InstanceReference> all);

/// The 1-based Referenced Frame Number a reference to `source` carries: frame + 1 for a
/// multi-frame source (required when a reference does not apply to all frames, PS3.3 10.3), none
/// for a single-frame one or one whose SOP Class is a single-frame class (there it is forbidden).
std::optional<uint32_t> referencedFrame(const SourceFrame& source);

/// Notes that the references cannot name the frame (several frames in a single-frame class).
void noteFrameReference(const SourceFrame& source, SourceCopier& copy);

/// Referenced SOP Class/Instance UID of the source, plus Referenced Frame Number when
/// referencedFrame() gives one (Image SOP Instance Reference Macro, PS3.3 10.3).
void putImageReference(ItemBuilder& out, const SourceFrame& source);

/// Serialises `file` (Explicit VR Little Endian, PS3.10 meta header) in memory and writes it to
/// `path` atomically without ever replacing an existing file.
Result<WrittenObject> saveNew(DcmFileFormat& file, const std::string& path, const char* sopClassUid,
                              const std::string& sopInstanceUid);

}  // namespace fv::dicom::derived
