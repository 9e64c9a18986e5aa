#include "fv/dicom/ThreadPriority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <cerrno>
#include <unistd.h>

namespace fv::dicom {

void lowerCurrentThreadPriority(int niceness) {
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (errno == 0) (void)::setpriority(PRIO_PROCESS, tid, current + niceness);
}

}  // namespace fv::dicom
