// What the derived-object writers share: the source's header, Patient/Study copying, series,
// equipment, SOP Common, references and the atomic save (private to fv_dicom).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include "derived/DatasetBuilder.h"
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

/// InvalidArgument unless the source is an image holding frame `frame`.
Status checkSourceFrame(const SourceFrame& source);

/// The source file's header only (pixel data is never read, PS3.10 lazy loading), checked to be
/// the indexed instance and to have a Study Instance UID.
Result<std::unique_ptr<DcmFileFormat>> loadSourceHeader(const InstanceInfo& source);

/// Copies the Patient, Clinical Trial Subject, General Study, Patient Study and Clinical Trial
/// Study attributes present in `source` (PS3.3 C.7.1.1, C.7.1.3, C.7.2.1-3) plus Specific
/// Character Set; Type 2 attributes the source lacks are written empty.
void copyPatientAndStudy(DcmItem& source, ItemBuilder& out);

/// Makes `dataset` able to hold our own `texts`: when one is not ASCII and the copied attributes
/// are in another character set, converts the dataset to UTF-8 (ISO_IR 192, PS3.3 C.12.1.1.2).
/// Call after copying from the source and before adding our texts.
Status prepareCharacterSet(DcmDataset& dataset, const std::vector<std::string>& texts,
                           const std::string& path);

/// General Series Laterality (0020,0060) for an object derived from `source`: its Laterality, else
/// its Image Laterality when R or L (the only values Laterality allows), else "" (Type 2C: empty
/// = unknown; dciodvfy wants the attribute present, PS3.3 C.7.3.1).
std::string seriesLaterality(DcmItem& source);

/// SOP Common Module (PS3.3 C.12.1): SOP Class/Instance UID, Instance Creation Date/Time.
void putSopCommon(ItemBuilder& out, const char* sopClassUid, const std::string& sopInstanceUid,
                  const Timestamp& t);

/// General Series Module (PS3.3 C.7.3.1) of the new series: Modality, UID, Number, Description,
/// Date/Time.
void putSeries(ItemBuilder& out, const DerivedSeries& series, const char* modality,
               const Timestamp& t);

/// General Equipment Module (PS3.3 C.7.5.1) naming FluoroView as the creator.
void putEquipment(ItemBuilder& out);

/// Referenced SOP Class/Instance UID of the source, plus Referenced Frame Number (frame + 1) when
/// the source is multi-frame: required when a reference does not apply to all frames (PS3.3 10.3,
/// Image SOP Instance Reference Macro).
void putImageReference(ItemBuilder& out, const SourceFrame& source);

/// Serialises `file` (Explicit VR Little Endian, PS3.10 meta header) in memory and writes it to
/// `path` atomically without ever replacing an existing file.
Result<WrittenObject> saveNew(DcmFileFormat& file, const std::string& path, const char* sopClassUid,
                              const std::string& sopInstanceUid);

}  // namespace fv::dicom::derived
