// A streaming reader of multipart/related bodies (RFC 2046 5.1, as WADO-RS uses them, PS3.18
// 8.7.1): parts are handed over piece by piece as bytes arrive, never held whole in memory.
// Our own: no Debian-packaged C++ library parses multipart streams incrementally.
#pragma once

#include <functional>
#include <string>

namespace fv::net {

/// Splits a multipart body with a known boundary into parts.
class MultipartReader {
 public:
  /// onBegin: a part starts (its headers, raw); onData: bytes of the part; onEnd: it is complete.
  /// A callback returning false stops the reader (feed returns false).
  MultipartReader(std::string boundary, std::function<bool(const std::string&)> onBegin,
                  std::function<bool(const char*, size_t)> onData, std::function<bool()> onEnd);
  /// Consumes the next bytes of the body; false when a callback refused or the body is malformed.
  bool feed(const char* data, size_t size);
  /// True once the closing delimiter was read.
  bool finished() const { return m_state == State::Done; }
  /// True while a part has begun and not ended (a truncated body).
  bool inPart() const { return m_state == State::Body; }

 private:
  enum class State { Preamble, AfterBoundary, Headers, Body, Done };
  bool step();
  std::string m_open, m_delimiter, m_buf;
  State m_state = State::Preamble;
  std::function<bool(const std::string&)> m_onBegin;
  std::function<bool(const char*, size_t)> m_onData;
  std::function<bool()> m_onEnd;
};

}  // namespace fv::net
