#include "HttpSession.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace fv::net {
using fv::dicom::ErrorCode;
using fv::dicom::makeError;

struct HttpCallbacks {
  static size_t write(char* data, size_t size, size_t n, void* user) {
    auto* s = static_cast<HttpSession*>(user);
    const size_t bytes = size * n;
    if (s->m_sink && *s->m_sink && !(*s->m_sink)(data, bytes)) {
      s->m_aborted = true;
      return 0;  // aborts the transfer
    }
    return bytes;
  }
  static size_t read(char* buffer, size_t size, size_t n, void* user) {
    auto* s = static_cast<HttpSession*>(user);
    const size_t got = (*s->m_source)(buffer, size * n);
    if (got == SIZE_MAX) {
      s->m_aborted = true;
      return CURL_READFUNC_ABORT;
    }
    return got;
  }
  static size_t header(char* data, size_t size, size_t n, void* user) {
    auto* s = static_cast<HttpSession*>(user);
    std::string line(data, size * n);
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.rfind("content-type:", 0) == 0) {
      std::string v = line.substr(13);
      while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(v.begin());
      while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
      s->m_contentType = v;
    }
    return size * n;
  }
};

HttpSession::HttpSession(const Node& node) : m_node(node) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* c = curl_easy_init();
  m_curl = c;
  if (!c) return;
  const long t = node.timeoutSeconds > 0 ? node.timeoutSeconds : 30;
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, t);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);  // a stalled peer: no byte for t seconds
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, t);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, m_error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &HttpCallbacks::write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &HttpCallbacks::header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, this);
  // No Accept-Encoding: pixel data compresses poorly and gzip would cost the server (Orthanc
  // compresses a 250 MB XA at ~20 MB/s).
  curl_easy_setopt(c, CURLOPT_USERAGENT, "FluoroView");
  curl_easy_setopt(c, CURLOPT_BUFFERSIZE, 512L * 1024);  // fewer, larger pieces for big instances
  const auto& tls = node.tlsSettings;
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, tls.verifyPeer ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, tls.verifyPeer ? 2L : 0L);
  if (!tls.caFile.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, tls.caFile.c_str());
  if (!tls.certFile.empty()) curl_easy_setopt(c, CURLOPT_SSLCERT, tls.certFile.c_str());
  if (!tls.keyFile.empty()) curl_easy_setopt(c, CURLOPT_SSLKEY, tls.keyFile.c_str());
  const auto& cred = node.credentials;
  if (cred.kind == AuthKind::Basic) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, cred.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, cred.secret.c_str());
  } else if (cred.kind == AuthKind::Bearer) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
    curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, cred.secret.c_str());
  }
}

HttpSession::~HttpSession() {
  if (m_curl) curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

fv::dicom::Error HttpSession::statusError(long status, const std::string& what) const {
  std::string reason = "HTTP " + std::to_string(status);
  ErrorCode code = ErrorCode::Network;
  if (status == 401) {
    reason += " Unauthorized (check the user name and password or token)";
    code = ErrorCode::Refused;
  } else if (status == 403) {
    reason += " Forbidden (this user may not do that)";
    code = ErrorCode::Refused;
  } else if (status == 404) {
    reason += " Not Found (check the base URL)";
    code = ErrorCode::NotFound;
  } else if (status >= 500) {
    reason += " (the server failed)";
  }
  return makeError(code, m_node.label() + ": " + what + ": " + reason);
}

fv::dicom::Result<HttpResponse> HttpSession::perform(const std::string& what) {
  CURL* c = static_cast<CURL*>(m_curl);
  m_contentType.clear();
  m_aborted = false;
  m_error[0] = 0;
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    if (m_aborted) return makeError(ErrorCode::Cancelled, m_node.label() + ": " + what + " stopped");
    ErrorCode code = ErrorCode::Network;
    std::string reason = m_error[0] ? m_error : curl_easy_strerror(rc);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      code = ErrorCode::Timeout;
      reason = "no answer within " + std::to_string(m_node.timeoutSeconds) + " s";
    } else if (rc == CURLE_COULDNT_CONNECT) {
      reason = "connection refused (" + reason + ")";
    } else if (rc == CURLE_COULDNT_RESOLVE_HOST) {
      reason = "host unknown (" + reason + ")";
    } else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR ||
               rc == CURLE_SSL_CACERT_BADFILE) {
      code = ErrorCode::Refused;
      reason = "TLS failed (" + reason + ")";
    }
    return makeError(code, m_node.label() + ": " + what + ": " + reason);
  }
  HttpResponse r;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  r.contentType = m_contentType;
  return r;
}

fv::dicom::Result<HttpResponse> HttpSession::get(const std::string& url, const std::string& accept,
                                                 const BodySink& sink, const std::string& what) {
  if (!m_curl) return makeError(ErrorCode::Internal, m_node.label() + ": libcurl failed to start");
  CURL* c = static_cast<CURL*>(m_curl);
  curl_slist* headers = curl_slist_append(nullptr, ("Accept: " + accept).c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  m_sink = &sink;
  auto r = perform(what);
  m_sink = nullptr;
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  return r;
}

fv::dicom::Result<HttpResponse> HttpSession::post(const std::string& url, const std::string& contentType,
                                                  const BodySource& source, const BodySink& sink,
                                                  const std::string& what) {
  if (!m_curl) return makeError(ErrorCode::Internal, m_node.label() + ": libcurl failed to start");
  CURL* c = static_cast<CURL*>(m_curl);
  curl_slist* headers = curl_slist_append(nullptr, ("Content-Type: " + contentType).c_str());
  headers = curl_slist_append(headers, "Accept: application/dicom+json");
  headers = curl_slist_append(headers, "Expect:");
  headers = curl_slist_append(headers, "Transfer-Encoding: chunked");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &HttpCallbacks::read);
  curl_easy_setopt(c, CURLOPT_READDATA, this);
  m_sink = &sink;
  m_source = &source;
  auto r = perform(what);
  m_sink = nullptr;
  m_source = nullptr;
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  return r;
}

std::string multipartBoundary(const std::string& contentType) {
  std::string lower = contentType;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const size_t at = lower.find("boundary=");
  if (at == std::string::npos) return {};
  std::string b = contentType.substr(at + 9);
  if (!b.empty() && b.front() == '"') {
    const size_t end = b.find('"', 1);
    return end == std::string::npos ? std::string() : b.substr(1, end - 1);
  }
  const size_t end = b.find_first_of("; \t");
  return end == std::string::npos ? b : b.substr(0, end);
}

}  // namespace fv::net
