// DICOMweb (QIDO-RS, WADO-RS, STOW-RS; PS3.18) over libcurl: the PacsClient of http(s) nodes.
#pragma once

#include <memory>

#include "fv/net/PacsClient.h"

namespace fv::net {

/// A PacsClient speaking DICOMweb to node.baseUrl.
std::unique_ptr<PacsClient> makeDicomWebClient(const Node& node);

}  // namespace fv::net
