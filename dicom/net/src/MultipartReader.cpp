#include "MultipartReader.h"

namespace fv::net {

MultipartReader::MultipartReader(std::string boundary, std::function<bool(const std::string&)> onBegin,
                                 std::function<bool(const char*, size_t)> onData,
                                 std::function<bool()> onEnd)
    : m_open("--" + boundary),
      m_delimiter("\r\n--" + boundary),
      m_onBegin(std::move(onBegin)),
      m_onData(std::move(onData)),
      m_onEnd(std::move(onEnd)) {}

bool MultipartReader::feed(const char* data, size_t size) {
  if (m_state == State::Done) return true;  // the epilogue is ignored
  m_buf.append(data, size);
  while (true) {
    const State before = m_state;
    const size_t had = m_buf.size();
    if (!step()) return false;
    if (m_state == State::Done) return true;
    if (m_state == before && m_buf.size() == had) return true;  // needs more bytes
  }
}

bool MultipartReader::step() {
  switch (m_state) {
    case State::Preamble: {
      const size_t at = m_buf.find(m_open);
      if (at == std::string::npos) {
        if (m_buf.size() > m_open.size()) m_buf.erase(0, m_buf.size() - m_open.size());
        return true;
      }
      m_buf.erase(0, at + m_open.size());
      m_state = State::AfterBoundary;
      return true;
    }
    case State::AfterBoundary: {
      if (m_buf.size() < 2) return true;
      if (m_buf.compare(0, 2, "--") == 0) {
        m_state = State::Done;
        m_buf.clear();
        return true;
      }
      const size_t eol = m_buf.find("\r\n");  // transport padding may precede it
      if (eol == std::string::npos) return m_buf.size() < 1024;
      m_buf.erase(0, eol + 2);
      m_state = State::Headers;
      return true;
    }
    case State::Headers: {
      std::string headers;
      if (m_buf.compare(0, 2, "\r\n") == 0) {
        m_buf.erase(0, 2);  // no headers
      } else {
        const size_t end = m_buf.find("\r\n\r\n");
        if (end == std::string::npos) return m_buf.size() < 65536;  // headers are small
        headers = m_buf.substr(0, end);
        m_buf.erase(0, end + 4);
      }
      m_state = State::Body;
      return m_onBegin(headers);
    }
    case State::Body: {
      const size_t at = m_buf.find(m_delimiter);
      if (at == std::string::npos) {
        if (m_buf.size() < m_delimiter.size()) return true;
        const size_t safe = m_buf.size() - (m_delimiter.size() - 1);
        if (!m_onData(m_buf.data(), safe)) return false;
        m_buf.erase(0, safe);
        return true;
      }
      if (at > 0 && !m_onData(m_buf.data(), at)) return false;
      m_buf.erase(0, at + m_delimiter.size());
      m_state = State::AfterBoundary;
      return m_onEnd();
    }
    case State::Done:
      return true;
  }
  return true;
}

}  // namespace fv::net
