/* LD_PRELOAD fault shim for CrashSafeSaveTest, switched by environment variables:
 *   FV_FAULT_NO_LINKS=1      link() fails with EPERM, as on FAT/exFAT (no hard links); creates
 *                            $FV_FAULT_MARK to show the shim was used.
 *   FV_FAULT_SLOW_WRITES=US  write() to a regular file goes in 16 KiB pieces, US microseconds
 *                            apart: a slow disk or share, so that a kill lands mid-file often. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* link(2); with FV_FAULT_NO_LINKS as on a file system without hard links. */
int link(const char* from, const char* to) {
  if (getenv("FV_FAULT_NO_LINKS")) {
    const char* mark = getenv("FV_FAULT_MARK");
    FILE* f = mark ? fopen(mark, "w") : NULL;
    if (f) fclose(f);
    errno = EPERM;
    return -1;
  }
  return (int)syscall(SYS_linkat, AT_FDCWD, from, AT_FDCWD, to, 0);
}

/* write(2); with FV_FAULT_SLOW_WRITES slowly, in pieces, to regular files. */
ssize_t write(int fd, const void* buf, size_t n) {
  static long pauseUs = -1;
  if (pauseUs < 0) {
    const char* s = getenv("FV_FAULT_SLOW_WRITES");
    pauseUs = s ? atol(s) : 0;
  }
  struct stat st;
  if (pauseUs <= 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return syscall(SYS_write, fd, buf, n);
  size_t done = 0;
  while (done < n) {
    const size_t piece = n - done < 16384 ? n - done : 16384;
    const long w = syscall(SYS_write, fd, (const char*)buf + done, piece);
    if (w < 0) return done > 0 ? (ssize_t)done : -1;
    done += (size_t)w;
    const struct timespec pause = {0, pauseUs * 1000};
    nanosleep(&pause, NULL);
  }
  return (ssize_t)done;
}
