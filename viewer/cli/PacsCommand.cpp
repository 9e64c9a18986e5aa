// `pacs echo|find|get|store`: PACS over DIMSE and DICOMweb from the command line (docs/cli.md).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "Args.h"
#include "Commands.h"
#include "fv/dicom/AtomicFile.h"
#include "fv/dicom/Json.h"
#include "fv/net/PacsClient.h"

namespace fv::cli {
namespace fs = std::filesystem;
using fv::dicom::Json;
using namespace fv::net;

namespace {
constexpr const char* kUsageText =
    "usage: fluoroview-cli pacs echo  NODE [OPTIONS]\n"
    "       fluoroview-cli pacs find  NODE [--level study|series|instance] [--patient-name P]\n"
    "                  [--patient-id ID] [--accession A] [--study-date YYYYMMDD[-YYYYMMDD]]\n"
    "                  [--modality M] [--study-uid U] [--series-uid U] [--json]\n"
    "       fluoroview-cli pacs get   NODE --study-uid U [--series-uid U] [--sop-uid U] --out DIR\n"
    "                  [--move --listen-port N [--listen-aet AET]] [--json]\n"
    "       fluoroview-cli pacs store NODE PATH... [--json]\n"
    "  NODE: dicom://AET@HOST:PORT, dicoms://AET@HOST:PORT (TLS) or http(s)://HOST:PORT/PATH\n"
    "  OPTIONS: --calling-aet AET (FLUOROVIEW) --timeout S (30) --ca-file PEM --cert-file PEM\n"
    "           --key-file PEM --no-verify --user NAME (password: $FLUOROVIEW_PACS_PASSWORD)\n"
    "           --token-file FILE (DICOMweb Bearer token)\n";

int usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "error: " << problem << "\n";
  std::cerr << kUsageText;
  return kUsage;
}

std::string readSecretFile(const std::string& path, std::string& problem) {
  std::ifstream in(path);
  if (!in) {
    problem = "cannot read the token file " + path;
    return {};
  }
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The node from NODE and the common options; "" problem when fine.
std::optional<Node> nodeFrom(const Args& a, std::string& problem) {
  if (a.positional.size() < 2) {
    problem = "no NODE given";
    return std::nullopt;
  }
  auto n = parseNode(a.positional[1]);
  if (!n) {
    problem = n.error().message;
    return std::nullopt;
  }
  Node node = *n;
  if (auto v = a.option("calling-aet")) {
    if (!isValidAeTitle(*v)) {
      problem = "--calling-aet: '" + *v + "' is not an AE title (1-16 characters)";
      return std::nullopt;
    }
    node.callingAet = *v;
  }
  if (auto v = a.option("timeout")) {
    auto t = parsePositive(*v);
    if (!t || *t > 3600) {
      problem = "--timeout must be 1-3600 seconds";
      return std::nullopt;
    }
    node.timeoutSeconds = static_cast<int>(*t);
  }
  if (auto v = a.option("ca-file")) node.tlsSettings.caFile = *v;
  if (auto v = a.option("cert-file")) node.tlsSettings.certFile = *v;
  if (auto v = a.option("key-file")) node.tlsSettings.keyFile = *v;
  if (a.flag("no-verify")) node.tlsSettings.verifyPeer = false;
  if (auto v = a.option("user")) {
    node.credentials.kind = AuthKind::Basic;
    node.credentials.user = *v;
    const char* pw = std::getenv("FLUOROVIEW_PACS_PASSWORD");
    node.credentials.secret = pw ? pw : "";
  }
  if (auto v = a.option("token-file")) {
    node.credentials.kind = AuthKind::Bearer;
    node.credentials.secret = readSecretFile(*v, problem);
    if (!problem.empty()) return std::nullopt;
  }
  return node;
}

const std::set<std::string> kCommonValued{"calling-aet", "timeout", "ca-file", "cert-file",
                                          "key-file",    "user",    "token-file"};

std::set<std::string> valued(std::set<std::string> more) {
  more.insert(kCommonValued.begin(), kCommonValued.end());
  return more;
}

Json reportJson(const TransferReport& r, bool retrieve) {
  Json failed = Json::array();
  for (const auto& f : r.failed) {
    Json o = Json::object();
    if (!f.path.empty()) o.set("path", f.path);
    if (!f.sopInstanceUid.empty() || (retrieve && f.path.empty()))
      o.set("sopInstanceUid", f.sopInstanceUid.empty() ? Json() : Json(f.sopInstanceUid));
    o.set("message", f.message);
    failed.push(o);
  }
  Json j = Json::object().set("files", r.files).set("bytes", static_cast<long long>(r.bytes))
               .set("seconds", r.seconds);
  if (retrieve) j.set("skipped", r.skipped);
  return j.set("failed", failed);
}

void printHuman(const TransferReport& r, const char* verb) {
  std::cout << verb << " " << r.files << " file(s), " << r.bytes / 1e6 << " MB in " << r.seconds
            << " s (" << (r.seconds > 0 ? r.bytes / 1e6 / r.seconds : 0) << " MB/s)";
  if (r.skipped) std::cout << ", " << r.skipped << " already in the cache";
  std::cout << "\n";
  for (const auto& f : r.failed)
    std::cerr << "failed: " << (f.path.empty() ? f.sopInstanceUid : f.path) << ": " << f.message << "\n";
}

int runEcho(const Args& a) {
  std::string problem = a.error;
  auto node = problem.empty() ? nodeFrom(a, problem) : std::nullopt;
  if (!node) return usage(problem);
  const auto t0 = std::chrono::steady_clock::now();
  const auto s = makeClient(*node)->echo();
  if (!s) {
    std::cerr << "error: " << s.error().message << "\n";
    return kInputError;
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::cout << node->label() << ": " << (node->protocol == Protocol::Dimse ? "C-ECHO" : "QIDO-RS")
            << " ok (" << static_cast<long>(ms) << " ms)\n";
  return kOk;
}

int runFind(const Args& a) {
  std::string problem = a.error;
  auto node = problem.empty() ? nodeFrom(a, problem) : std::nullopt;
  if (!node) return usage(problem);
  Query q;
  const std::string level = a.option("level").value_or("study");
  if (level == "study") q.level = QueryLevel::Study;
  else if (level == "series") q.level = QueryLevel::Series;
  else if (level == "instance") q.level = QueryLevel::Instance;
  else return usage("--level must be study, series or instance");
  q.patientName = a.option("patient-name").value_or("");
  q.patientId = a.option("patient-id").value_or("");
  q.accession = a.option("accession").value_or("");
  q.studyDate = a.option("study-date").value_or("");
  q.modality = a.option("modality").value_or("");
  q.studyUid = a.option("study-uid").value_or("");
  q.seriesUid = a.option("series-uid").value_or("");
  const bool json = a.flag("json");
  Json results = Json::array();
  long count = 0;
  const auto s = makeClient(*node)->find(q, [&](const QueryResult& r) {
    ++count;
    if (json) {
      results.push(Json::object()
                       .set("level", toString(r.level))
                       .set("studyInstanceUid", r.studyInstanceUid)
                       .set("seriesInstanceUid", r.seriesInstanceUid)
                       .set("sopInstanceUid", r.sopInstanceUid)
                       .set("patientId", r.patientId)
                       .set("patientName", r.patientName)
                       .set("studyDate", r.studyDate)
                       .set("modality", r.modality)
                       .set("studyDescription", r.studyDescription)
                       .set("seriesDescription", r.seriesDescription)
                       .set("numberOfInstances", r.numberOfInstances));
      return;
    }
    auto v = [](const std::optional<std::string>& o) { return o ? *o : std::string("-"); };
    if (r.level == QueryLevel::Study)
      std::cout << v(r.studyDate) << "  " << v(r.patientId) << "  " << v(r.patientName) << "  "
                << v(r.modality) << "  " << v(r.studyDescription) << "  " << v(r.studyInstanceUid);
    else if (r.level == QueryLevel::Series)
      std::cout << v(r.modality) << "  " << v(r.seriesDescription) << "  " << v(r.seriesInstanceUid);
    else
      std::cout << v(r.sopInstanceUid);
    if (r.numberOfInstances) std::cout << "  (" << *r.numberOfInstances << " instances)";
    std::cout << std::endl;  // each match as it arrives, also into a pipe
  });
  Json errors = Json::array();
  if (!s) errors.push(s.error().message);
  if (json)
    std::cout << Json::object().set("results", results).set("errors", errors).dump() << "\n";
  else if (s)
    std::cerr << count << " match(es)\n";
  if (!s) {
    std::cerr << "error: " << s.error().message << "\n";
    return kInputError;
  }
  return kOk;
}

int runGet(const Args& a) {
  std::string problem = a.error;
  auto node = problem.empty() ? nodeFrom(a, problem) : std::nullopt;
  if (!node) return usage(problem);
  RetrieveRequest r;
  r.studyUid = a.option("study-uid").value_or("");
  r.seriesUid = a.option("series-uid").value_or("");
  r.sopInstanceUid = a.option("sop-uid").value_or("");
  r.cacheDir = a.option("out").value_or("");
  if (r.studyUid.empty()) return usage("--study-uid is required");
  if (r.cacheDir.empty()) return usage("--out DIR is required");
  if (!r.sopInstanceUid.empty() && r.seriesUid.empty()) return usage("--sop-uid needs --series-uid");
  r.useMove = a.flag("move");
  if (r.useMove) {
    if (node->protocol != Protocol::Dimse) return usage("--move is for dicom:// nodes");
    auto port = a.option("listen-port") ? parsePositive(*a.option("listen-port")) : std::nullopt;
    if (!port || *port > 65535) return usage("--move needs --listen-port 1-65535");
    r.listenPort = static_cast<uint16_t>(*port);
    r.listenAet = a.option("listen-aet").value_or(node->callingAet);
    if (!isValidAeTitle(r.listenAet)) return usage("--listen-aet is not an AE title");
  }
  const bool json = a.flag("json");
  TransferObserver obs;
  if (!json)
    obs.onProgress = [](const Progress& p) {
      std::cerr << "\rreceived " << p.files << (p.expected > 0 ? "/" + std::to_string(p.expected) : "")
                << " file(s), " << p.bytes / 1000000 << " MB, " << static_cast<long>(p.megabytesPerSecond())
                << " MB/s   " << std::flush;
    };
  auto report = makeClient(*node)->retrieve(r, obs);
  if (!json) std::cerr << "\n";
  if (!report) {
    if (json) {
      TransferReport empty;
      empty.failed.push_back({"", "", report.error().message});
      std::cout << reportJson(empty, true).dump() << "\n";
    }
    std::cerr << "error: " << report.error().message << "\n";
    return kInputError;
  }
  if (json)
    std::cout << reportJson(*report, true).dump() << "\n";
  else
    printHuman(*report, "retrieved");
  return report->failed.empty() ? kOk : kInputError;
}

void collectFiles(const fs::path& p, std::vector<fs::path>& out) {
  std::error_code ec;
  if (!fs::is_directory(p, ec)) {
    out.push_back(p);
    return;
  }
  std::vector<fs::path> found;
  for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && !name.empty() && name[0] != '.' && name != "DICOMDIR")
      found.push_back(it->path());
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

int runStore(const Args& a) {
  std::string problem = a.error;
  auto node = problem.empty() ? nodeFrom(a, problem) : std::nullopt;
  if (!node) return usage(problem);
  if (a.positional.size() < 3) return usage("no PATH to send");
  std::vector<fs::path> files;
  for (size_t i = 2; i < a.positional.size(); ++i) collectFiles(a.positional[i], files);
  const bool json = a.flag("json");
  auto report = makeClient(*node)->store(files, {});
  if (!report) {
    TransferReport failed;
    for (const auto& f : files) failed.failed.push_back({f.string(), "", report.error().message});
    if (json) std::cout << reportJson(failed, false).dump() << "\n";
    std::cerr << "error: " << report.error().message << "\n";
    return kInputError;
  }
  if (json)
    std::cout << reportJson(*report, false).dump() << "\n";
  else
    printHuman(*report, "sent");
  return report->failed.empty() ? kOk : kInputError;
}
}  // namespace

int runPacs(int argc, char** argv) {
  if (argc < 3) return usage("no pacs sub-command");
  const std::string sub = argv[2];
  // positional[0] is the sub-command, positional[1] the NODE.
  if (sub == "echo") return runEcho(parseArgs(argc, argv, 2, valued({}), {"no-verify"}));
  if (sub == "find")
    return runFind(parseArgs(argc, argv, 2,
                             valued({"level", "patient-name", "patient-id", "accession",
                                     "study-date", "modality", "study-uid", "series-uid"}),
                             {"json", "no-verify"}));
  if (sub == "get")
    return runGet(parseArgs(argc, argv, 2,
                            valued({"study-uid", "series-uid", "sop-uid", "out", "listen-port",
                                    "listen-aet"}),
                            {"json", "move", "no-verify"}));
  if (sub == "store") return runStore(parseArgs(argc, argv, 2, valued({}), {"json", "no-verify"}));
  return usage("unknown pacs sub-command '" + sub + "'");
}

}  // namespace fv::cli
