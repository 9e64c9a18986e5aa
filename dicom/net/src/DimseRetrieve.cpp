#include "DimseRetrieve.h"

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "DimseAssociation.h"
#include "DimseClient.h"
#include "NetError.h"
#include "fv/net/RetrieveCache.h"
#include "fv/net/StorageScp.h"

namespace fv::net {
namespace {
using fv::dicom::ErrorCode;
using Clock = std::chrono::steady_clock;

/// What one retrieve has received so far, shared by the C-GET handler and the move SCP.
struct Tally {
  std::mutex mutex;
  TransferReport report;
  Clock::time_point start = Clock::now();
  long expected = -1;
  const TransferObserver* observer = nullptr;

  void received(const ReceivedFile& f) {
    std::lock_guard lock(mutex);
    ++report.files;
    report.bytes += f.bytes;
    if (observer && observer->onFile) observer->onFile(f);
    if (observer && observer->onProgress)
      observer->onProgress(Progress{report.files, report.bytes, seconds(), expected});
  }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
  // A C-GET/C-MOVE response: the announced total (PS3.4 C.4.2.1.4), and the final status.
  void response(const RetrieveResponse* r, Uint16& finalStatus, long& failedSubOperations) {
    if (!r) return;
    std::lock_guard lock(mutex);
    const long total = r->m_numberOfRemainingSubops + r->m_numberOfCompletedSubops +
                       r->m_numberOfFailedSubops + r->m_numberOfWarningSubops;
    if (expected < 0 && total > 0) expected = total;
    if (!DICOM_PENDING_STATUS(r->m_status)) {
      finalStatus = r->m_status;
      failedSubOperations = r->m_numberOfFailedSubops;
    }
  }
};

/// The identifier of a C-GET / C-MOVE at the narrowest level the request names.
std::unique_ptr<DcmDataset> retrieveKeys(const std::string& study, const std::string& series,
                                         const std::string& sop) {
  auto ds = std::make_unique<DcmDataset>();
  ds->putAndInsertString(DCM_QueryRetrieveLevel,
                         !sop.empty() ? "IMAGE" : !series.empty() ? "SERIES" : "STUDY");
  ds->putAndInsertString(DCM_StudyInstanceUID, study.c_str());
  if (!series.empty()) ds->putAndInsertString(DCM_SeriesInstanceUID, series.c_str());
  if (!sop.empty()) ds->putAndInsertString(DCM_SOPInstanceUID, sop.c_str());
  return ds;
}

/// C-GET: the PACS's C-STOREs arrive on our association; each is streamed to a temporary file
/// of the cache (never to the name the peer suggests) and committed when complete.
class GetAssociation final : public DimseAssociation {
 public:
  GetAssociation(const Node& node, const RetrieveCache& cache, Tally& tally, std::stop_token stop)
      : DimseAssociation(node), m_cache(cache), m_tally(tally), m_stop(std::move(stop)) {
    setStorageMode(DCMSCU_STORAGE_BIT_PRESERVING);
  }
  bool cancelled = false;
  long failedSubOperations = 0;
  std::string storeError;
  OFCondition receiveError = EC_Normal;

 protected:
  OFCondition handleSTORERequestFile(T_ASC_PresentationContextID* presID, const OFString& /*peerName*/,
                                     T_DIMSE_C_StoreRQ* request) override {
    if (m_stop.stop_requested()) {
      cancelled = true;
      return DIMSE_ILLEGALASSOCIATION;  // ends the session; the association is aborted
    }
    auto tmp = m_cache.newTemporary();
    if (!tmp) {
      storeError = tmp.error().toString();
      return EC_IllegalCall;
    }
    // DCMTK 3.6.7 would build the name from the peer's SOP Instance UID (path traversal,
    // CVE-2026-50003): we pass our own temporary name instead.
    const OFCondition c = DcmSCU::handleSTORERequestFile(presID, tmp->c_str(), request);
    if (c.bad()) {
      std::error_code ec;
      std::filesystem::remove(*tmp, ec);
      receiveError = c;  // DcmSCU's session reports only whether its response could be sent
      return c;
    }
    auto f = m_cache.commit(*tmp);
    if (!f) {
      std::lock_guard lock(m_tally.mutex);
      m_tally.report.failed.push_back({"", request->AffectedSOPInstanceUID, f.error().toString()});
      return EC_Normal;
    }
    m_tally.received(*f);
    return EC_Normal;
  }

  OFCondition handleCGETResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                 OFBool& continueSession) override {
    const OFCondition c = DcmSCU::handleCGETResponse(presID, response, continueSession);
    m_tally.response(response, finalStatus, failedSubOperations);
    return c;
  }

 public:
  Uint16 finalStatus = 0;

 private:
  const RetrieveCache& m_cache;
  Tally& m_tally;
  std::stop_token m_stop;
};

/// C-MOVE: responses only; the instances arrive at our storage SCP.
class MoveAssociation final : public DimseAssociation {
 public:
  MoveAssociation(const Node& node, Tally& tally, std::stop_token stop)
      : DimseAssociation(node), m_tally(tally), m_stop(std::move(stop)) {}
  bool cancelled = false;
  Uint16 finalStatus = 0;
  long failedSubOperations = 0;

 protected:
  OFCondition handleMOVEResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                 OFBool& waitForNextResponse) override {
    const OFCondition c = DcmSCU::handleMOVEResponse(presID, response, waitForNextResponse);
    m_tally.response(response, finalStatus, failedSubOperations);
    if (m_stop.stop_requested() && waitForNextResponse) {
      cancelled = true;
      (void)sendCANCELRequest(presID);
      waitForNextResponse = OFFalse;
    }
    return c;
  }

 private:
  Tally& m_tally;
  std::stop_token m_stop;
};

struct Target {
  std::string study, series, sop;
  std::string sopClass;  ///< from the listing, when known
};

// The instances still missing from the cache (resume), or the request itself when the cache
// holds nothing of the study.
fv::dicom::Result<std::vector<Target>> missingTargets(const Node& node, const RetrieveRequest& r,
                                                      const RetrieveCache& cache, bool list,
                                                      long& skipped) {
  const std::set<std::string> have = cache.completeInstances(r.studyUid);
  if (have.empty() && !list) return std::vector<Target>{{r.studyUid, r.seriesUid, r.sopInstanceUid}};
  if (!r.sopInstanceUid.empty()) {
    if (have.count(r.sopInstanceUid)) {
      skipped = 1;
      return std::vector<Target>{};
    }
    return std::vector<Target>{{r.studyUid, r.seriesUid, r.sopInstanceUid}};
  }
  auto client = makeDimseClient(node);
  std::vector<std::string> series;
  if (!r.seriesUid.empty()) {
    series.push_back(r.seriesUid);
  } else {
    Query q;
    q.level = QueryLevel::Series;
    q.studyUid = r.studyUid;
    if (auto s = client->find(q, [&](const QueryResult& m) {
          if (m.seriesInstanceUid) series.push_back(*m.seriesInstanceUid);
        });
        !s)
      return s.error();
  }
  std::vector<Target> missing;
  for (const auto& se : series) {
    Query q;
    q.level = QueryLevel::Instance;
    q.studyUid = r.studyUid;
    q.seriesUid = se;
    if (auto s = client->find(q, [&](const QueryResult& m) {
          if (!m.sopInstanceUid) return;
          if (have.count(*m.sopInstanceUid))
            ++skipped;
          else
            missing.push_back({r.studyUid, se, *m.sopInstanceUid, m.sopClassUid.value_or("")});
        });
        !s)
      return s.error();
  }
  return missing;
}

std::string hex(Uint16 s) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", s);
  return buf;
}

// The storage contexts (SCP role) a C-GET proposes. A PACS must send each instance in a transfer
// syntax accepted for its class (PS3.4 C.4.3.1.2), and it accepts one per context: with the
// classes known from the listing, each gets one context per syntax we decode, so every instance
// comes as stored (bit-preserving; no transcoding by the PACS). Otherwise, or beyond the 128
// contexts an association holds (PS3.8 9.3.2.2), each class twice: what we decode (the PACS's
// pick), then uncompressed.
void getStorageContexts(const std::vector<Target>& targets, std::vector<ProposedContext>& contexts) {
  constexpr size_t kMaxContexts = 128;
  std::set<std::string> classes;
  for (const Target& t : targets)
    if (!t.sopClass.empty()) classes.insert(t.sopClass);
  const size_t perClass = decodableTransferSyntaxes().size();
  if (!classes.empty() && contexts.size() + classes.size() * perClass <= kMaxContexts) {
    for (const auto& cls : classes)
      for (const auto& ts : decodableTransferSyntaxes()) contexts.push_back({cls, {ts}, ASC_SC_ROLE_SCP});
    return;
  }
  for (const auto& cls : retrieveStorageClasses()) {
    contexts.push_back({cls, decodableTransferSyntaxes(), ASC_SC_ROLE_SCP});
    contexts.push_back({cls, uncompressedTransferSyntaxes(), ASC_SC_ROLE_SCP});
  }
}

// Opens one association and retrieves `targets` on it; the first failure ends it.
fv::dicom::Status retrieveOn(const Node& node, const RetrieveRequest& request,
                             const RetrieveCache& cache, Tally& tally,
                             const std::vector<Target>& targets, std::stop_token stop) {
  const std::string what = request.useMove ? "C-MOVE" : "C-GET";
  const std::string model = request.useMove ? UID_MOVEStudyRootQueryRetrieveInformationModel
                                            : UID_GETStudyRootQueryRetrieveInformationModel;
  std::vector<ProposedContext> contexts{{model, uncompressedTransferSyntaxes()}};
  if (!request.useMove) getStorageContexts(targets, contexts);
  std::unique_ptr<GetAssociation> get;
  std::unique_ptr<MoveAssociation> move;
  DimseAssociation* a = nullptr;
  if (request.useMove)
    a = (move = std::make_unique<MoveAssociation>(node, tally, stop)).get();
  else
    a = (get = std::make_unique<GetAssociation>(node, cache, tally, stop)).get();
  if (auto s = a->open(contexts, what); !s) return s.error();
  const T_ASC_PresentationContextID pc = a->acceptedContext(model);
  if (pc == 0) return nodeError(ErrorCode::Refused, node, what + ": Study Root retrieve not accepted");

  for (const Target& t : targets) {
    auto keys = retrieveKeys(t.study, t.series, t.sop);
    OFCondition c;
    if (request.useMove)
      c = move->sendMOVERequest(pc, request.listenAet.c_str(), keys.get(), nullptr);
    else
      c = get->sendCGETRequest(pc, keys.get(), nullptr);
    const bool cancelled = request.useMove ? move->cancelled : get->cancelled;
    if (cancelled || stop.stop_requested()) {
      a->close(true);
      return nodeError(ErrorCode::Cancelled, node, what + " cancelled");
    }
    if (c.good() && get && get->receiveError.bad()) c = get->receiveError;
    if (c.good() && get && !get->storeError.empty()) c = EC_IllegalCall;
    if (c.bad()) {
      a->close(true);
      if (get && !get->storeError.empty())
        return nodeError(ErrorCode::Io, node, what + ": " + get->storeError);
      return networkError(c, node, what);
    }
    const Uint16 status = request.useMove ? move->finalStatus : get->finalStatus;
    const long failed = request.useMove ? move->failedSubOperations : get->failedSubOperations;
    long files = 0;
    {
      std::lock_guard lock(tally.mutex);
      files = tally.report.files;
    }
    if (status != STATUS_Success && failed == 0 && files == 0) {
      a->close();
      return nodeError(ErrorCode::Refused, node, what + " failed with status " + hex(status));
    }
    if (failed > 0) {
      std::lock_guard lock(tally.mutex);
      tally.report.failed.push_back({"", t.sop, node.label() + ": " + std::to_string(failed) +
                                                    " instance(s) could not be sent by the PACS (status " +
                                                    hex(status) + ")"});
    }
  }
  a->close();
  return {};
}

// Associations used for a C-GET of many instances: the PACS serves each C-GET with a latency
// (Orthanc: ~50 ms per instance), so several associations in parallel multiply the throughput.
constexpr size_t kParallelAssociations = 4;
constexpr size_t kInstancesPerAssociation = 8;
}  // namespace

fv::dicom::Result<TransferReport> dimseRetrieve(const Node& node, const RetrieveRequest& request,
                                                const TransferObserver& observer,
                                                std::stop_token stop) {
  const std::string what = request.useMove ? "C-MOVE" : "C-GET";
  if (request.studyUid.empty())
    return nodeError(ErrorCode::InvalidArgument, node, what + ": the Study Instance UID is required");
  if (request.cacheDir.empty())
    return nodeError(ErrorCode::InvalidArgument, node, what + ": no cache folder");
  const RetrieveCache cache(request.cacheDir);
  cache.removeTemporaries();
  Tally tally;
  tally.observer = &observer;
  long skipped = 0;
  // C-GET lists the instances first (C-FIND), to spread them over several associations; a
  // PACS that cannot list them is asked for the whole request at once.
  auto targets = missingTargets(node, request, cache, !request.useMove, skipped);
  if (!targets && !request.useMove && cache.completeInstances(request.studyUid).empty()) {
    skipped = 0;
    targets = std::vector<Target>{{request.studyUid, request.seriesUid, request.sopInstanceUid}};
  }
  if (!targets) return targets.error();
  tally.report.skipped = skipped;
  if (targets->empty()) {
    tally.report.seconds = tally.seconds();
    return tally.report;
  }
  const bool listed = targets->size() > 1 || !targets->front().sop.empty();
  if (listed) tally.expected = static_cast<long>(targets->size());  // else the PACS says

  std::unique_ptr<StorageScp> scp;
  if (request.useMove) {
    StorageScpConfig cfg;
    cfg.aet = request.listenAet;
    cfg.port = request.listenPort;
    cfg.allowedCallingAets = {node.calledAet};
    cfg.cacheDir = request.cacheDir;
    cfg.timeoutSeconds = node.timeoutSeconds;
    auto started = StorageScp::start(cfg, [&](const ReceivedFile& f) { tally.received(f); });
    if (!started) return started.error();
    scp = std::move(*started);
  }

  fv::dicom::Status status;
  const size_t n = request.useMove ? 1
                                   : std::min(kParallelAssociations,
                                              std::max<size_t>(1, targets->size() / kInstancesPerAssociation));
  if (n <= 1) {
    status = retrieveOn(node, request, cache, tally, *targets, stop);
  } else {
    std::stop_source inner;  // the caller's stop, or the first failure, stops every association
    std::stop_callback forward(stop, [&] { inner.request_stop(); });
    std::vector<std::vector<Target>> slices(n);
    for (size_t i = 0; i < targets->size(); ++i) slices[i % n].push_back((*targets)[i]);
    std::vector<fv::dicom::Status> results(n);
    std::vector<std::thread> workers;
    for (size_t i = 0; i < n; ++i)
      workers.emplace_back([&, i] {
        results[i] = retrieveOn(node, request, cache, tally, slices[i], inner.get_token());
        if (!results[i]) inner.request_stop();
      });
    for (auto& w : workers) w.join();
    for (const auto& r : results)  // the real failure, not the Cancelled it caused in the others
      if (!r && (status.ok() || status.error().code == ErrorCode::Cancelled)) status = r;
    if (stop.stop_requested()) status = nodeError(ErrorCode::Cancelled, node, what + " cancelled");
  }
  scp.reset();  // a C-MOVE's last C-STORE is complete before the final response (PS3.4 C.4.2.3)
  if (!status) {
    if (status.error().code == ErrorCode::Cancelled) cache.removeTemporaries(0);
    return status.error();
  }
  std::lock_guard lock(tally.mutex);
  tally.report.seconds = tally.seconds();
  return tally.report;
}

}  // namespace fv::net
