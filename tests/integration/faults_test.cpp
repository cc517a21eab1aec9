// Fault tests: the orchestrator dying under load, resets after a create was read, SIGTERM with requests
// in flight, and thousands of abandoned connections. Each prints its figures; all are bounded in time.
#include <catch2/catch.hpp>

#include <signal.h>

#include <atomic>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "harness.hpp"

using namespace harness;

namespace {
struct tally {
  std::mutex mutex;
  std::map<int, long> by_status;  // 0: no answer
  void add(int status) {
    std::lock_guard<std::mutex> lock(mutex);
    ++by_status[status];
  }
  long count(int status) {
    std::lock_guard<std::mutex> lock(mutex);
    return by_status.count(status) ? by_status[status] : 0;
  }
  long total() {
    std::lock_guard<std::mutex> lock(mutex);
    long n = 0;
    for (auto& [s, c] : by_status) n += c;
    return n;
  }
  std::string text() {
    std::lock_guard<std::mutex> lock(mutex);
    std::string out;
    for (auto& [s, c] : by_status)
      out += (s ? std::to_string(s) : std::string("lost")) + "=" + std::to_string(c) + " ";
    return out;
  }
};
const headers json{{"Content-Type", "application/json"}};
}  // namespace

TEST_CASE("fault: orchestrator killed and restarted under load") {
  simulator sim;
  gateway gw(sim.port(), {{"HEALTH_CHECK_INTERVAL_SECONDS", "0.2"},
                          {"ORCHESTRATOR_TIMEOUT_SECONDS", "0.5"},
                          {"RETRY_BACKOFF_SECONDS", "0.05"}});
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  tally t;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      // Client timeout well past the gateway's own request deadline (3 x 0.5 s + backoffs + 1 s).
      while (!stop) t.add(request(gw.port(), "GET", "/api/v1/runners", {}, {}, 6s).status);
    });
  std::this_thread::sleep_for(700ms);
  sim.stop();
  std::this_thread::sleep_for(800ms);
  sim.restart();
  auto restarted = std::chrono::steady_clock::now();
  // Within one health interval (0.2 s) in principle; 3 s leaves room for a loaded machine.
  bool recovered = wait_until([&] { return gw.get("/api/v1/runners").status == 200; }, 3s);
  auto recovery =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - restarted);
  std::this_thread::sleep_for(300ms);
  stop = true;
  for (auto& c : clients) c.join();
  std::cout << "FAULT kill-restart: sent=" << t.total() << " " << t.text()
            << "recovered_after_ms=" << recovery.count() << "\n";
  CHECK(recovered);
  CHECK(t.count(0) == 0);  // nothing hung past its deadline or went unanswered
  CHECK(t.count(200) + t.count(503) + t.count(504) == t.total());
  CHECK(t.count(200) > 0);
  CHECK(gw.proc().running());
}

TEST_CASE("fault: resets after the create was read never duplicate runners") {
  simulator sim;
  gateway gw(sim.port());
  sim.add_fault(R"({"kind":"reset_after_read","path":"/runners/create"})");
  tally t;
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      for (int j = 0; j < 5; ++j)
        t.add(request(gw.port(), "POST", "/api/v1/runners", R"({"scope":"org","scope_name":"acme"})", json)
                  .status);
    });
  for (auto& c : clients) c.join();
  std::size_t creates = 0;
  for (auto& r : sim.requests()) creates += r.target == "/runners/create";
  std::cout << "FAULT reset-after-create: sent=" << t.total() << " " << t.text()
            << "creates_at_orchestrator=" << creates
            << " duplicates=" << static_cast<long>(creates) - t.total() << "\n";
  CHECK(t.count(503) == 20);
  CHECK(creates == 20);
}

TEST_CASE("fault: SIGTERM with requests in flight") {
  simulator sim;
  gateway gw(sim.port(), {{"SHUTDOWN_GRACE_SECONDS", "5"}, {"ORCHESTRATOR_TIMEOUT_SECONDS", "10"}});
  sim.add_fault(R"({"kind":"latency","latency_ms":700,"path":"/runners"})");
  const int in_flight = 16;
  std::vector<std::future<response>> pending;
  for (int i = 0; i < in_flight; ++i)
    pending.push_back(std::async(std::launch::async, [&] { return gw.get("/api/v1/runners"); }));
  REQUIRE(wait_until(
      [&] {
        std::size_t n = 0;
        for (auto& r : sim.requests()) n += r.target == "/runners";
        return n == in_flight;
      },
      5s));
  auto signalled = std::chrono::steady_clock::now();
  gw.proc().signal(SIGTERM);
  bool refused = wait_until([&] { return !can_connect(gw.port()); }, 2s);
  tally t;
  for (auto& p : pending) t.add(p.get().status);
  auto code = gw.proc().wait_exit(10s);
  auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - signalled);
  std::cout << "FAULT sigterm: in_flight=" << in_flight << " " << t.text()
            << "new_connections_refused=" << refused << " exit=" << (code ? *code : -1)
            << " exit_after_ms=" << took.count() << "\n";
  CHECK(t.count(200) == in_flight);
  CHECK(refused);
  CHECK(code == std::optional<int>(0));
  CHECK(took < 5s);
}

TEST_CASE("fault: 10,000 connections opened and dropped mid-request") {
  simulator sim;
  gateway gw(sim.port());
  for (int i = 0; i < 50; ++i) gw.get("/api/v1/runners");
  auto idle_rss = gw.proc().rss_kib();
  const std::string partial =
      "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
      "100\r\n\r\n{\"scope";
  long opened = 0;
  for (int batch = 0; batch < 20; ++batch) {
    std::vector<held_connection> conns;
    for (int i = 0; i < 500; ++i) {
      conns.emplace_back(gw.port());
      if (conns.back().fd() >= 0) {
        ++opened;
        conns.back().send(partial);
      }
    }
  }  // each batch is dropped mid-request here
  REQUIRE(wait_until([&] { return gw.get("/healthz").status == 200; }, 5s));
  std::this_thread::sleep_for(500ms);
  auto after_rss = gw.proc().rss_kib();
  auto served = gw.get("/api/v1/runners").status;
  std::cout << "FAULT dropped-connections: opened=" << opened << " idle_rss_kib=" << idle_rss
            << " after_rss_kib=" << after_rss << " then_served=" << served << "\n";
  CHECK(opened == 10000);
  CHECK(served == 200);
#ifdef __SANITIZE_ADDRESS__
  // ASan keeps freed memory in quarantine, so RSS cannot come back here; in this build LeakSanitizer checks
  // at the gateway's exit that every session was freed.
  WARN("RSS comparison not meaningful under AddressSanitizer; leaks are checked at exit instead");
#else
  // Back near its idle footprint: every session was freed (allocator caches aside).
  CHECK(after_rss < idle_rss + 8 * 1024);
#endif
  CHECK(sim.requests_except_health().size() == 51);
}
