#include "fv/net/Node.h"

#include <charconv>

namespace fv::net {
using fv::dicom::ErrorCode;
using fv::dicom::makeError;

std::string Node::label() const {
  if (protocol == Protocol::DicomWeb) return baseUrl;
  return calledAet + "@" + host + ":" + std::to_string(port);
}

bool isValidAeTitle(std::string_view aet) {
  if (aet.empty() || aet.size() > 16) return false;
  bool nonSpace = false;
  for (unsigned char c : aet) {
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
    if (c != ' ') nonSpace = true;
  }
  return nonSpace;
}

namespace {
fv::dicom::Error bad(std::string_view text, const std::string& why) {
  std::string m;  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on a + chain here
  m.append("'").append(text).append("' is not a PACS node: ").append(why);
  m.append(" (expected dicom://AET@HOST:PORT, dicoms://AET@HOST:PORT or http(s)://HOST:PORT/PATH)");
  return makeError(ErrorCode::InvalidArgument, std::move(m));
}
}  // namespace

fv::dicom::Result<Node> parseNode(std::string_view text) {
  Node node;
  auto startsWith = [&](std::string_view p) { return text.substr(0, p.size()) == p; };
  if (startsWith("http://") || startsWith("https://")) {
    node.protocol = Protocol::DicomWeb;
    std::string url(text);
    const size_t hostStart = url.find("://") + 3;
    while (url.size() > hostStart && url.back() == '/') url.pop_back();
    const size_t at = url.find('@', hostStart);
    const size_t slash = url.find('/', hostStart);
    if (at != std::string::npos && (slash == std::string::npos || at < slash))
      return bad("(a URL with credentials)",
                 "credentials do not belong in a URL; give them as the node's authentication");
    if (hostStart >= url.size() || slash == hostStart) return bad(text, "no host");
    node.baseUrl = url;
    node.name = url;
    node.tlsSettings.verifyPeer = true;
    return node;
  }
  size_t schemeLen = 0;
  if (startsWith("dicom://")) {
    schemeLen = 8;
  } else if (startsWith("dicoms://")) {
    schemeLen = 9;
    node.tls = true;
  } else {
    return bad(text, "unknown scheme");
  }
  std::string_view rest = text.substr(schemeLen);
  const size_t at = rest.rfind('@');
  if (at == std::string_view::npos) return bad(text, "no AE title before '@'");
  node.calledAet = std::string(rest.substr(0, at));
  if (!isValidAeTitle(node.calledAet)) return bad(text, "invalid AE title (1-16 characters)");
  std::string_view hostPort = rest.substr(at + 1);
  while (!hostPort.empty() && hostPort.back() == '/') hostPort.remove_suffix(1);
  const size_t colon = hostPort.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad(text, "no HOST:PORT");
  node.host = std::string(hostPort.substr(0, colon));
  if (node.host.size() > 2 && node.host.front() == '[' && node.host.back() == ']')
    node.host = node.host.substr(1, node.host.size() - 2);
  std::string_view portText = hostPort.substr(colon + 1);
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc() || ptr != portText.data() + portText.size() || port == 0 || port > 65535)
    return bad(text, "port must be 1-65535");
  node.port = static_cast<uint16_t>(port);
  node.name = node.label();
  return node;
}

}  // namespace fv::net
