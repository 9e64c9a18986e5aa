// One HTTP request at a time over libcurl for a DICOMweb node: timeouts, TLS, authentication.
// Private to fv_net.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"

namespace fv::net {

/// Status and Content-Type of an answered request.
struct HttpResponse {
  long status = 0;
  std::string contentType;
};

/// Receives the body as it arrives; false aborts the transfer (cancel, write failure).
using BodySink = std::function<bool(const char* data, size_t size)>;
/// Fills `buffer` with up to `size` bytes of the request body; returns 0 at the end, or
/// SIZE_MAX to abort.
using BodySource = std::function<size_t(char* buffer, size_t size)>;

/// A libcurl easy handle configured for one node (reused for keep-alive).
class HttpSession {
 public:
  explicit HttpSession(const Node& node);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  /// GET `url` with the Accept header; the body goes to `sink`. Errors name the node.
  fv::dicom::Result<HttpResponse> get(const std::string& url, const std::string& accept,
                                      const BodySink& sink, const std::string& what);
  /// POST a body of `contentType` from `source`; the answer's body goes to `sink`.
  fv::dicom::Result<HttpResponse> post(const std::string& url, const std::string& contentType,
                                       const BodySource& source, const BodySink& sink,
                                       const std::string& what);
  /// The Content-Type of the answer being received (known before its first body byte).
  const std::string& currentContentType() const { return m_contentType; }
  /// "HTTP 401 Unauthorized (...)"-style Error for an answered request with a bad status.
  fv::dicom::Error statusError(long status, const std::string& what) const;

 private:
  fv::dicom::Result<HttpResponse> perform(const std::string& what);
  const Node& m_node;
  void* m_curl = nullptr;
  std::string m_contentType;
  const BodySink* m_sink = nullptr;
  const BodySource* m_source = nullptr;
  bool m_aborted = false;
  char m_error[256] = {};

  friend struct HttpCallbacks;
};

/// The `boundary` parameter of a multipart Content-Type, "" when absent.
std::string multipartBoundary(const std::string& contentType);

}  // namespace fv::net
