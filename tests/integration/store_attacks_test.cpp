// The red team's reproductions against the shared store and idempotency (issue 21): a Redis stall that
// must not wedge a key, a hostile Redis that must not kill the process, one tenant's flood that must not
// evict or starve another's records, a shutdown that must not call a delivered create undelivered, and an
// in-flight record that must outlive the create it guards.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

#include "harness.hpp"

using namespace harness;

namespace {
const std::string create_one = R"({"scope":"repo","scope_name":"acme/web","count":1})";

headers keyed(const std::string& bearer, const std::string& idempotency_key = {}) {
  headers h{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + bearer}};
  if (!idempotency_key.empty()) h.emplace_back("Idempotency-Key", idempotency_key);
  return h;
}

bool redis_up(gateway& gw) {
  auto metrics = scrape(gw);
  return metrics["gha_gateway_redis_connections"] > 0 &&
         metrics["gha_gateway_redis_connections_up"] == metrics["gha_gateway_redis_connections"];
}

std::map<std::string, std::string> store_env(const std::string& redis_url,
                                             std::map<std::string, std::string> more = {}) {
  more.emplace("REDIS_URL", redis_url);
  more.emplace("API_KEYS", "team-key,other-key");
  more.emplace("IO_THREADS", "1");
  return more;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// A man in the middle between the gateway and Redis (a hostile or intercepted Redis: there is no TLS to it):
// relays both ways, and on demand sends the gateway bytes of its own.
class redis_relay {
 public:
  explicit redis_relay(unsigned short redis_port) : redis_port_(redis_port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener_, 16) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~redis_relay() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
    for (auto& p : pairs_) {
      ::close(p.client);
      ::close(p.server);
    }
  }
  unsigned short port() const { return port_; }
  // Sent to every gateway connection, as if Redis had said it.
  void inject(const std::string& bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    injected_ += bytes;
  }

 private:
  struct pair {
    int client, server;
  };
  void run() {
    auto deadline = std::chrono::steady_clock::now() + 120s;  // bounded, whatever the test does
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      std::vector<pollfd> fds{{listener_, POLLIN, 0}};
      for (auto& p : pairs_) {
        fds.push_back({p.client, POLLIN, 0});
        fds.push_back({p.server, POLLIN, 0});
      }
      ::poll(fds.data(), fds.size(), 10);
      if (fds[0].revents & POLLIN) accept_one();
      std::string extra;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        extra.swap(injected_);
      }
      std::size_t polled = (fds.size() - 1) / 2;  // the pairs accepted before this poll
      std::vector<pair> alive;
      for (std::size_t i = 0; i < pairs_.size(); ++i) {
        auto& p = pairs_[i];
        if (!extra.empty()) (void)!::write(p.client, extra.data(), extra.size());
        bool open = i >= polled ||
                    (relay(fds[1 + 2 * i], p.client, p.server) && relay(fds[2 + 2 * i], p.server, p.client));
        if (open) {
          alive.push_back(p);
        } else {
          ::close(p.client);
          ::close(p.server);
        }
      }
      pairs_.swap(alive);
    }
  }
  void accept_one() {
    int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) return;
    int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(redis_port_);
    if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(client);
      ::close(server);
      return;
    }
    pairs_.push_back({client, server});
  }
  // False once `from` is closed or broken: the pair goes.
  static bool relay(const pollfd& from_poll, int from, int to) {
    if (!(from_poll.revents & (POLLIN | POLLHUP | POLLERR))) return true;
    char buffer[16384];
    auto n = ::read(from, buffer, sizeof buffer);
    if (n <= 0) return false;
    (void)!::write(to, buffer, static_cast<std::size_t>(n));
    return true;
  }

  unsigned short redis_port_, port_ = 0;
  int listener_ = -1;
  std::vector<pair> pairs_;
  std::mutex mutex_;
  std::string injected_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};
}  // namespace

TEST_CASE("a Redis stall past the timeout: the client gets 503 and its retry is forwarded, not wedged") {
  redis_server redis;
  simulator sim;
  gateway gw(sim.port(), store_env(redis.url(), {{"REDIS_TIMEOUT_SECONDS", "0.25"}}));
  REQUIRE(wait_until([&] { return redis_up(gw); }, 5s));
  redis.pause();
  auto stalled = request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "stall-1"));
  CHECK(stalled.status == 503);
  CHECK(json_string(stalled.body, "/message") ==
        "El almacén de Idempotency-Key no está disponible; reinténtelo más tarde");
  std::this_thread::sleep_for(600ms);  // Redis runs the buffered claim late, once resumed
  redis.resume();
  REQUIRE(wait_until([&] { return redis_up(gw); }, 10s));
  sim.clear_requests();
  auto retry = request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "stall-1"));
  CHECK(retry.status == 200);  // not 409 "still in progress" for the in-flight TTL
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
  CHECK(request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "stall-1"))
            .header("idempotent-replayed") == "true");
}

TEST_CASE("a hostile Redis: unsolicited replies and non-RESP bytes drop the connection, never the process") {
  redis_server redis;
  redis_relay relay(redis.port());
  simulator sim;
  gateway gw(sim.port(), store_env("redis://127.0.0.1:" + std::to_string(relay.port()) + "/0",
                                   {{"RATE_LIMIT_RPS", "100"}, {"RATE_LIMIT_BURST", "100"}}));
  REQUIRE(wait_until([&] { return redis_up(gw); }, 5s));
  double violations = 0;
  for (const std::string& forged : {std::string("+OK\r\n"), std::string(":1\r\n$3\r\nabc\r\n"),
                                    std::string("-ERR forged\r\n"), std::string("HTTP/1.1 200 OK\r\n")}) {
    INFO(forged);
    relay.inject(forged);
    REQUIRE(wait_until([&] { return scrape(gw)["gha_gateway_redis_protocol_violations_total"] > violations; },
                       3s));
    violations = scrape(gw)["gha_gateway_redis_protocol_violations_total"];
    // The next rate-limited request: answered (the limit fails open or Redis has it again), process alive.
    auto r = request(gw.port(), "GET", "/api/v1/runners", {}, keyed("team-key"));
    CHECK((r.status == 200 || r.status == 429));
    CHECK(gw.proc().running());
    REQUIRE(wait_until([&] { return redis_up(gw); }, 5s));  // reconnected by itself
  }
  auto log = gw.proc().output();
  CHECK(log.find("it sent a reply that no command asked for (dropped the connection)") != std::string::npos);
  CHECK(log.find("it sent bytes that are not RESP (dropped the connection)") != std::string::npos);
  CHECK(request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "after")).status == 200);
}

TEST_CASE("one tenant's flood of Idempotency-Keys holds only its share; another's records stay") {
  redis_server redis;
  simulator sim;
  gateway gw(sim.port(), store_env(redis.url(), {{"IDEMPOTENCY_MAX_RECORDS_PER_CALLER", "5"}}));
  REQUIRE(wait_until([&] { return redis_up(gw); }, 5s));
  REQUIRE(request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("other-key", "victim")).status ==
          200);
  for (int i = 0; i < 40; ++i)
    REQUIRE(request(gw.port(), "POST", "/api/v1/runners", create_one,
                    keyed("team-key", "flood-" + std::to_string(i)))
                .status == 200);
  // Redis holds the victim's record and the flooder's newest five, no more.
  auto records = words(redis.cli("--scan --pattern *idem:*"));
  CHECK(records.size() == 6);
  sim.clear_requests();
  auto victim = request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("other-key", "victim"));
  CHECK(victim.status == 200);
  CHECK(victim.header("idempotent-replayed") == "true");
  CHECK(request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "flood-39"))
            .header("idempotent-replayed") == "true");
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 0);

  // Redis out of memory (its scripts' writes refused): the connections stay up, and /metrics and the log
  // say what fails.
  redis.cli("CONFIG SET maxmemory 1");
  for (int i = 0; i < 3; ++i)
    request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "oom-" + std::to_string(i)));
  CHECK(redis_up(gw));
  CHECK(scrape(gw)["gha_gateway_redis_error_replies_total"] >= 1);
  CHECK(gw.proc().output().find("answered a command with an error: OOM") != std::string::npos);
}

TEST_CASE("an orchestrator's own 5xx is kept briefly; an in-flight record lives as long as its create may") {
  redis_server redis;
  simulator sim;
  gateway gw(sim.port(), store_env(redis.url(), {{"IDEMPOTENCY_ERROR_TTL_SECONDS", "1"},
                                                 {"REQUEST_TIMEOUT_SECONDS", "1"},
                                                 {"RETRY_MAX_ATTEMPTS", "1"}}));
  REQUIRE(wait_until([&] { return redis_up(gw); }, 5s));
  sim.add_fault(R"({"kind":"status","status":500,"detail":"Error interno del servidor","method":"POST",)"
                R"("path":"/runners/create","times":1})");
  auto failed = request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "err-1"));
  CHECK(failed.status == 500);
  CHECK(request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "err-1"))
            .header("idempotent-replayed") == "true");
  std::this_thread::sleep_for(1500ms);
  auto again = request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "err-1"));
  CHECK(again.status == 200);
  CHECK(again.header("idempotent-replayed").empty());

  // A create that outlives REQUEST_TIMEOUT_SECONDS: its record stays in flight for the create's own budget,
  // not the request's (a lost settlement must not let a retry create twice).
  sim.add_fault(R"({"kind":"latency","latency_ms":3000,"method":"POST","path":"/runners/create","times":1})");
  auto slow = std::async(std::launch::async, [&] {
    return request(gw.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "slow-1"));
  });
  REQUIRE(wait_until([&] { return !words(redis.cli("--scan --pattern *slow-1")).empty(); }, 3s));
  auto key = words(redis.cli("--scan --pattern *slow-1")).at(0);
  auto ttl_ms = std::stoll(words(redis.cli("PTTL " + key)).at(0));
  CHECK(ttl_ms > 60000);  // the create of 10's budget (30 s + 10 x 15 s), not 1 s + 5 s
  CHECK(slow.get().status == 504);
}

TEST_CASE(
    "SIGTERM during a create: the answer says it may exist, and a retry on another replica never creates "
    "twice") {
  redis_server redis;
  simulator sim;
  auto env = store_env(redis.url(), {{"SHUTDOWN_GRACE_SECONDS", "0.3"}});
  gateway leaving(sim.port(), env), staying(sim.port(), env);
  REQUIRE(wait_until([&] { return redis_up(leaving) && redis_up(staying); }, 5s));
  sim.add_fault(R"({"kind":"latency","latency_ms":2500,"method":"POST","path":"/runners/create","times":1})");
  auto during = std::async(std::launch::async, [&] {
    return request(leaving.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "rolling-1"));
  });
  REQUIRE(wait_until([&] { return count_requests(sim.requests(), "POST", "/runners/create") == 1; }, 5s));
  leaving.proc().signal(SIGTERM);
  auto answer = during.get();
  CHECK(answer.status == 504);
  CHECK(json_string(answer.body, "/message") ==
        "Timeout del orquestador: los runners pueden crearse igualmente; compruébelo con GET /api/v1/runners "
        "antes de reintentar");
  auto retry = request(staying.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "rolling-1"));
  CHECK((retry.status == 409 || retry.header("idempotent-replayed") == "true"));
  std::this_thread::sleep_for(2500ms);  // the first create lands meanwhile
  request(staying.port(), "POST", "/api/v1/runners", create_one, keyed("team-key", "rolling-1"));
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
}

TEST_CASE("Idempotency-Key sent twice: 400, nothing forwarded (which one was meant?)") {
  simulator sim;
  gateway gw(sim.port());
  auto twice =
      request(gw.port(), "POST", "/api/v1/runners", create_one,
              {{"Content-Type", "application/json"}, {"Idempotency-Key", "a"}, {"Idempotency-Key", "b"}});
  CHECK(twice.status == 400);
  CHECK(json_string(twice.body, "/message") ==
        "Idempotency-Key repetida: envíe una sola cabecera Idempotency-Key");
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 0);
  auto once = request(gw.port(), "POST", "/api/v1/runners", create_one,
                      {{"Content-Type", "application/json"}, {"Idempotency-Key", "a"}});
  CHECK(once.status == 200);
}
