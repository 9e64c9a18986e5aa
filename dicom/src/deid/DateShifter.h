// Retain Longitudinal Temporal Information with Modified Dates (PS3.15 E.3.6): one shift per
// patient.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

namespace fv::dicom::deid {

/// Shifts DA and DT values by a whole number of days chosen once per patient for the export.
class DateShifter {
 public:
  /// `fixedDays`: use this shift for every patient instead of a random one.
  explicit DateShifter(std::optional<int> fixedDays) : m_fixed(fixedDays) {}
  /// The shift (days, negative = earlier) for the patient identified by `patientKey`.
  int daysFor(const std::string& patientKey);
  /// A DA value "YYYYMMDD" moved by `days`; nullopt when the value is not a full date.
  static std::optional<std::string> shiftDate(const std::string& da, int days);
  /// A DT value: its date part moved by `days`, time and offset kept; nullopt if no full date.
  static std::optional<std::string> shiftDateTime(const std::string& dt, int days);

 private:
  std::optional<int> m_fixed;
  std::unordered_map<std::string, int> m_days;
};

}  // namespace fv::dicom::deid
