// Misbehaving network peers for tests, on loopback: one that accepts and never answers, and a
// proxy that forwards to a real server until a byte budget is spent, then stalls.
#pragma once

#include <atomic>
#include <mutex>
#include <cstdint>
#include <string>
#include <thread>

namespace fv::test {

/// A loopback port bound but not listening while this lives: connections to it are refused, and
/// no other test can take it meanwhile (a merely free port could be).
class ClosedPort {
 public:
  ClosedPort();
  ~ClosedPort();
  uint16_t port() const { return m_port; }

 private:
  int m_fd = -1;
  uint16_t m_port = 0;
};

/// Listens on 127.0.0.1:port(), accepts connections and never says a word.
class SilentPeer {
 public:
  SilentPeer();
  ~SilentPeer();
  uint16_t port() const { return m_port; }

 private:
  int m_fd = -1;
  uint16_t m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

/// Forwards 127.0.0.1:port() to 127.0.0.1:targetPort; after `budget` bytes from the server it
/// stops forwarding (a PACS that stalls mid-transfer) but keeps the connection open. With
/// `bytesPerSecond`, each connection's answers flow at most that fast (a slow hospital WAN link).
class StallingProxy {
 public:
  StallingProxy(uint16_t targetPort, uint64_t budget, uint64_t bytesPerSecond = 0);
  ~StallingProxy();
  uint16_t port() const { return m_port; }
  /// Bytes forwarded from the server so far.
  uint64_t forwarded() const { return m_forwarded.load(); }

 private:
  void serve(int client);
  int m_fd = -1;
  uint16_t m_port = 0, m_target = 0;
  uint64_t m_budget = 0, m_rate = 0;
  std::atomic<uint64_t> m_forwarded{0};
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

/// An HTTP server on 127.0.0.1:port() answering every request with `response` (status line,
/// headers and body as given); keeps the last request's text (request line and headers).
class CannedHttpPeer {
 public:
  explicit CannedHttpPeer(std::string response);
  ~CannedHttpPeer();
  uint16_t port() const { return m_port; }
  /// The last request's head, "" before any.
  std::string lastRequest() const;

 private:
  int m_fd = -1;
  uint16_t m_port = 0;
  std::string m_response;
  mutable std::mutex m_mutex;
  std::string m_last;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

}  // namespace fv::test
