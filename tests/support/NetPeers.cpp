#include "NetPeers.h"

#include <algorithm>
#include <chrono>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

namespace fv::test {
namespace {
int listenLoopback(uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 8) != 0) return -1;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  return fd;
}
int acceptWithin(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return -1;
  return ::accept(fd, nullptr, nullptr);
}
}  // namespace

ClosedPort::ClosedPort() {
  m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    m_port = ntohs(a.sin_port);
}

ClosedPort::~ClosedPort() { ::close(m_fd); }

SilentPeer::SilentPeer() {
  m_fd = listenLoopback(m_port);
  m_thread = std::thread([this] {
    std::vector<int> clients;
    while (!m_stop) {
      const int c = acceptWithin(m_fd, 100);
      if (c >= 0) clients.push_back(c);
    }
    for (int c : clients) ::close(c);
  });
}

SilentPeer::~SilentPeer() {
  m_stop = true;
  m_thread.join();
  ::close(m_fd);
}

StallingProxy::StallingProxy(uint16_t targetPort, uint64_t budget, uint64_t bytesPerSecond)
    : m_target(targetPort), m_budget(budget), m_rate(bytesPerSecond) {
  m_fd = listenLoopback(m_port);
  m_thread = std::thread([this] {
    std::vector<std::thread> sessions;
    while (!m_stop) {
      const int c = acceptWithin(m_fd, 100);
      if (c >= 0) sessions.emplace_back([this, c] { serve(c); });
    }
    for (auto& t : sessions) t.join();
  });
}

StallingProxy::~StallingProxy() {
  m_stop = true;
  m_thread.join();
  ::close(m_fd);
}

void StallingProxy::serve(int client) {
  int server = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(m_target);
  if (::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(client);
    ::close(server);
    return;
  }
  char buf[65536];
  const auto start = std::chrono::steady_clock::now();
  uint64_t sent = 0;  // on this connection
  while (!m_stop) {
    bool stalled = m_forwarded.load() >= m_budget;
    size_t chunk = sizeof buf;
    if (m_rate > 0) {
      const double due = m_rate * std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      stalled = stalled || static_cast<double>(sent) >= due;
      chunk = std::min<size_t>(chunk, std::max<uint64_t>(1, m_rate / 100));
    }
    pollfd p[2] = {{client, POLLIN, 0}, {server, static_cast<short>(stalled ? 0 : POLLIN), 0}};
    if (::poll(p, 2, m_rate > 0 ? 5 : 100) <= 0) continue;
    if (p[0].revents & (POLLIN | POLLHUP)) {
      const ssize_t n = ::read(client, buf, sizeof buf);
      if (n <= 0) break;
      if (::write(server, buf, static_cast<size_t>(n)) != n) break;
    }
    if (!stalled && (p[1].revents & (POLLIN | POLLHUP))) {
      const uint64_t room = m_budget - m_forwarded.load();
      const ssize_t n = ::read(server, buf, room < chunk ? room : chunk);
      if (n <= 0) break;
      if (::write(client, buf, static_cast<size_t>(n)) != n) break;
      m_forwarded += static_cast<uint64_t>(n);
      sent += static_cast<uint64_t>(n);
    }
  }
  ::close(client);
  ::close(server);
}

CannedHttpPeer::CannedHttpPeer(std::string response) : m_response(std::move(response)) {
  m_fd = listenLoopback(m_port);
  m_thread = std::thread([this] {
    while (!m_stop) {
      const int c = acceptWithin(m_fd, 100);
      if (c < 0) continue;
      std::string head;
      char buf[4096];
      while (head.find("\r\n\r\n") == std::string::npos) {
        pollfd p{c, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) break;
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        head.append(buf, static_cast<size_t>(n));
      }
      {
        std::lock_guard lock(m_mutex);
        m_last = head.substr(0, head.find("\r\n\r\n"));
      }
      (void)!::write(c, m_response.data(), m_response.size());
      ::shutdown(c, SHUT_RDWR);
      ::close(c);
    }
  });
}

CannedHttpPeer::~CannedHttpPeer() {
  m_stop = true;
  m_thread.join();
  ::close(m_fd);
}

std::string CannedHttpPeer::lastRequest() const {
  std::lock_guard lock(m_mutex);
  return m_last;
}

}  // namespace fv::test
