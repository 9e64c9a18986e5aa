#include "DateShifter.h"

#include <chrono>
#include <cstdio>
#include <random>

namespace fv::dicom::deid {

int DateShifter::daysFor(const std::string& patientKey) {
  if (m_fixed) return *m_fixed;
  auto it = m_days.find(patientKey);
  if (it != m_days.end()) return it->second;
  // 1 to 10 years back, uniformly: far enough that the real date cannot be guessed from season.
  std::random_device rd;
  std::uniform_int_distribution<int> d(365, 3650);
  const int days = -d(rd);
  m_days.emplace(patientKey, days);
  return days;
}

static std::optional<std::string> shiftPrefix(const std::string& da, int days) {
  if (da.size() < 8) return std::nullopt;
  for (int i = 0; i < 8; ++i)
    if (da[size_t(i)] < '0' || da[size_t(i)] > '9') return std::nullopt;
  using namespace std::chrono;
  const int y = std::stoi(da.substr(0, 4));
  const unsigned m = unsigned(std::stoi(da.substr(4, 2)));
  const unsigned d = unsigned(std::stoi(da.substr(6, 2)));
  const year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  const year_month_day out{sys_days{ymd} + std::chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", int(out.year()), unsigned(out.month()),
                unsigned(out.day()));
  return std::string(buf) + da.substr(8);
}

std::optional<std::string> DateShifter::shiftDate(const std::string& da, int days) {
  if (da.size() != 8) return std::nullopt;  // not a full date (or a range): the caller uses a dummy
  return shiftPrefix(da, days);
}

std::optional<std::string> DateShifter::shiftDateTime(const std::string& dt, int days) {
  return shiftPrefix(dt, days);  // the date is the first 8 characters; time and offset are kept
}

}  // namespace fv::dicom::deid
