// DIMSE (PS3.7) over DCMTK's dcmnet/dcmtls: the PacsClient of dicom:// and dicoms:// nodes.
#pragma once

#include <memory>

#include "fv/net/PacsClient.h"

namespace fv::net {

/// A PacsClient speaking DIMSE to node.host:node.port.
std::unique_ptr<PacsClient> makeDimseClient(const Node& node);

}  // namespace fv::net
