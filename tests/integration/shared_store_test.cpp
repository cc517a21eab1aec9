// Many replicas, one policy (issue 14): two gateway replicas sharing one Debian redis-server on loopback.
// A client's rate across both is held to its budget; one Idempotency-Key sent to both, at once and in turn,
// starts runners once; Redis killed, paused and restarted: rate limits fail open, idempotent creates fail
// closed (503), and both recover without a restart; the password in REDIS_URL works and is never printed.
#include <catch2/catch.hpp>

#include <future>
#include <thread>
#include <vector>

#include "harness.hpp"

using namespace harness;

namespace {
const std::string create_one = R"({"scope":"repo","scope_name":"acme/web","count":1})";

headers keyed(const std::string& bearer, const std::string& idempotency_key = {}) {
  headers h{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + bearer}};
  if (!idempotency_key.empty()) h.emplace_back("Idempotency-Key", idempotency_key);
  return h;
}

std::map<std::string, std::string> replica_env(const std::string& redis_url,
                                               std::map<std::string, std::string> more = {}) {
  more.emplace("REDIS_URL", redis_url);
  more.emplace("API_KEYS", "team-key,other-key,burst-key");
  more.emplace("IO_THREADS", "2");
  return more;
}

bool redis_up(gateway& gw) {
  auto metrics = scrape(gw);
  return metrics["gha_gateway_redis_connections_up"] == metrics["gha_gateway_redis_connections"] &&
         metrics["gha_gateway_redis_connections"] == 2;
}

// Two replicas sharing one Redis, in front of one simulator; constructed once both replicas are connected.
struct two_replicas {
  redis_server redis;
  simulator sim;
  gateway one, two;
  explicit two_replicas(const std::map<std::string, std::string>& more)
      : one(sim.port(), replica_env(redis.url(), more)), two(sim.port(), replica_env(redis.url(), more)) {
    REQUIRE(wait_until([&] { return connected(); }, 5s));
  }
  bool connected() { return redis_up(one) && redis_up(two); }
};
}  // namespace

TEST_CASE("shared store: a client's rate across two replicas is held to its one budget") {
  two_replicas fleet({{"RATE_LIMIT_RPS", "0.5"}, {"RATE_LIMIT_BURST", "6"}});
  auto &one = fleet.one, &two = fleet.two;
  auto started = std::chrono::steady_clock::now();
  int passed = 0, limited = 0, passed_on_two = 0;
  for (int i = 0; i < 20; ++i) {
    auto& gw = i % 2 ? two : one;
    auto r = gw.get("/api/v1/runners", keyed("team-key"));
    if (r.status == 200) {
      ++passed;
      passed_on_two += i % 2;
    } else {
      CHECK(r.status == 429);
      CHECK(std::stoi(r.header("retry-after")) >= 1);
      ++limited;
    }
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // One bucket of 6 for both (each replica alone would pass 6: 12 in all), plus what refilled meanwhile.
  CHECK(passed >= 6);
  CHECK(passed <= 6 + static_cast<int>(elapsed * 0.5) + 1);
  CHECK(passed_on_two >= 1);
  CHECK(limited == 20 - passed);
  // Another client has its own bucket, on either replica.
  CHECK(two.get("/api/v1/runners", keyed("other-key")).status == 200);

  // At once: 24 requests of one client over both replicas (the checks of one turn of a thread go to Redis
  // as one call for that client): still one budget of 6, plus what refilled meanwhile.
  started = std::chrono::steady_clock::now();
  std::vector<std::future<int>> burst;
  for (int i = 0; i < 24; ++i)
    burst.push_back(std::async(std::launch::async, [&, i] {
      return (i % 2 ? two : one).get("/api/v1/runners", keyed("burst-key")).status;
    }));
  int burst_passed = 0;
  for (auto& status : burst) {
    int s = status.get();
    CHECK((s == 200 || s == 429));
    burst_passed += s == 200;
  }
  elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(burst_passed >= 6);
  CHECK(burst_passed <= 6 + static_cast<int>(elapsed * 0.5) + 1);
  CHECK(scrape(one)["gha_gateway_rate_limit_fail_open_total"] == 0);
  CHECK(scrape(two)["gha_gateway_rate_limit_fail_open_total"] == 0);
}

TEST_CASE("shared store: one Idempotency-Key sent to both replicas starts runners once") {
  two_replicas fleet(std::map<std::string, std::string>{{"ORCHESTRATOR_TIMEOUT_SECONDS", "5"}});
  auto &one = fleet.one, &two = fleet.two;
  fleet.sim.add_fault(R"({"kind":"latency","latency_ms":1500,"path":"/runners/create","times":1})");

  // At once: eight copies, four per replica. One is forwarded; the others are told it is in flight.
  std::vector<std::future<response>> copies;
  for (int i = 0; i < 8; ++i)
    copies.push_back(std::async(std::launch::async, [&, i] {
      return (i % 2 ? two : one).post("/api/v1/runners", create_one, keyed("team-key", "order-7"));
    }));
  int created = 0, in_flight = 0;
  std::string first_body;
  for (auto& copy : copies) {
    auto r = copy.get();
    if (r.status == 200) {
      ++created;
      first_body = r.body;
      CHECK(r.header("idempotent-replayed").empty());
    } else {
      CHECK(r.status == 409);
      CHECK(r.header("retry-after") == "1");
      ++in_flight;
    }
  }
  CHECK(created == 1);
  CHECK(in_flight == 7);
  CHECK(count_requests(fleet.sim.requests(), "POST", "/runners/create") == 1);

  // In turn, on each replica: the kept answer again.
  for (auto* gw : {&one, &two}) {
    auto again = gw->post("/api/v1/runners", create_one, keyed("team-key", "order-7"));
    CHECK(again.status == 200);
    CHECK(again.header("idempotent-replayed") == "true");
    CHECK(again.body == first_body);
  }
  // A different request under the key: 422 on either replica; another caller's same key is its own.
  auto other = two.post("/api/v1/runners", R"({"scope":"repo","scope_name":"acme/web","count":2})",
                        keyed("team-key", "order-7"));
  CHECK(other.status == 422);
  CHECK(json_string(other.body, "/message") == "Idempotency-Key ya usada con una solicitud distinta");
  CHECK(one.post("/api/v1/runners", create_one, keyed("other-key", "order-7")).status == 200);
  CHECK(count_requests(fleet.sim.requests(), "POST", "/runners/create") == 2);

  // A create that provably created nothing (a 400) holds no key: the fixed request goes through.
  CHECK(one.post("/api/v1/runners", R"({"scope":"repo"})", keyed("team-key", "order-8")).status == 400);
  CHECK(two.post("/api/v1/runners", create_one, keyed("team-key", "order-8")).status == 200);
  CHECK(count_requests(fleet.sim.requests(), "POST", "/runners/create") == 3);
}

TEST_CASE("shared store: Redis killed and restarted mid-run: fail open, fail closed, recovery by itself") {
  two_replicas fleet({{"RATE_LIMIT_RPS", "0.5"}, {"RATE_LIMIT_BURST", "2"}});
  auto &one = fleet.one, &two = fleet.two;
  CHECK(one.post("/api/v1/runners", create_one, keyed("team-key", "before")).status == 200);

  fleet.redis.kill();
  REQUIRE(wait_until([&] { return scrape(one)["gha_gateway_redis_connections_up"] == 0; }, 5s));
  // Rate limits fail open: far more than the burst of 2 passes.
  for (int i = 0; i < 6; ++i)
    CHECK((i % 2 ? two : one).get("/api/v1/runners", keyed("other-key")).status == 200);
  CHECK(scrape(one)["gha_gateway_rate_limit_fail_open_total"] >= 3);
  // Idempotent creates fail closed, and nothing is forwarded; creates without the header work as before.
  fleet.sim.clear_requests();
  auto closed = two.post("/api/v1/runners", create_one, keyed("team-key", "during"));
  CHECK(closed.status == 503);
  CHECK(closed.header("retry-after") == "1");
  CHECK(json_string(closed.body, "/message") ==
        "El almacén de Idempotency-Key no está disponible; reinténtelo más tarde");
  CHECK(count_requests(fleet.sim.requests(), "POST", "/runners/create") == 0);
  CHECK(scrape(two)["gha_gateway_idempotency_store_unavailable_total"] == 1);
  CHECK(one.post("/api/v1/runners", create_one, keyed("team-key")).status == 200);

  // Redis back (empty, as after a crash without persistence): both replicas reconnect by themselves.
  fleet.redis.restart();
  REQUIRE(wait_until([&] { return fleet.connected(); }, 5s));
  auto during = one.post("/api/v1/runners", create_one, keyed("team-key", "during"));
  CHECK(during.status == 200);
  auto replay = two.post("/api/v1/runners", create_one, keyed("team-key", "during"));
  CHECK(replay.header("idempotent-replayed") == "true");
  int limited = 0;
  for (int i = 0; i < 6; ++i)
    limited += (i % 2 ? two : one).get("/api/v1/runners", keyed("other-key")).status == 429;
  CHECK(limited >= 3);
  CHECK(one.proc().output().find("connection lost") != std::string::npos);
}

TEST_CASE("shared store: a Redis that stops answering: requests go on after the timeout") {
  redis_server redis;
  simulator sim;
  gateway gw(sim.port(),
             replica_env(redis.url(), {{"RATE_LIMIT_RPS", "100"}, {"REDIS_TIMEOUT_SECONDS", "0.2"}}));
  REQUIRE(wait_until([&] { return redis_up(gw); }, 5s));
  redis.pause();  // connections stay open; nothing is answered
  // A paused Redis never answers: each 200 (the client gives up at 10 s) is the timeout letting it through.
  for (int i = 0; i < 3; ++i) CHECK(gw.get("/api/v1/runners", keyed("team-key")).status == 200);
  CHECK(scrape(gw)["gha_gateway_rate_limit_fail_open_total"] == 3);
  CHECK(gw.post("/api/v1/runners", create_one, keyed("team-key", "paused")).status == 503);
  redis.resume();
  REQUIRE(wait_until([&] { return redis_up(gw); }, 5s));
  CHECK(gw.post("/api/v1/runners", create_one, keyed("team-key", "paused")).status == 200);
  CHECK(gw.proc().output().find("no reply within the timeout") != std::string::npos);
}

TEST_CASE("shared store: the password in REDIS_URL authenticates and is never printed") {
  const std::string password = "s3cret-pw-91";
  redis_server redis({"--requirepass", password});
  simulator sim;
  {
    // A name, resolved off the loop; "localhost" may give ::1 first, where nothing listens: the next address.
    gateway gw(sim.port(), replica_env(redis.url(":" + password, 3, "localhost"), {{"LOG_LEVEL", "DEBUG"}}));
    REQUIRE(wait_until([&] { return redis_up(gw); }, 5s));
    CHECK(gw.post("/api/v1/runners", create_one, keyed("team-key", "auth")).status == 200);
    CHECK(gw.post("/api/v1/runners", create_one, keyed("team-key", "auth")).header("idempotent-replayed") ==
          "true");
    CHECK(gw.proc().output().find("(with a password)") != std::string::npos);
    CHECK(gw.proc().output().find(password) == std::string::npos);
  }
  {
    gateway wrong(sim.port(), replica_env(redis.url(":not-" + password)));
    REQUIRE(wait_until(
        [&] { return wrong.proc().output().find("refused the password") != std::string::npos; }, 5s));
    CHECK(wrong.post("/api/v1/runners", create_one, keyed("team-key", "wrong")).status == 503);
    // It keeps trying (100 ms, doubling), and each connection (one per I/O thread: 2) says so once per
    // outage, not at every attempt.
    std::this_thread::sleep_for(1600ms);
    auto output = wrong.proc().output();
    std::size_t refusals = 0;
    for (auto at = output.find("refused the password"); at != std::string::npos;
         at = output.find("refused the password", at + 1))
      ++refusals;
    CHECK(refusals == 2);
    CHECK(wrong.proc().output().find(password) == std::string::npos);
  }
  // TLS is refused at start, and the URL is not echoed.
  process tls(GW_GATEWAY_BIN, {"--redis-url=rediss://:" + password + "@127.0.0.1:1"}, {});
  CHECK(tls.wait_exit(10s) == 2);
  CHECK(tls.output().find("rediss:// (TLS) is not available") != std::string::npos);
  CHECK(tls.output().find(password) == std::string::npos);
}
