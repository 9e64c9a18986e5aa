// The one interface over DIMSE and DICOMweb: echo, find, retrieve, store.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <vector>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"
#include "fv/net/Query.h"
#include "fv/net/Transfer.h"

namespace fv::net {

/// A connection-less client of one node: every call opens its own association / HTTP session,
/// is bounded by Node::timeoutSeconds per network step, and never throws. Errors name the node.
class PacsClient {
 public:
  virtual ~PacsClient() = default;
  /// The node this client talks to.
  virtual const Node& node() const = 0;
  /// C-ECHO (PS3.7 9.1.5) / a QIDO-RS request that must answer 200 or 204.
  virtual fv::dicom::Status echo() = 0;
  /// C-FIND (Study Root, PS3.4 C.4.1) / QIDO-RS: each match is passed to onResult as it arrives;
  /// a stop request ends the query early (C-CANCEL) and returns Cancelled.
  virtual fv::dicom::Status find(const Query& query,
                                 const std::function<void(const QueryResult&)>& onResult,
                                 std::stop_token stop = {}) = 0;
  /// C-GET / C-MOVE / WADO-RS into the cache; instances already complete there are skipped
  /// (resume). A failure of the whole transfer is an Error; per-instance failures are in the
  /// report. A stop request keeps the complete files and returns Cancelled.
  virtual fv::dicom::Result<TransferReport> retrieve(const RetrieveRequest& request,
                                                     const TransferObserver& observer = {},
                                                     std::stop_token stop = {}) = 0;
  /// C-STORE (each file's own transfer syntax first, then Explicit VR Little Endian) / STOW-RS.
  virtual fv::dicom::Result<TransferReport> store(const std::vector<std::filesystem::path>& files,
                                                  const TransferObserver& observer = {},
                                                  std::stop_token stop = {}) = 0;
};

/// The client for a node's protocol.
std::unique_ptr<PacsClient> makeClient(const Node& node);

}  // namespace fv::net
