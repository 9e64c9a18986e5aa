// C-STORE of files (PS3.4 B): each file's own transfer syntax first, then uncompressed.
// Private to fv_net.
#pragma once

#include <filesystem>
#include <stop_token>
#include <vector>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"
#include "fv/net/Transfer.h"

namespace fv::net {

/// Sends `files` to the node; observer.onFile after each file the PACS acknowledged.
fv::dicom::Result<TransferReport> dimseStore(const Node& node,
                                             const std::vector<std::filesystem::path>& files,
                                             const TransferObserver& observer, std::stop_token stop);

}  // namespace fv::net
