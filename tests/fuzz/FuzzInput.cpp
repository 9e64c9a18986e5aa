#include "FuzzInput.h"

#include <sys/mman.h>
#include <unistd.h>

namespace fv::fuzz {

const std::string& storeInput(const uint8_t* data, size_t size) {
  static const int fd = ::memfd_create("fv-fuzz.dcm", 0);
  static const std::string path = fd >= 0 ? "/proc/self/fd/" + std::to_string(fd) : std::string();
  static const std::string none;
  if (fd < 0 || ::ftruncate(fd, 0) != 0) return none;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pwrite(fd, data + done, size - done, off_t(done));
    if (n <= 0) return none;
    done += size_t(n);
  }
  return path;
}

}  // namespace fv::fuzz
