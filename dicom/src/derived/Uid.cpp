// UIDs derived from random UUIDs (PS3.5 B.2): "2.25." followed by the UUID as one decimal integer.
#include <cstdint>
#include <mutex>
#include <random>
#include <string>

#include "fv/dicom/DerivedObjects.h"

namespace fv::dicom {

std::string newUid() {
  // One generator per process, seeded from the OS entropy source; guarded for concurrent savers.
  static std::mutex m;
  static std::mt19937_64 engine = [] {
    std::random_device rd;
    std::seed_seq seed{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seed);
  }();
  uint64_t hi, lo;
  {
    std::lock_guard lock(m);
    hi = engine();
    lo = engine();
  }
  // A version 4 (random) UUID, RFC 4122 4.4: version nibble 0100, variant bits 10.
  hi = (hi & ~(uint64_t(0xF) << 12)) | (uint64_t(0x4) << 12);
  lo = (lo & ~(uint64_t(0x3) << 62)) | (uint64_t(0x2) << 62);
  unsigned __int128 v = (static_cast<unsigned __int128>(hi) << 64) | lo;
  std::string digits;
  do {
    digits.insert(digits.begin(), char('0' + int(v % 10)));
    v /= 10;
  } while (v != 0);
  return "2.25." + digits;  // at most 5 + 39 = 44 characters (UI allows 64)
}

}  // namespace fv::dicom
