// The socket level: replies bigger than the socket takes at once, and deep pipelining.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <thread>

#include "harness.hpp"

using namespace harness;

namespace {

int connect_with_receive_buffer(unsigned short port, int receive_buffer) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (receive_buffer > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

void send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

struct parsed_reply {
  int status = 0;
  std::string request_id;
  std::string body;
};

// Reads replies until `count` are complete, the peer closes, or `timeout` passes.
std::vector<parsed_reply> read_replies(int fd, std::size_t count, std::chrono::milliseconds timeout) {
  std::vector<parsed_reply> replies;
  std::string data;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (replies.size() < count) {
    // Take every whole reply already buffered.
    for (;;) {
      auto head_end = data.find("\r\n\r\n");
      if (head_end == std::string::npos) break;
      auto head = data.substr(0, head_end);
      auto length_at = head.find("Content-Length: ");
      REQUIRE(length_at != std::string::npos);
      auto length = std::stoul(head.substr(length_at + 16));
      if (data.size() < head_end + 4 + length) break;
      parsed_reply r;
      r.status = std::stoi(head.substr(9, 3));
      if (auto id_at = head.find("X-Request-ID: "); id_at != std::string::npos)
        r.request_id = head.substr(id_at + 14, head.find("\r\n", id_at) - id_at - 14);
      r.body = data.substr(head_end + 4, length);
      replies.push_back(std::move(r));
      data.erase(0, head_end + 4 + length);
    }
    if (replies.size() >= count) break;
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char chunk[65536];
    auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    data.append(chunk, static_cast<std::size_t>(n));
  }
  return replies;
}

}  // namespace

TEST_CASE("replies larger than the socket takes at once reach a slow reader whole; the connection goes on") {
  simulator sim;
  gateway gw(sim.port());
  auto whole = gw.get("/openapi.json");
  REQUIRE(whole.status == 200);
  REQUIRE(whole.body.size() > 40000);

  // A small receive window and a reader that waits: replies pile up past what the socket takes (loopback
  // send buffers grow to 4 MiB, these replies are 5.7 MB), so the gateway must finish writing asynchronously.
  constexpr int count = 128;
  int fd = connect_with_receive_buffer(gw.port(), 4096);
  std::string requests;
  for (int i = 0; i < count; ++i)
    requests +=
        "GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Request-ID: big-" + std::to_string(i) + "\r\n\r\n";
  send_all(fd, requests);
  std::this_thread::sleep_for(300ms);
  auto replies = read_replies(fd, count, 20s);
  REQUIRE(replies.size() == count);
  int whole_and_in_order = 0;
  for (int i = 0; i < count; ++i)
    if (replies[i].request_id == "big-" + std::to_string(i) && replies[i].body == whole.body)
      ++whole_and_in_order;
  CHECK(whole_and_in_order == count);

  send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-ID: after\r\n\r\n");
  auto after = read_replies(fd, 1, 5s);
  REQUIRE(after.size() == 1);
  CHECK(after[0].status == 200);
  CHECK(after[0].request_id == "after");
  ::close(fd);
  CHECK(gw.get("/healthz").status == 200);
}

TEST_CASE("thousands of pipelined requests on one connection are all answered, in order") {
  simulator sim;
  gateway gw(sim.port());
  constexpr std::size_t count = 3000;
  std::string requests;
  for (std::size_t i = 0; i < count; ++i)
    requests += "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-ID: p" + std::to_string(i) + "\r\n\r\n";
  int fd = connect_with_receive_buffer(gw.port(), 0);
  // Sent from another thread: the gateway stops reading while its replies wait for this reader.
  std::thread sender([&] { send_all(fd, requests); });
  auto replies = read_replies(fd, count, 20s);
  sender.join();
  ::close(fd);
  REQUIRE(replies.size() == count);
  std::size_t in_order = 0;
  for (std::size_t i = 0; i < count; ++i)
    if (replies[i].status == 200 && replies[i].request_id == "p" + std::to_string(i)) ++in_order;
  CHECK(in_order == count);
  CHECK(gw.get("/healthz").status == 200);
}

TEST_CASE("a listen port already taken: exit 1 with a clear line, and the actors stop before what they use") {
  int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  auto port = free_port();
  addr.sin_port = htons(port);
  REQUIRE(::bind(holder, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(holder, 8) == 0);
  simulator sim;
  // The health monitor is busy from the first moment: each start races its first probe with the exit (before
  // the fix, about one start in fifteen crashed).
  for (int i = 0; i < 30; ++i) {
    process gw(GW_GATEWAY_BIN, {},
               {{"API_GATEWAY_HOST", "127.0.0.1"},
                {"API_GATEWAY_PORT", std::to_string(port)},
                {"ORCHESTRATOR_URL", "http://127.0.0.1:" + std::to_string(sim.port())}});
    INFO(gw.output());
    CHECK(gw.wait_exit(10s) == std::optional<int>(1));
    CHECK(gw.output().find("cannot listen on 127.0.0.1:" + std::to_string(port)) != std::string::npos);
    check_no_sanitizer_report("gha-gateway", gw.output());
  }
  ::close(holder);
}

TEST_CASE("clients that never read their answers hold no request slot: /api/v1/ traffic goes on") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_REQUESTS_IN_FLIGHT", "2"}});
  REQUIRE(gw.get("/openapi.json").status == 200);
  // Three connections with a tiny receive window each pipeline big local answers and never read: each
  // session is stuck writing (past what the socket buffers take).
  std::vector<int> stuck;
  std::string requests;
  for (int i = 0; i < 200; ++i) requests += "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int i = 0; i < 3; ++i) {
    stuck.push_back(connect_with_receive_buffer(gw.port(), 4096));
    send_all(stuck.back(), requests);
  }
  std::this_thread::sleep_for(500ms);
  for (int i = 0; i < 5; ++i) CHECK(gw.get("/api/v1/runners").status == 200);
  CHECK(scrape(gw)["gha_gateway_requests_in_flight"] <= 1);
  for (int fd : stuck) ::close(fd);
}
