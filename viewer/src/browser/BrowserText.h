// How the study browser turns DICOM header values and paths into text for people.
#pragma once

#include <string>

#include <QString>

#include "fv/dicom/Result.h"
#include "fv/dicom/Series.h"

namespace fv::viewer::browser {

/// A DICOM string from the index (UTF-8, decoded per Specific Character Set (0008,0005)) as text.
QString dicomText(const std::string& value);
/// A path from the core (local 8-bit file name encoding) as a QString.
QString pathText(const std::string& path);
/// A QString path as the core expects it (local 8-bit file name encoding).
std::string pathToStd(const QString& path);
/// A Person Name (PN, PS3.5 6.2) as "Family, Given Middle" (fv::dicom::formatPersonName).
QString personName(const std::string& pn);
/// A DA value "YYYYMMDD" as "YYYY-MM-DD"; anything else (old "YYYY.MM.DD", empty) unchanged.
QString dicomDate(const std::string& da);
/// A TM value "HHMMSS.frac" as "HH:MM:SS" (or as much as present); else unchanged.
QString dicomTime(const std::string& tm);
/// "Doe, Jane Marie (PID0047113)" — the patient row's text.
QString patientLabel(const fv::dicom::PatientKey& key);
/// The study's description, else "Study <ID>", else "Study".
QString studyLabel(const fv::dicom::StudyKey& key);
/// "4  T2 TSE COR" — series number and description ("(no description)" when empty).
QString seriesLabel(const fv::dicom::SeriesKey& key);
/// `text` folded for the browser's filter: case-folded and without accents (NFD, combining marks
/// dropped; ł, ø, đ, ı as l, o, d, i), so "jerome" finds "Buc, Jérôme" and "Διονυσιος" finds
/// "Διονύσιος".
QString searchKey(const QString& text);
/// The patient row's filter text: the label plus every component group of the name (so the
/// ideographic "山田" finds "Yamada, Tarou").
QString patientSearchText(const fv::dicom::PatientKey& key);
/// What an Error's code is called ("truncated", ...).
QString errorCodeText(fv::dicom::ErrorCode code);

}  // namespace fv::viewer::browser
