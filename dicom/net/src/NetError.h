// The OFCondition → Error bridge of the network layer: names the node and the reason.
// Private to fv_net (includes DCMTK).
#pragma once

#include <string>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/ofstd/ofcond.h>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"

namespace fv::net {

/// An Error for a failed DCMTK network call: code Network / Timeout / Refused as the condition
/// says, message "<node label>: <what>: <reason>", DCMTK's text in detail.
fv::dicom::Error networkError(const OFCondition& condition, const Node& node,
                              const std::string& what);

/// An Error about the node without a DCMTK condition.
fv::dicom::Error nodeError(fv::dicom::ErrorCode code, const Node& node, const std::string& what);

}  // namespace fv::net
