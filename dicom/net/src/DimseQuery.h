// C-FIND identifiers (PS3.4 C.4.1, Study Root) from our Query, and QueryResult from a response.
// Private to fv_net.
#pragma once

#include <memory>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>

#include "fv/net/Query.h"

namespace fv::net {

/// The query keys: matching keys from `query`, empty return keys for every QueryResult field.
std::unique_ptr<DcmDataset> findIdentifier(const Query& query);

/// A match (text decoded to UTF-8 per its Specific Character Set).
QueryResult parseFindResponse(DcmDataset& dataset, QueryLevel level);

}  // namespace fv::net
