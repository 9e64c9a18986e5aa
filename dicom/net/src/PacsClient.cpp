#include "fv/net/PacsClient.h"

#include "DicomWebClient.h"
#include "DimseClient.h"

namespace fv::net {

std::unique_ptr<PacsClient> makeClient(const Node& node) {
  if (node.protocol == Protocol::DicomWeb) return makeDicomWebClient(node);
  return makeDimseClient(node);
}

}  // namespace fv::net
