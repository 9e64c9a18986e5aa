// One DIMSE association with a node: DcmSCU set up with our timeouts, AE titles and TLS.
// Private to fv_net.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"

class DcmTLSTransportLayer;

namespace fv::net {

/// A presentation context to propose: abstract syntax, transfer syntaxes, our role.
struct ProposedContext {
  std::string abstractSyntax;
  std::vector<std::string> transferSyntaxes;
  T_ASC_SC_ROLE role = ASC_SC_ROLE_DEFAULT;
};

/// The transfer syntaxes we decode (PS3.5 Table A-1), best first, then the uncompressed ones.
const std::vector<std::string>& decodableTransferSyntaxes();
/// Explicit VR Little Endian, Implicit VR Little Endian.
const std::vector<std::string>& uncompressedTransferSyntaxes();
/// Storage SOP classes we receive in a C-GET (at most 60: two contexts each fit in 128).
const std::vector<std::string>& retrieveStorageClasses();

/// DcmSCU configured for a node. Subclasses override DcmSCU's handlers.
class DimseAssociation : public DcmSCU {
 public:
  explicit DimseAssociation(const Node& node);
  ~DimseAssociation() override;
  /// Proposes the contexts, connects and negotiates; the Error names the node and the reason.
  fv::dicom::Status open(const std::vector<ProposedContext>& contexts, const std::string& what);
  /// Releases (or aborts, after a failure or cancel) the association if open.
  void close(bool abort = false);
  /// The accepted context for an abstract syntax (any transfer syntax), 0 if none.
  T_ASC_PresentationContextID acceptedContext(const std::string& abstractSyntax);

  const Node& node() const { return m_node; }

 private:
  Node m_node;
  std::unique_ptr<DcmTLSTransportLayer> m_tls;
};

}  // namespace fv::net
