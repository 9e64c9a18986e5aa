#include "NetError.h"

#include <dcmtk/dcmnet/cond.h>
#include <dcmtk/dcmnet/dimse.h>
#include <dcmtk/dcmnet/dul.h>

namespace fv::net {
using fv::dicom::ErrorCode;

namespace {
bool contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }
}  // namespace

fv::dicom::Error networkError(const OFCondition& c, const Node& node, const std::string& what) {
  const std::string text = c.text() ? c.text() : "";
  ErrorCode code = ErrorCode::Network;
  std::string reason;
  if (c == DUL_ASSOCIATIONREJECTED) {
    code = ErrorCode::Refused;
    reason = "the PACS rejected the association (check that it knows our AE title '" +
             node.callingAet + "' and that its AE title is '" + node.calledAet + "')";
  } else if (c == DIMSE_NODATAAVAILABLE || c == DUL_READTIMEOUT || contains(text, "imeout")) {
    code = ErrorCode::Timeout;
    reason = "no answer within " + std::to_string(node.timeoutSeconds) + " s";
  } else if (contains(text, "Connection refused")) {
    reason = "connection refused (nothing listens on port " + std::to_string(node.port) + ")";
  } else if (contains(text, "No route") || contains(text, "unreachable") ||
             contains(text, "Unknown Host") || contains(text, "unknown host") ||
             contains(text, "Name or service")) {
    reason = "host unreachable (" + text + ")";
  } else if (c == DUL_PEERABORTEDASSOCIATION || c == DUL_PEERREQUESTEDRELEASE ||
             contains(text, "Peer aborted")) {
    reason = "the PACS aborted the association";
  } else if (c == DIMSE_NOVALIDPRESENTATIONCONTEXTID || c == DIMSE_BADCOMMANDTYPE) {
    code = ErrorCode::Refused;
    reason = "the PACS did not accept what we proposed (" + text + ")";
  } else if (contains(text, "TLS") || contains(text, "SSL") || contains(text, "certificate")) {
    code = ErrorCode::Refused;
    reason = "TLS failed (" + text + ")";
  } else {
    reason = text.empty() ? "network failure" : text;
  }
  return fv::dicom::makeError(code, node.label() + ": " + what + ": " + reason, {}, text);
}

fv::dicom::Error nodeError(ErrorCode code, const Node& node, const std::string& what) {
  return fv::dicom::makeError(code, node.label() + ": " + what);
}

}  // namespace fv::net
