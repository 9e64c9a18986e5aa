#include "DicomWebClient.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <nlohmann/json.hpp>

#include "FramePreview.h"
#include "HttpSession.h"
#include "MultipartReader.h"
#include "NetError.h"
#include "fv/net/RetrieveCache.h"

namespace fv::net {
namespace fs = std::filesystem;
using fv::dicom::ErrorCode;
using fv::dicom::Result;
using fv::dicom::Status;
using Clock = std::chrono::steady_clock;

namespace {
constexpr const char* kJson = "application/dicom+json";
// transfer-syntax=*: each instance as stored, never transcoded by the server (PS3.18 8.7.3.5.2;
// without it the default is Explicit VR Little Endian, and a server that cannot decode, say,
// JPEG 2000 answers 500).
constexpr const char* kMultipartDicom = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

std::string urlEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '*' || c == '?') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// A value of the DICOM JSON model (PS3.18 F.2): strings, numbers, PN "Alphabetic".
std::optional<std::string> jsonValue(const nlohmann::json& item, const char* tag) {
  auto it = item.find(tag);
  if (it == item.end() || !it->is_object()) return std::nullopt;
  auto v = it->find("Value");
  if (v == it->end() || !v->is_array() || v->empty()) return std::nullopt;
  std::string joined;
  for (const auto& e : *v) {
    std::string one;
    if (e.is_string()) one = e.get<std::string>();
    else if (e.is_number_integer()) one = std::to_string(e.get<long long>());
    else if (e.is_number()) one = std::to_string(e.get<double>());
    else if (e.is_object() && e.contains("Alphabetic") && e["Alphabetic"].is_string())
      one = e["Alphabetic"].get<std::string>();
    if (!joined.empty()) joined += '\\';
    joined += one;
  }
  if (joined.empty()) return std::nullopt;
  return joined;
}

QueryResult fromJson(const nlohmann::json& item, QueryLevel level) {
  QueryResult r;
  r.level = level;
  r.studyInstanceUid = jsonValue(item, "0020000D");
  r.seriesInstanceUid = jsonValue(item, "0020000E");
  r.sopInstanceUid = jsonValue(item, "00080018");
  r.sopClassUid = jsonValue(item, "00080016");
  r.patientId = jsonValue(item, "00100020");
  r.patientName = jsonValue(item, "00100010");
  r.studyDate = jsonValue(item, "00080020");
  r.modality = jsonValue(item, level == QueryLevel::Study ? "00080061" : "00080060");
  r.studyDescription = jsonValue(item, "00081030");
  r.seriesDescription = jsonValue(item, "0008103E");
  const char* count = level == QueryLevel::Study ? "00201208" : level == QueryLevel::Series ? "00201209" : nullptr;
  if (count) {
    if (auto n = jsonValue(item, count)) {
      try {
        r.numberOfInstances = std::stol(*n);
      } catch (...) {
      }
    }
  }
  return r;
}

struct Outgoing {
  fs::path path;
  std::string sopInstance;
  uint64_t bytes = 0;
};

std::string metaSop(const fs::path& p) {
  DcmFileFormat ff;
  if (ff.loadFile(p.c_str(), EXS_Unknown, EGL_noChange, 256, ERM_metaOnly).bad()) return {};
  OFString v;
  if (ff.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPInstanceUID, v).bad()) return {};
  return v.c_str();
}

class DicomWebClient final : public PacsClient {
 public:
  explicit DicomWebClient(Node node) : m_node(std::move(node)) {}
  const Node& node() const override { return m_node; }

  Status echo() override {
    HttpSession http(m_node);
    std::string body;
    auto r = http.get(m_node.baseUrl + "/studies?limit=1", kJson,
                      [&](const char* d, size_t n) { body.append(d, n); return body.size() < (1 << 20); },
                      "QIDO-RS");
    if (!r) return r.error();
    if (r->status != 200 && r->status != 204) return http.statusError(r->status, "QIDO-RS");
    return {};
  }

  Status find(const Query& q, const std::function<void(const QueryResult&)>& onResult,
              std::stop_token stop) override {
    if (q.level != QueryLevel::Study && q.studyUid.empty())
      return nodeError(ErrorCode::InvalidArgument, m_node, "QIDO-RS: a series or instance query needs the Study Instance UID");
    if (q.level == QueryLevel::Instance && q.seriesUid.empty())
      return nodeError(ErrorCode::InvalidArgument, m_node, "QIDO-RS: an instance query needs the Series Instance UID");
    std::string url = m_node.baseUrl;
    std::vector<std::pair<std::string, std::string>> params;
    if (q.level == QueryLevel::Study) {
      url += "/studies";
      if (!q.studyUid.empty()) params.push_back({"StudyInstanceUID", q.studyUid});
      if (!q.patientName.empty()) params.push_back({"PatientName", q.patientName});
      if (!q.patientId.empty()) params.push_back({"PatientID", q.patientId});
      if (!q.accession.empty()) params.push_back({"AccessionNumber", q.accession});
      if (!q.studyDate.empty()) params.push_back({"StudyDate", q.studyDate});
      if (!q.modality.empty()) params.push_back({"ModalitiesInStudy", q.modality});
      for (const char* f : {"PatientName", "PatientID", "StudyDate", "StudyDescription", "AccessionNumber",
                            "ModalitiesInStudy", "NumberOfStudyRelatedInstances"})
        params.push_back({"includefield", f});
    } else if (q.level == QueryLevel::Series) {
      url += "/studies/" + urlEncode(q.studyUid) + "/series";
      if (!q.seriesUid.empty()) params.push_back({"SeriesInstanceUID", q.seriesUid});
      if (!q.modality.empty()) params.push_back({"Modality", q.modality});
      for (const char* f : {"Modality", "SeriesDescription", "SeriesNumber", "NumberOfSeriesRelatedInstances"})
        params.push_back({"includefield", f});
    } else {
      url += "/studies/" + urlEncode(q.studyUid) + "/series/" + urlEncode(q.seriesUid) + "/instances";
    }
    for (size_t i = 0; i < params.size(); ++i)
      url += (i ? "&" : "?") + params[i].first + "=" + urlEncode(params[i].second);
    HttpSession http(m_node);
    std::string body;
    auto r = http.get(url, kJson, [&](const char* d, size_t n) {
      body.append(d, n);
      return !stop.stop_requested();
    }, "QIDO-RS");
    if (!r) return r.error();
    if (r->status == 204) return {};
    if (r->status != 200) return http.statusError(r->status, "QIDO-RS");
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_array())
      return nodeError(ErrorCode::Malformed, m_node, "QIDO-RS: the answer is not DICOM JSON");
    for (const auto& item : json) {
      if (stop.stop_requested()) return nodeError(ErrorCode::Cancelled, m_node, "QIDO-RS cancelled");
      if (item.is_object()) onResult(fromJson(item, q.level));
    }
    return {};
  }

  Result<TransferReport> retrieve(const RetrieveRequest& request, const TransferObserver& observer,
                                  std::stop_token stop) override;
  /// The instances themselves (retrieve without the first-frame preview).
  Result<TransferReport> retrieveInstances(const RetrieveRequest& request, const TransferObserver& observer,
                                           std::stop_token stop);
  Result<TransferReport> store(const std::vector<fs::path>& files, const TransferObserver& observer,
                               std::stop_token stop) override;

 private:
  Status fetch(HttpSession& http, const std::string& url, const RetrieveCache& cache,
               TransferReport& report, const TransferObserver& observer, Clock::time_point start,
               long expected, std::stop_token stop);
  Node m_node;
  std::atomic<uint64_t>* m_bytesIn = nullptr;  ///< while previewing: bytes of instances received
};

Status DicomWebClient::fetch(HttpSession& http, const std::string& url, const RetrieveCache& cache,
                             TransferReport& report, const TransferObserver& observer,
                             Clock::time_point start, long expected, std::stop_token stop) {
  std::unique_ptr<MultipartReader> reader;
  std::ofstream out;
  std::vector<char> buffer(1 << 20);  // 1 MiB file buffer: a 250 MB instance in few writes
  fs::path tmp;
  fv::dicom::Error failure;
  bool failed = false;
  auto fail = [&](fv::dicom::Error e) {
    failure = std::move(e);
    failed = true;
    return false;
  };
  auto onBegin = [&](const std::string&) {
    auto t = cache.newTemporary();
    if (!t) return fail(t.error());
    tmp = *t;
    out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out.open(tmp, std::ios::binary | std::ios::trunc);
    return out ? true : fail(nodeError(ErrorCode::Io, m_node, "cannot write into the cache"));
  };
  auto onData = [&](const char* d, size_t n) {
    out.write(d, static_cast<std::streamsize>(n));
    return out ? true : fail(nodeError(ErrorCode::Io, m_node, "cannot write into the cache (disk full?)"));
  };
  auto onEnd = [&]() {
    out.close();
    auto f = cache.commit(tmp);
    tmp.clear();
    if (!f) {
      report.failed.push_back({"", "", m_node.label() + ": a part of the answer is not DICOM: " + f.error().message});
      return true;
    }
    ++report.files;
    report.bytes += f->bytes;
    if (observer.onFile) observer.onFile(*f);
    if (observer.onProgress)
      observer.onProgress(Progress{report.files, report.bytes,
                                   std::chrono::duration<double>(Clock::now() - start).count(), expected});
    return !stop.stop_requested();
  };
  auto r = http.get(url, kMultipartDicom, [&](const char* d, size_t n) {
    if (m_bytesIn) *m_bytesIn += n;
    if (!reader) {  // the headers, and with them the boundary, are known by the first byte
      const std::string boundary = multipartBoundary(http.currentContentType());
      if (boundary.empty()) return true;  // an error page, or not multipart: see the status
      reader = std::make_unique<MultipartReader>(boundary, onBegin, onData, onEnd);
    }
    return reader->feed(d, n);
  }, "WADO-RS");
  if (out.is_open()) out.close();
  auto cleanup = [&] {
    std::error_code ec;
    if (!tmp.empty()) fs::remove(tmp, ec);
  };
  if (!r) {
    cleanup();
    if (failed) return failure;
    if (stop.stop_requested()) return nodeError(ErrorCode::Cancelled, m_node, "WADO-RS cancelled");
    if (!reader)  // stopped on an answer that is not multipart (an error page)
      return nodeError(ErrorCode::Malformed, m_node,
                       "WADO-RS: the answer is not multipart/related (" + http.currentContentType() + ")");
    return r.error();
  }
  cleanup();
  if (r->status == 204) return {};  // nothing to send
  if (r->status != 200 && r->status != 206) return http.statusError(r->status, "WADO-RS");
  if (!reader)
    return nodeError(ErrorCode::Malformed, m_node,
                     "WADO-RS: the answer is not multipart/related (" + http.currentContentType() + ")");
  if (reader && reader->inPart())
    return nodeError(ErrorCode::Truncated, m_node, "WADO-RS: the answer ended inside an instance");
  return {};
}

// A preview costs the server a second reading of the instance (Orthanc 1.10 parses all of it to
// answer /metadata and /frames/1), so it is fetched only on a link too slow for the instance
// itself: once the answer flows, when its rate over 300 ms says the rest needs over 2 s more.
bool worthPreviewing(const std::atomic<uint64_t>& bytesIn, uint64_t expected, std::stop_token stop) {
  using namespace std::chrono_literals;
  auto wait = [&](auto ready) {
    while (!stop.stop_requested() && !ready()) std::this_thread::sleep_for(20ms);
    return !stop.stop_requested();
  };
  if (!wait([&] { return bytesIn.load() > 0; })) return false;
  const uint64_t first = bytesIn.load();
  const auto t0 = Clock::now();
  if (!wait([&] { return Clock::now() - t0 >= 300ms; })) return false;
  const double rate = double(bytesIn.load() - first) / std::chrono::duration<double>(Clock::now() - t0).count();
  const double left = expected > bytesIn.load() ? double(expected - bytesIn.load()) : 0;
  return rate <= 0 || left / rate > 2.0;
}

// With onPreview: frame 1 of the first multi-frame instance is fetched beside the instances, so
// that a long cine shows while its hundreds of MB are still on their way.
Result<TransferReport> DicomWebClient::retrieve(const RetrieveRequest& request,
                                                const TransferObserver& observer, std::stop_token stop) {
  if (!observer.onPreview || request.studyUid.empty() || request.cacheDir.empty())
    return retrieveInstances(request, observer, stop);
  if (!RetrieveCache(request.cacheDir).completeInstances(request.studyUid).empty())
    return retrieveInstances(request, observer, stop);  // a resume: the cache shows the study already
  removeStalePreviews(request.cacheDir);
  static std::atomic<unsigned> serial{0};
  const fs::path folder = previewFolder(request.cacheDir) /
                          (std::to_string(getpid()) + "-" + std::to_string(++serial));
  std::mutex mutex;
  bool fileSeen = false;
  std::stop_source previewStop;
  std::stop_callback link(stop, [&] { previewStop.request_stop(); });
  TransferObserver inner = observer;
  inner.onPreview = nullptr;
  inner.onFile = [&](const ReceivedFile& f) {
    {
      std::lock_guard lock(mutex);
      fileSeen = true;
    }
    previewStop.request_stop();
    if (observer.onFile) observer.onFile(f);
  };
  std::atomic<uint64_t> bytesIn{0};
  m_bytesIn = &bytesIn;
  std::jthread preview([&, token = previewStop.get_token()] {
    auto target = findPreviewTarget(m_node, request, token);
    if (!target || !worthPreviewing(bytesIn, target->pixelBytes, token)) return;
    auto p = fetchFirstFrame(m_node, request, *target, folder, token);
    if (!p) return;  // best effort: the instances themselves follow anyway
    std::lock_guard lock(mutex);
    if (!fileSeen && !token.stop_requested()) observer.onPreview(*p);
  });
  auto result = retrieveInstances(request, inner, stop);
  previewStop.request_stop();
  preview.join();
  m_bytesIn = nullptr;
  std::error_code ec;
  fs::remove_all(folder, ec);
  return result;
}

Result<TransferReport> DicomWebClient::retrieveInstances(const RetrieveRequest& request,
                                                         const TransferObserver& observer,
                                                         std::stop_token stop) {
  if (request.studyUid.empty())
    return nodeError(ErrorCode::InvalidArgument, m_node, "WADO-RS: the Study Instance UID is required");
  if (request.cacheDir.empty()) return nodeError(ErrorCode::InvalidArgument, m_node, "WADO-RS: no cache folder");
  const auto start = Clock::now();
  const RetrieveCache cache(request.cacheDir);
  cache.removeTemporaries();
  TransferReport report;
  const std::set<std::string> have = cache.completeInstances(request.studyUid);
  std::vector<std::string> urls;
  std::string base = m_node.baseUrl + "/studies/" + urlEncode(request.studyUid);
  if (!request.seriesUid.empty()) base += "/series/" + urlEncode(request.seriesUid);
  if (!request.sopInstanceUid.empty()) base += "/instances/" + urlEncode(request.sopInstanceUid);
  long expected = -1;
  if (have.empty()) {
    urls.push_back(base);
  } else {  // resume: only the instances the cache does not hold yet
    std::vector<std::string> series;
    if (!request.seriesUid.empty()) {
      series.push_back(request.seriesUid);
    } else {
      Query q;
      q.level = QueryLevel::Series;
      q.studyUid = request.studyUid;
      if (auto s = find(q, [&](const QueryResult& m) { if (m.seriesInstanceUid) series.push_back(*m.seriesInstanceUid); }, stop); !s)
        return s.error();
    }
    for (const auto& se : series) {
      Query q;
      q.level = QueryLevel::Instance;
      q.studyUid = request.studyUid;
      q.seriesUid = se;
      if (auto s = find(q, [&](const QueryResult& m) {
            if (!m.sopInstanceUid) return;
            if (!request.sopInstanceUid.empty() && *m.sopInstanceUid != request.sopInstanceUid) return;
            if (have.count(*m.sopInstanceUid)) {
              ++report.skipped;
            } else {
              urls.push_back(m_node.baseUrl + "/studies/" + urlEncode(request.studyUid) + "/series/" +
                             urlEncode(se) + "/instances/" + urlEncode(*m.sopInstanceUid));
            }
          }, stop);
          !s)
        return s.error();
    }
    expected = static_cast<long>(urls.size());
  }
  HttpSession http(m_node);
  for (const auto& url : urls) {
    if (auto s = fetch(http, url, cache, report, observer, start, expected, stop); !s) {
      if (s.error().code == ErrorCode::Cancelled) cache.removeTemporaries(0);
      return s.error();
    }
  }
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

Result<TransferReport> DicomWebClient::store(const std::vector<fs::path>& files,
                                             const TransferObserver& observer, std::stop_token stop) {
  const auto start = Clock::now();
  TransferReport report;
  std::vector<Outgoing> out;
  for (const auto& f : files) {
    Outgoing o{f, metaSop(f), 0};
    std::error_code ec;
    o.bytes = fs::file_size(f, ec);
    if (o.sopInstance.empty() || ec) {
      report.failed.push_back({f.string(), "", f.string() + ": not a DICOM file with meta information (PS3.10): cannot be sent", true});
      continue;
    }
    out.push_back(std::move(o));
  }
  if (out.empty()) return report;
  // The body, streamed from the files: --B, part headers, file bytes, ..., --B-- (PS3.18 10.5).
  const std::string boundary = "fluoroview-stow-" + std::to_string(Clock::now().time_since_epoch().count());
  size_t index = 0;
  std::string pending;
  std::ifstream in;
  bool closed = false;
  auto source = [&](char* buffer, size_t size) -> size_t {
    if (stop.stop_requested()) return SIZE_MAX;
    while (pending.empty()) {
      if (in.is_open()) {
        in.read(buffer, static_cast<std::streamsize>(size));
        const auto got = static_cast<size_t>(in.gcount());
        if (got > 0) return got;
        in.close();
        pending = "\r\n";
        ++index;
        continue;
      }
      if (index < out.size()) {
        in.open(out[index].path, std::ios::binary);
        if (!in) return SIZE_MAX;
        pending = "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n";
        break;
      }
      if (closed) return 0;
      pending = "--" + boundary + "--\r\n";
      closed = true;
    }
    const size_t n = std::min(size, pending.size());
    std::copy_n(pending.data(), n, buffer);
    pending.erase(0, n);
    return n;
  };
  std::string body;
  HttpSession http(m_node);
  auto r = http.post(m_node.baseUrl + "/studies",
                     "multipart/related; type=\"application/dicom\"; boundary=" + boundary, source,
                     [&](const char* d, size_t n) { body.append(d, n); return body.size() < (16u << 20); },
                     "STOW-RS");
  if (!r) {
    if (stop.stop_requested()) return nodeError(ErrorCode::Cancelled, m_node, "STOW-RS cancelled");
    return r.error();
  }
  std::map<std::string, std::string> refused;  // SOP Instance UID -> why
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_discarded() && json.is_object()) {
    auto failed = json.find("00081198");  // Failed SOP Sequence
    if (failed != json.end() && failed->is_object() && failed->contains("Value") && (*failed)["Value"].is_array())
      for (const auto& item : (*failed)["Value"]) {
        auto uid = jsonValue(item, "00081155");
        auto reason = jsonValue(item, "00081197");
        if (uid) refused[*uid] = reason ? "failure reason " + *reason : "refused";
      }
  }
  const bool allFailed = r->status >= 400 && refused.empty();
  for (const auto& o : out) {
    if (allFailed) {
      report.failed.push_back({o.path.string(), o.sopInstance, http.statusError(r->status, "STOW-RS").message});
      continue;
    }
    if (auto it = refused.find(o.sopInstance); it != refused.end()) {
      report.failed.push_back({o.path.string(), o.sopInstance,
                               m_node.label() + ": STOW-RS refused " + o.path.filename().string() + " (" + it->second + ")",
                               true});
      continue;
    }
    ++report.files;
    report.bytes += o.bytes;
    if (observer.onFile) observer.onFile(ReceivedFile{o.path, "", "", o.sopInstance, o.bytes});
  }
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (observer.onProgress) observer.onProgress(Progress{report.files, report.bytes, report.seconds, static_cast<long>(out.size())});
  if (allFailed && r->status == 401) return http.statusError(r->status, "STOW-RS");
  return report;
}

}  // namespace

std::unique_ptr<PacsClient> makeDicomWebClient(const Node& node) {
  return std::make_unique<DicomWebClient>(node);
}

}  // namespace fv::net
