// Fault injection for CrashSafeSaveTest: fluoroview-cli as a child process that can be killed at
// any moment, folders watched for the first file a writer creates, mounts (tmpfs, read-only bind)
// made for one test, and checks that every file with a final name in a folder is complete.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace fv::test::crash {

/// How a child process ended.
struct Outcome {
  bool killed = false;   ///< ended by our SIGKILL
  int exitCode = -1;     ///< its exit status when it exited by itself
  double seconds = 0;    ///< wall time from start to end
  std::string out, err;  ///< what it printed on stdout and stderr
};

/// Conditions a child starts under.
struct ChildOptions {
  long long fileSizeLimit = -1;  ///< RLIMIT_FSIZE in bytes (SIGXFSZ ignored: write() gives EFBIG); -1 = none
  std::vector<std::string> env;  ///< extra or replaced NAME=VALUE environment entries
};

/// fluoroview-cli running as a child process (fork + execve); stdout and stderr go to files.
class Cli {
 public:
  /// Starts `fluoroview-cli ARGS...`.
  explicit Cli(const std::vector<std::string>& args, const ChildOptions& options = {});
  /// Kills (SIGKILL) and reaps the child if still there.
  ~Cli();
  Cli(const Cli&) = delete;
  Cli& operator=(const Cli&) = delete;
  /// True while the child has not ended (it is not reaped by asking).
  bool running() const;
  /// Sends SIGKILL (harmless when it has already ended: it is not reaped yet).
  void kill();
  /// Waits for the end; returns exit code or kill, output and run time.
  Outcome wait();

 private:
  pid_t m_pid = -1;
  bool m_reaped = false, m_killSent = false;
  double m_start = 0;
  std::string m_outPath, m_errPath;
};

/// Runs fluoroview-cli to completion.
Outcome run(const std::vector<std::string>& args, const ChildOptions& options = {});

/// Watches a folder (inotify) for the first entry a writer creates.
class CreateWatch {
 public:
  /// Starts watching `dir` for created entries.
  explicit CreateWatch(const std::string& dir);
  /// Stops watching.
  ~CreateWatch();
  CreateWatch(const CreateWatch&) = delete;
  CreateWatch& operator=(const CreateWatch&) = delete;
  /// Waits until something is created in the folder (true), `child` ended or `timeoutS` passed.
  bool wait(const Cli& child, double timeoutS);

 private:
  int m_fd = -1;
};

/// Seconds on a monotonic clock.
double now();
/// Sleeps `seconds` (microsecond resolution).
void sleepFor(double seconds);

/// Median times of normal runs: start → exit, and first created entry in the folder → exit.
struct Timing {
  double total = 0;
  double writing = 0;
};
/// Runs `argsFor(fresh folder)` `runs` times to completion (each must exit 0) and times them.
Timing measure(const std::function<std::vector<std::string>(const std::string& outDir)>& argsFor, int runs,
               const ChildOptions& options = {});

/// The random generator of this test run: seed from FV_CRASH_SEED, else random (printed).
std::mt19937& rng();
/// `n` delays spread over [0, maxS): one uniformly random delay in each of n equal slices.
std::vector<double> spread(int n, double maxS);

/// What a folder entry is, by name.
enum class Entry { Sc, Pr, Sr, Doc, Ko, Json, Html, Pdf, Png, Temporary, Other };
/// Classifies a file name: final names of our writers, their temporaries, anything else.
Entry classify(const std::string& fileName);
/// "" when the file is complete, else why not: DICOM read fully by our readers (the SC's pixels
/// decoded), JSON parsed, HTML closed, PNG ending in IEND.
std::string incompleteReason(const std::string& path, Entry kind);

/// 64-bit FNV-1a of a file's bytes.
uint64_t hashFile(const std::string& path);
/// A file's bytes ("" when it cannot be read).
std::string slurp(const std::string& path);
/// Copies the demo XA cine into `dir` as source.dcm (a source the writers must never change).
std::string copyDemo(const std::string& dir);
/// True when `path` is byte-identical to the pristine demo cine in testdata/.
bool sameAsDemo(const std::string& path);

/// The final files of one folder across many kills: each must be complete when first seen and
/// never change or vanish afterwards.
class FolderLedger {
 public:
  /// What one scan found.
  struct Scan {
    size_t newFinals = 0;    ///< complete files with a final name not seen before
    size_t temporaries = 0;  ///< writer temporaries (".<name>.fvtmp-XXXXXX")
  };
  /// Checks every entry of `dir` except `ignore` (gtest failures name the file and the reason).
  Scan scan(const std::string& dir, const std::set<std::string>& ignore = {});
  /// Final names seen so far and their hashes.
  const std::map<std::string, uint64_t>& finals() const { return m_finals; }

 private:
  std::map<std::string, uint64_t> m_finals;
};

/// A mount made for one test, unmounted when destroyed; null when mounting is not possible here.
class Mount {
 public:
  /// A tmpfs of `bytes` on `dir` (a small disk that fills up).
  static std::unique_ptr<Mount> tmpfs(const std::string& dir, size_t bytes);
  /// `dir` bind-mounted onto itself read-only (writes fail with EROFS, even for root).
  static std::unique_ptr<Mount> readOnly(const std::string& dir);
  /// Changes a tmpfs' size (the files in it must fit).
  bool resize(size_t bytes);
  /// Unmounts.
  ~Mount();

 private:
  explicit Mount(std::string dir) : m_dir(std::move(dir)) {}
  std::string m_dir;
};

}  // namespace fv::test::crash
