#include "DimseClient.h"

#include <chrono>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "DimseAssociation.h"
#include "DimseQuery.h"
#include "DimseRetrieve.h"
#include "DimseStore.h"
#include "NetError.h"

namespace fv::net {
namespace {
using fv::dicom::ErrorCode;
using fv::dicom::Result;
using fv::dicom::Status;

/// C-FIND that hands over each match as it arrives and honours a stop request (C-CANCEL).
class FindAssociation final : public DimseAssociation {
 public:
  FindAssociation(const Node& node, QueryLevel level,
                  const std::function<void(const QueryResult&)>& onResult, std::stop_token stop)
      : DimseAssociation(node), m_level(level), m_onResult(onResult), m_stop(std::move(stop)) {}
  bool cancelled = false;
  Uint16 finalStatus = 0;

 protected:
  OFCondition handleFINDResponse(const T_ASC_PresentationContextID presID, QRResponse* response,
                                 OFBool& waitForNextResponse) override {
    OFCondition c = DcmSCU::handleFINDResponse(presID, response, waitForNextResponse);
    if (response && DICOM_PENDING_STATUS(response->m_status) && response->m_dataset)
      m_onResult(parseFindResponse(*response->m_dataset, m_level));
    if (response && !DICOM_PENDING_STATUS(response->m_status)) finalStatus = response->m_status;
    if (m_stop.stop_requested() && waitForNextResponse) {
      cancelled = true;
      (void)sendCANCELRequest(presID);
      waitForNextResponse = OFFalse;  // the association is aborted right after
    }
    return c;
  }

 private:
  QueryLevel m_level;
  const std::function<void(const QueryResult&)>& m_onResult;
  std::stop_token m_stop;
};

class DimseClient final : public PacsClient {
 public:
  explicit DimseClient(Node node) : m_node(std::move(node)) {}
  const Node& node() const override { return m_node; }

  Status echo() override {
    DimseAssociation a(m_node);
    if (auto s = a.open({{UID_VerificationSOPClass, uncompressedTransferSyntaxes()}}, "C-ECHO");
        !s)
      return s;
    const T_ASC_PresentationContextID pc = a.acceptedContext(UID_VerificationSOPClass);
    if (pc == 0) return nodeError(ErrorCode::Refused, m_node, "C-ECHO: verification not accepted");
    const OFCondition c = a.sendECHORequest(pc);
    if (c.bad()) {
      a.close(true);
      return networkError(c, m_node, "C-ECHO");
    }
    a.close();
    return {};
  }

  Status find(const Query& query, const std::function<void(const QueryResult&)>& onResult,
              std::stop_token stop) override {
    if (query.level != QueryLevel::Study && query.studyUid.empty())
      return nodeError(ErrorCode::InvalidArgument, m_node,
                       "C-FIND: a series or instance query needs the Study Instance UID");
    if (query.level == QueryLevel::Instance && query.seriesUid.empty())
      return nodeError(ErrorCode::InvalidArgument, m_node,
                       "C-FIND: an instance query needs the Series Instance UID");
    FindAssociation a(m_node, query.level, onResult, stop);
    const std::string model = UID_FINDStudyRootQueryRetrieveInformationModel;
    if (auto s = a.open({{model, uncompressedTransferSyntaxes()}}, "C-FIND"); !s) return s;
    const T_ASC_PresentationContextID pc = a.acceptedContext(model);
    if (pc == 0)
      return nodeError(ErrorCode::Refused, m_node, "C-FIND: Study Root query not accepted");
    auto keys = findIdentifier(query);
    const OFCondition c = a.sendFINDRequest(pc, keys.get(), nullptr);
    if (a.cancelled) {
      a.close(true);
      return nodeError(ErrorCode::Cancelled, m_node, "C-FIND cancelled");
    }
    if (c.bad()) {
      a.close(true);
      return networkError(c, m_node, "C-FIND");
    }
    a.close();
    if (a.finalStatus != STATUS_Success)
      return nodeError(ErrorCode::Refused, m_node,
                       "C-FIND failed with status " + statusText(a.finalStatus));
    return {};
  }

  Result<TransferReport> retrieve(const RetrieveRequest& request, const TransferObserver& observer,
                                  std::stop_token stop) override {
    return dimseRetrieve(m_node, request, observer, std::move(stop));
  }

  Result<TransferReport> store(const std::vector<std::filesystem::path>& files,
                               const TransferObserver& observer, std::stop_token stop) override {
    return dimseStore(m_node, files, observer, std::move(stop));
  }

 private:
  static std::string statusText(Uint16 s) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", s);
    return buf;
  }
  Node m_node;
};
}  // namespace

std::unique_ptr<PacsClient> makeDimseClient(const Node& node) {
  return std::make_unique<DimseClient>(node);
}

}  // namespace fv::net
