// PLACEHOLDER until the DIMSE client lands (issue 11, main).
#include "DimseClient.h"

namespace fv::net {
namespace {
using fv::dicom::ErrorCode;
using fv::dicom::makeError;
class Pending final : public PacsClient {
 public:
  explicit Pending(Node n) : m_node(std::move(n)) {}
  const Node& node() const override { return m_node; }
  fv::dicom::Status echo() override { return err(); }
  fv::dicom::Status find(const Query&, const std::function<void(const QueryResult&)>&,
                         std::stop_token) override { return err(); }
  fv::dicom::Result<TransferReport> retrieve(const RetrieveRequest&, const TransferObserver&,
                                             std::stop_token) override { return err(); }
  fv::dicom::Result<TransferReport> store(const std::vector<std::filesystem::path>&,
                                          const TransferObserver&, std::stop_token) override {
    return err();
  }
 private:
  fv::dicom::Error err() const {
    return makeError(ErrorCode::Unsupported, m_node.label() + ": DIMSE is not built yet");
  }
  Node m_node;
};
}  // namespace
std::unique_ptr<PacsClient> makeDimseClient(const Node& node) {
  return std::make_unique<Pending>(node);
}
}  // namespace fv::net
