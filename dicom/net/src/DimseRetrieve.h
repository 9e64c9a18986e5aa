// C-GET / C-MOVE into the RetrieveCache (PS3.4 C.4.2, C.4.3), resumable. Private to fv_net.
#pragma once

#include <stop_token>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"
#include "fv/net/Transfer.h"

namespace fv::net {

/// Retrieves what `request` names; instances complete in the cache are not fetched again.
fv::dicom::Result<TransferReport> dimseRetrieve(const Node& node, const RetrieveRequest& request,
                                                const TransferObserver& observer,
                                                std::stop_token stop);

}  // namespace fv::net
