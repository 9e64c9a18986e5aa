#include "fv/net/StorageScp.h"

#include <atomic>
#include <thread>

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/scp.h>
#include <dcmtk/dcmtls/tlslayer.h>

#include "DcmtkBridge.h"
#include "DimseAssociation.h"
#include "NetError.h"
#include "fv/net/RetrieveCache.h"

namespace fv::net {
using fv::dicom::ErrorCode;

/// DcmSCP that accepts only storage from allowed AE titles and writes into the cache.
class GuardedStorageScp final : public DcmSCP {
 public:
  GuardedStorageScp(StorageScpConfig cfg, std::function<void(const ReceivedFile&)> onFile)
      : m_cfg(std::move(cfg)), m_cache(m_cfg.cacheDir), m_onFile(std::move(onFile)) {}

  std::atomic<bool> stopping{false};
  std::atomic<long> files{0}, refused{0};

  const StorageScpConfig& config() const { return m_cfg; }

 protected:
  OFBool checkCallingAETitleAccepted(const OFString& callingAE) override {
    std::string aet = callingAE.c_str();
    while (!aet.empty() && aet.back() == ' ') aet.pop_back();
    const bool ok = m_cfg.allowedCallingAets.count(aet) > 0;
    if (!ok) ++refused;
    return ok;
  }
  OFBool checkCalledAETitleAccepted(const OFString& calledAE) override {
    std::string aet = calledAE.c_str();
    while (!aet.empty() && aet.back() == ' ') aet.pop_back();
    if (aet != m_cfg.aet) ++refused;
    return aet == m_cfg.aet;
  }
  OFCondition handleIncomingCommand(T_DIMSE_Message* msg,
                                    const DcmPresentationContextInfo& info) override {
    if (msg->CommandField != DIMSE_C_STORE_RQ) return DcmSCP::handleIncomingCommand(msg, info);
    T_DIMSE_C_StoreRQ& req = msg->msg.CStoreRQ;
    auto tmp = m_cache.newTemporary();
    if (!tmp) {
      DcmDataset* ignored = nullptr;  // consume the data set, answer "out of resources"
      OFCondition c = receiveSTORERequest(req, info.presentationContextID, ignored);
      delete ignored;
      if (c.bad()) return c;
      return sendSTOREResponse(info.presentationContextID, req, STATUS_STORE_Refused_OutOfResources);
    }
    // Our own temporary name, never one built from the peer's SOP Instance UID.
    OFCondition c = receiveSTORERequest(req, info.presentationContextID, tmp->c_str());
    if (c.bad()) {
      std::error_code ec;
      std::filesystem::remove(*tmp, ec);  // nothing half-written stays
      return c;
    }
    Uint16 status = STATUS_Success;
    auto f = m_cache.commit(*tmp);
    if (!f) {
      status = STATUS_STORE_Error_CannotUnderstand;
    } else {
      ++files;
      if (m_onFile) m_onFile(*f);
    }
    return sendSTOREResponse(info.presentationContextID, req, status);
  }
  OFBool stopAfterConnectionTimeout() override { return stopping.load(); }
  OFBool stopAfterCurrentAssociation() override { return stopping.load(); }

 private:
  StorageScpConfig m_cfg;
  RetrieveCache m_cache;
  std::function<void(const ReceivedFile&)> m_onFile;
};

struct StorageScp::Impl {
  std::unique_ptr<GuardedStorageScp> scp;
  std::unique_ptr<DcmTLSTransportLayer> tls;
  std::thread thread;
};

StorageScp::StorageScp(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

StorageScp::~StorageScp() {
  if (!m_impl) return;
  m_impl->scp->stopping = true;
  if (m_impl->thread.joinable()) m_impl->thread.join();
}

long StorageScp::filesReceived() const { return m_impl->scp->files.load(); }
long StorageScp::associationsRefused() const { return m_impl->scp->refused.load(); }

fv::dicom::Result<std::unique_ptr<StorageScp>> StorageScp::start(
    StorageScpConfig cfg, std::function<void(const ReceivedFile&)> onFile) {
  Node self;  // for messages
  self.calledAet = cfg.aet;
  self.host = "this workstation";
  self.port = cfg.port;
  if (!isValidAeTitle(cfg.aet) || cfg.port == 0)
    return nodeError(ErrorCode::InvalidArgument, self, "storage SCP: AE title and port are required");
  if (cfg.allowedCallingAets.empty())
    return nodeError(ErrorCode::InvalidArgument, self,
                     "storage SCP: no peer AE title is allowed (configure the PACS's AE title)");
  if (cfg.cacheDir.empty())
    return nodeError(ErrorCode::InvalidArgument, self, "storage SCP: no cache folder");
  fv::dicom::bridge::configureDcmtk();
  auto impl = std::make_unique<Impl>();
  impl->scp = std::make_unique<GuardedStorageScp>(cfg, std::move(onFile));
  DcmSCPConfig& c = impl->scp->getConfig();
  c.setAETitle(cfg.aet.c_str());
  c.setPort(cfg.port);
  const Uint32 t = static_cast<Uint32>(cfg.timeoutSeconds > 0 ? cfg.timeoutSeconds : 30);
  c.setConnectionBlockingMode(DUL_NOBLOCK);
  c.setConnectionTimeout(1);  // how often the listener checks for a stop request
  c.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  c.setDIMSETimeout(t);
  c.setACSETimeout(t);
  c.setHostLookupEnabled(OFFalse);
  c.setVerbosePCMode(OFFalse);
  // Only storage SOP classes (PS3.4 B.5) and verification: anything else is refused.
  OFList<OFString> ts;
  for (const auto& s : decodableTransferSyntaxes()) ts.push_back(s.c_str());
  // (DCMTK's association profiles hold at most 128 contexts: our retrieve classes, not all.)
  for (const auto& cls : retrieveStorageClasses())
    if (c.addPresentationContext(cls.c_str(), ts).bad())
      return nodeError(ErrorCode::Internal, self, "storage SCP: cannot accept " + cls);
  if (c.addPresentationContext(UID_VerificationSOPClass, ts).bad())
    return nodeError(ErrorCode::Internal, self, "storage SCP: cannot accept verification");
  if (cfg.tls) {
    impl->tls = std::make_unique<DcmTLSTransportLayer>(NET_ACCEPTOR, nullptr, OFTrue);
    const auto& s = cfg.tlsSettings;
    if (impl->tls->setTLSProfile(TSP_Profile_BCP195).bad() || impl->tls->activateCipherSuites().bad() ||
        impl->tls->setPrivateKeyFile(s.keyFile.c_str(), DCF_Filetype_PEM).bad() ||
        impl->tls->setCertificateFile(s.certFile.c_str(), DCF_Filetype_PEM).bad())
      return nodeError(ErrorCode::InvalidArgument, self, "storage SCP: TLS key or certificate cannot be read");
    if (!s.caFile.empty()) impl->tls->addTrustedCertificateFile(s.caFile.c_str(), DCF_Filetype_PEM);
    impl->tls->setCertificateVerification(s.verifyPeer ? DCV_requireCertificate : DCV_ignoreCertificate);
    c.setTransportLayer(impl->tls.get());
  }
  OFCondition cond = impl->scp->openListenPort();
  if (cond.bad())
    return networkError(cond, self, "storage SCP cannot listen on port " + std::to_string(cfg.port));
  GuardedStorageScp* scp = impl->scp.get();
  impl->thread = std::thread([scp] { (void)scp->acceptAssociations(); });
  return std::unique_ptr<StorageScp>(new StorageScp(std::move(impl)));
}

}  // namespace fv::net
