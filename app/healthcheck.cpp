#include "app/healthcheck.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

namespace gw {

namespace {
using clock_type = std::chrono::steady_clock;

struct failure {
  const std::string& who;
  int operator()(const std::string& why) const {
    std::cerr << who << " healthcheck: " << why << "\n";
    return 1;
  }
};

int millis_left(clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

bool wait_for(int fd, short events, clock_type::time_point deadline) {
  pollfd p{fd, events, 0};
  int n;
  do n = ::poll(&p, 1, millis_left(deadline));
  while (n < 0 && errno == EINTR);
  return n > 0;
}

struct fd_guard {
  int fd;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

int probe_own_port(const std::string& who, const std::string& listen_host, std::uint16_t port,
                   const std::string& path, std::chrono::milliseconds limit) {
  failure fail{who};
  auto deadline = clock_type::now() + limit;
  std::string host = listen_host;
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";

  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
    return fail("cannot resolve " + host + ": " + gai_strerror(rc));
  fd_guard sock{::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  int rc = sock.fd < 0 ? -1 : ::connect(sock.fd, found->ai_addr, found->ai_addrlen);
  ::freeaddrinfo(found);
  if (sock.fd < 0) return fail(std::string("socket: ") + std::strerror(errno));
  if (rc < 0 && errno != EINPROGRESS) return fail(std::string("connect: ") + std::strerror(errno));
  if (!wait_for(sock.fd, POLLOUT, deadline)) return fail("no connection within the time limit");
  int error = 0;
  socklen_t len = sizeof error;
  ::getsockopt(sock.fd, SOL_SOCKET, SO_ERROR, &error, &len);
  if (error != 0) return fail(std::string("connect: ") + std::strerror(error));

  std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + who +
                        "-healthcheck\r\nConnection: close\r\n\r\n";
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(sock.fd, POLLOUT, deadline)) return fail("request not sent within the time limit");
    auto n = ::send(sock.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) return fail(std::string("send: ") + std::strerror(errno));
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[1024];
  while (answer.find("\r\n") == std::string::npos && answer.size() < 4096) {
    if (!wait_for(sock.fd, POLLIN, deadline)) return fail("no answer within the time limit");
    auto n = ::recv(sock.fd, buffer, sizeof buffer, 0);
    if (n == 0) break;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return fail(std::string("recv: ") + std::strerror(errno));
    if (n > 0) answer.append(buffer, static_cast<std::size_t>(n));
  }
  auto status_line = answer.substr(0, answer.find("\r\n"));
  if (status_line.rfind("HTTP/1.1 200 ", 0) == 0 || status_line.rfind("HTTP/1.0 200 ", 0) == 0) return 0;
  return fail("unexpected answer: " + (status_line.empty() ? std::string("(none)") : status_line));
}

}  // namespace gw
