#include "CrashHarness.h"
#include "fv/dicom/MeasurementReport.h"

#include <gtest/gtest.h>

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "TestData.h"
#include "fv/dicom/AtomicFile.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

extern char** environ;

namespace fv::test::crash {

namespace fs = std::filesystem;

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void sleepFor(double seconds) {
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::microseconds(long(seconds * 1e6)));
}

namespace {

std::string logDir() {
  static const std::string dir = fv::test::tempDir("crash-harness-logs");
  return dir;
}

}  // namespace

Cli::Cli(const std::vector<std::string>& args, const ChildOptions& options) {
  static int counter = 0;
  const std::string base = logDir() + "/child" + std::to_string(++counter);
  m_outPath = base + ".out";
  m_errPath = base + ".err";
  // Everything the child needs is prepared before fork(): after it, only async-signal-safe calls.
  std::vector<std::string> argStrings = {FV_CLI};
  argStrings.insert(argStrings.end(), args.begin(), args.end());
  std::vector<std::string> envStrings;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    const bool replaced = std::any_of(options.env.begin(), options.env.end(), [&](const std::string& o) {
      return o.substr(0, o.find('=')) == name;
    });
    if (!replaced) envStrings.push_back(entry);
  }
  envStrings.insert(envStrings.end(), options.env.begin(), options.env.end());
  std::vector<char*> argv, envp;
  for (auto& s : argStrings) argv.push_back(s.data());
  for (auto& s : envStrings) envp.push_back(s.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  struct rlimit limit {};
  ::getrlimit(RLIMIT_FSIZE, &limit);
  if (options.fileSizeLimit >= 0) limit.rlim_cur = rlim_t(options.fileSizeLimit);

  m_start = now();
  m_pid = ::fork();
  if (m_pid == 0) {
    const int out = ::open(m_outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(m_errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) ::_exit(126);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (options.fileSizeLimit >= 0) {
      ::signal(SIGXFSZ, SIG_IGN);  // stays ignored across execve: write() then fails with EFBIG
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  if (m_pid < 0) ADD_FAILURE() << "fork failed";
}

Cli::~Cli() {
  if (m_pid > 0 && !m_reaped) {
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
  }
}

bool Cli::running() const {
  if (m_pid <= 0 || m_reaped) return false;
  siginfo_t info{};
  return ::waitid(P_PID, id_t(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
}

void Cli::kill() {
  if (m_pid > 0 && !m_reaped) {
    ::kill(m_pid, SIGKILL);
    m_killSent = true;
  }
}

Outcome Cli::wait() {
  Outcome o;
  if (m_pid <= 0 || m_reaped) return o;
  int status = 0;
  while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
  }
  m_reaped = true;
  o.seconds = now() - m_start;
  o.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && m_killSent;
  o.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = slurp(m_outPath);
  o.err = slurp(m_errPath);
  return o;
}

Outcome run(const std::vector<std::string>& args, const ChildOptions& options) {
  Cli cli(args, options);
  return cli.wait();
}

CreateWatch::CreateWatch(const std::string& dir) {
  m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (m_fd < 0 || ::inotify_add_watch(m_fd, dir.c_str(), IN_CREATE | IN_MOVED_TO) < 0)
    ADD_FAILURE() << "inotify on " << dir << " failed";
}

CreateWatch::~CreateWatch() {
  if (m_fd >= 0) ::close(m_fd);
}

bool CreateWatch::wait(const Cli& child, double timeoutS) {
  const double deadline = now() + timeoutS;
  pollfd p{m_fd, POLLIN, 0};
  while (now() < deadline) {
    const bool ended = !child.running();  // checked first: a last event is not missed
    if (::poll(&p, 1, ended ? 0 : 1) > 0) {
      char buf[4096];
      while (::read(m_fd, buf, sizeof buf) > 0) {
      }
      return true;
    }
    if (ended) return false;
  }
  return false;
}

Timing measure(const std::function<std::vector<std::string>(const std::string&)>& argsFor, int runs,
               const ChildOptions& options) {
  static int counter = 0;
  std::vector<double> totals, writing;
  for (int i = 0; i < runs; ++i) {
    const std::string dir = fv::test::tempDir("crash-measure-" + std::to_string(++counter));
    CreateWatch watch(dir);
    const double start = now();
    Cli cli(argsFor(dir), options);
    double firstWrite = start;
    if (watch.wait(cli, 60)) firstWrite = now();
    const Outcome o = cli.wait();
    EXPECT_EQ(o.exitCode, 0) << o.err;
    totals.push_back(o.seconds);
    writing.push_back(std::max(0.001, now() - firstWrite));
    fs::remove_all(dir);
  }
  std::sort(totals.begin(), totals.end());
  std::sort(writing.begin(), writing.end());
  const Timing t{totals[totals.size() / 2], writing[writing.size() / 2]};
  std::cout << "[ timing   ] " << (options.env.empty() ? "normal" : "shimmed") << " run " << t.total * 1000
            << " ms, writing phase " << t.writing * 1000 << " ms (median of " << runs << ")\n";
  return t;
}

std::mt19937& rng() {
  static std::mt19937 generator = [] {
    const char* fixed = std::getenv("FV_CRASH_SEED");
    const unsigned seed = fixed ? unsigned(std::stoul(fixed)) : std::random_device{}();
    std::cout << "[ seed     ] " << seed << " (FV_CRASH_SEED=" << seed << " repeats these delays)\n";
    return std::mt19937(seed);
  }();
  return generator;
}

std::vector<double> spread(int n, double maxS) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> delays;
  for (int i = 0; i < n; ++i) delays.push_back((i + u(rng())) / n * maxS);
  return delays;
}

Entry classify(const std::string& name) {
  static const std::regex sc("SC_frame\\d{3}(-\\d+)?\\.dcm"), pr("PR_frame\\d{3}(-\\d+)?\\.dcm"),
      ko("KO(-\\d+)?\\.dcm"), sr("SR(-\\d+)?\\.dcm"), doc("DOC(-\\d+)?\\.dcm"),
      pdf("procedure(-\\d+)?\\.pdf"), json("procedure(-\\d+)?\\.json"), html("procedure(-\\d+)?\\.html"), png(".+\\.png");
  if (fv::dicom::isAtomicTemporaryName(name)) return Entry::Temporary;
  if (std::regex_match(name, sc)) return Entry::Sc;
  if (std::regex_match(name, pr)) return Entry::Pr;
  if (std::regex_match(name, ko)) return Entry::Ko;
  if (std::regex_match(name, sr)) return Entry::Sr;
  if (std::regex_match(name, doc)) return Entry::Doc;
  if (std::regex_match(name, pdf)) return Entry::Pdf;
  if (std::regex_match(name, json)) return Entry::Json;
  if (std::regex_match(name, html)) return Entry::Html;
  if (std::regex_match(name, png)) return Entry::Png;
  return Entry::Other;
}

namespace {

// The header of a DICOM file of `sopClass`, read completely (no truncation warnings).
std::string headerProblem(const std::string& path, const char* sopClass) {
  auto info = fv::dicom::readInstanceHeader(path);
  if (!info) return info.error().toString();
  if (!info->warnings.empty()) return info->warnings.front();
  if (info->sopClassUid != sopClass) return "SOP class " + info->sopClassUid;
  return "";
}

std::string secondaryCaptureProblem(const std::string& path) {
  if (auto p = headerProblem(path, "1.2.840.10008.5.1.4.1.1.7"); !p.empty()) return p;
  auto info = fv::dicom::readInstanceHeader(path);
  if (!info->hasPixelData) return "no Pixel Data";
  auto decoder = fv::dicom::InstanceDecoder::open(*info);
  if (!decoder) return decoder.error().toString();
  auto frame = (*decoder)->decode(0);
  return frame ? "" : frame.error().toString();
}

}  // namespace

std::string incompleteReason(const std::string& path, Entry kind) {
  const std::string text =
      kind == Entry::Json || kind == Entry::Html || kind == Entry::Png || kind == Entry::Pdf
          ? slurp(path)
          : "";
  switch (kind) {
    case Entry::Sc:
      return secondaryCaptureProblem(path);
    case Entry::Pr: {
      if (auto p = headerProblem(path, "1.2.840.10008.5.1.4.1.1.11.1"); !p.empty()) return p;
      auto pr = fv::dicom::readPresentationState(path);
      if (!pr) return pr.error().toString();
      return pr->content.shapes.empty() || pr->content.texts.empty() ? "annotations missing" : "";
    }
    case Entry::Ko: {
      if (auto p = headerProblem(path, "1.2.840.10008.5.1.4.1.1.88.59"); !p.empty()) return p;
      auto ko = fv::dicom::readKeyObjectSelection(path);
      if (!ko) return ko.error().toString();
      return ko->size() < 2 ? "fewer than two image references" : "";
    }
    case Entry::Sr: {
      if (auto p = headerProblem(path, "1.2.840.10008.5.1.4.1.1.88.33"); !p.empty()) return p;
      auto sr = fv::dicom::readMeasurementReport(path);
      if (!sr) return sr.error().toString();
      return sr->observer.empty() && sr->measurements.empty() ? "no content" : "";
    }
    case Entry::Doc: {
      if (auto p = headerProblem(path, "1.2.840.10008.5.1.4.1.1.104.1"); !p.empty()) return p;
      auto pdf = fv::dicom::readEncapsulatedPdf(path);
      if (!pdf) return pdf.error().toString();
      return pdf->rfind("%PDF-", 0) == 0 && pdf->find("%%EOF") != std::string::npos
                 ? ""
                 : "the PDF inside is not complete";
    }
    case Entry::Pdf:
      return text.rfind("%PDF-", 0) == 0 && text.find("%%EOF", text.size() > 32 ? text.size() - 32 : 0) !=
                                                  std::string::npos
                 ? ""
                 : "PDF not complete";
    case Entry::Json: {
      QJsonParseError error{};
      const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
      if (error.error != QJsonParseError::NoError) return "JSON: " + error.errorString().toStdString();
      return doc.isObject() && !doc.object().isEmpty() ? "" : "JSON is not a non-empty object";
    }
    case Entry::Html:
      return text.rfind("<!DOCTYPE html>", 0) == 0 && text.size() > 15 &&
                     text.compare(text.size() - 15, 15, "</body></html>\n") == 0
                 ? ""
                 : "HTML not closed";
    case Entry::Png: {
      static const std::string iend("\0\0\0\0IEND\xae\x42\x60\x82", 12);
      return text.rfind("\x89PNG\r\n\x1a\n", 0) == 0 && text.size() > 20 &&
                     text.compare(text.size() - 12, 12, iend) == 0
                 ? ""
                 : "PNG does not end with IEND";
    }
    default:
      return "not a file of our writers";
  }
}

uint64_t hashFile(const std::string& path) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : slurp(path)) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string copyDemo(const std::string& dir) {
  const std::string copy = dir + "/source.dcm";
  fs::copy_file(fv::test::demoXa(), copy, fs::copy_options::overwrite_existing);
  return copy;
}

bool sameAsDemo(const std::string& path) {
  static const std::string pristine = slurp(fv::test::demoXa());
  return !pristine.empty() && slurp(path) == pristine;
}

FolderLedger::Scan FolderLedger::scan(const std::string& dir, const std::set<std::string>& ignore) {
  Scan s;
  std::set<std::string> present;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (ignore.count(name)) continue;
    const Entry kind = classify(name);
    if (kind == Entry::Temporary) {
      ++s.temporaries;
      continue;
    }
    if (kind == Entry::Other) {
      ADD_FAILURE() << "unexpected file " << e.path();
      continue;
    }
    present.insert(name);
    const uint64_t h = hashFile(e.path().string());
    auto it = m_finals.find(name);
    if (it == m_finals.end()) {
      EXPECT_EQ(incompleteReason(e.path().string(), kind), "") << e.path() << " is not complete";
      m_finals[name] = h;
      ++s.newFinals;
    } else {
      EXPECT_EQ(it->second, h) << e.path() << " changed after it was complete";
    }
  }
  for (const auto& [name, h] : m_finals)
    EXPECT_TRUE(present.count(name)) << dir << "/" << name << " vanished after it was complete";
  return s;
}

std::unique_ptr<Mount> Mount::tmpfs(const std::string& dir, size_t bytes) {
  if (fv::test::run("mount -t tmpfs -o size=" + std::to_string(bytes) + " fv-crash-test " + fv::test::q(dir)) != 0)
    return nullptr;
  return std::unique_ptr<Mount>(new Mount(dir));
}

std::unique_ptr<Mount> Mount::readOnly(const std::string& dir) {
  if (fv::test::run("mount --bind " + fv::test::q(dir) + " " + fv::test::q(dir)) != 0) return nullptr;
  std::unique_ptr<Mount> m(new Mount(dir));  // unmounts again if the remount fails
  if (fv::test::run("mount -o remount,bind,ro " + fv::test::q(dir)) != 0) return nullptr;
  return m;
}

bool Mount::resize(size_t bytes) {
  return fv::test::run("mount -o remount,size=" + std::to_string(bytes) + " " + fv::test::q(m_dir)) == 0;
}

Mount::~Mount() {
  if (fv::test::run("umount " + fv::test::q(m_dir)) != 0) fv::test::run("umount -l " + fv::test::q(m_dir));
}

}  // namespace fv::test::crash
