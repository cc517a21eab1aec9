// Limits, hostile input and access control, against real processes.
#include <catch2/catch.hpp>

#include <future>
#include <regex>
#include <thread>

#include "harness.hpp"

using namespace harness;

namespace {
const std::string create_body = R"({"scope":"org","scope_name":"myorg"})";
const headers json{{"Content-Type", "application/json"}};
}  // namespace

TEST_CASE("API keys: 401 without a valid key, health stays open, the key never reaches the log") {
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS", "s3cret-key-one,s3cret-key-two"}});
  auto denied = gw.get("/api/v1/runners");
  CHECK(denied.status == 401);
  CHECK(denied.header("www-authenticate") == "Bearer");
  CHECK(json_string(denied.body, "/status") == "error");
  CHECK(gw.get("/api/v1/runners", {{"Authorization", "Bearer wrong"}}).status == 401);
  CHECK(gw.post("/api/v1/runners", create_body, {{"Content-Type", "application/json"}}).status == 401);
  CHECK(request(gw.port(), "DELETE", "/api/v1/runners/x").status == 401);
  CHECK(gw.get("/api/v1/runners", {{"Authorization", "Bearer s3cret-key-two"}}).status == 200);
  CHECK(gw.post("/api/v1/runners", create_body,
                {{"Content-Type", "application/json"}, {"Authorization", "Bearer s3cret-key-one"}})
            .status == 200);
  CHECK(gw.get("/api/v1/health").status == 200);
  CHECK(gw.get("/health").status == 200);
  CHECK(gw.get("/healthz").status == 200);
  CHECK(sim.requests_except_health().size() == 2);
  CHECK(gw.proc().output().find("s3cret") == std::string::npos);
}

TEST_CASE("a warning when listening beyond loopback without keys") {
  simulator sim;
  gateway open_gw(sim.port(), {{"API_GATEWAY_HOST", "0.0.0.0"}});
  CHECK(open_gw.proc().output().find("without API keys") != std::string::npos);
  gateway local_gw(sim.port());
  CHECK(local_gw.proc().output().find("without API keys") == std::string::npos);
}

TEST_CASE("rate limiting answers 429 with Retry-After, per client") {
  simulator sim;
  gateway gw(sim.port(), {{"RATE_LIMIT_RPS", "1"}, {"RATE_LIMIT_BURST", "3"}});
  int ok = 0, limited = 0;
  std::string retry_after;
  for (int i = 0; i < 6; ++i) {
    auto r = gw.get("/api/v1/runners");
    if (r.status == 200) ++ok;
    if (r.status == 429) {
      ++limited;
      retry_after = r.header("retry-after");
      CHECK(json_string(r.body, "/status") == "error");
    }
  }
  CHECK(ok >= 3);
  CHECK(ok <= 4);
  CHECK(limited >= 2);
  CHECK_FALSE(retry_after.empty());
  CHECK(gw.get("/healthz").status == 200);  // probes are not limited
}

TEST_CASE("415 for a body that is not JSON; 414, 431 and 413 for oversized requests") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_URL_BYTES", "256"}, {"MAX_HEADER_BYTES", "2048"}, {"MAX_BODY_BYTES", "512"}});
  auto form =
      gw.post("/api/v1/runners", create_body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  CHECK(form.status == 415);
  CHECK(gw.post("/api/v1/runners", create_body, {}).status == 415);
  CHECK(
      gw.post("/api/v1/runners", create_body, {{"Content-Type", "application/json; charset=utf-8"}}).status ==
      200);
  CHECK(gw.get("/api/v1/runners/" + std::string(300, 'a')).status == 414);
  CHECK(gw.get("/healthz", {{"X-Big", std::string(4000, 'b')}}).status == 431);
  CHECK(gw.post("/api/v1/runners", std::string(1000, ' ') + create_body, json).status == 413);
  CHECK(gw.get("/healthz").status == 200);
}

TEST_CASE("hostile bodies get 400 envelopes and the gateway keeps serving") {
  simulator sim;
  gateway gw(sim.port());
  for (const std::string& body :
       {std::string(30000, '[') + std::string(30000, ']'),
        std::string("{\"scope\":\"org\",\"scope_name\":\"a\0b\"}", 35),
        std::string("{\"scope\":\"org\",\"scope_name\":\"\xff\xfe\"}"),
        std::string("{\"scope\":\"org\",\"scope\":\"repo\"}"),
        std::string("{\"scope\":\"org\",\"scope_name\":\"o\",\"count\":1e400}"),
        std::string("{\"scope\":\"org\",\"scope_name\":\"o\",\"count\":123456789012345678901234567890}"),
        std::string("\x00\x00\x00", 3),
        std::string("{\"scope\":\"org\",\"scope_name\":\"o\"") /* unterminated */}) {
    auto r = gw.post("/api/v1/runners", body, json);
    CHECK(r.status == 400);
    CHECK(json_string(r.body, "/status") == "error");
  }
  CHECK(sim.requests_except_health().empty());
  CHECK(gw.get("/healthz").status == 200);
}

TEST_CASE("smuggling shapes are refused") {
  simulator sim;
  gateway gw(sim.port());
  for (const char* head :
       {"POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\n{} ",
        "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: "
        "3\r\n\r\n0\r\n\r\n",
        "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST /api/v1/runners HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"}) {
    INFO(head);
    auto answer = raw_exchange(gw.port(), head);
    bool unknown_coding = std::string(head).find("gzip") != std::string::npos;
    CHECK(answer.substr(0, 13).find(unknown_coding ? " 501 " : " 400 ") != std::string::npos);
  }
  CHECK(sim.requests_except_health().empty());
}

TEST_CASE("slow clients are cut off by the read deadline; idle keep-alive connections are closed") {
  simulator sim;
  gateway gw(sim.port(), {{"CLIENT_READ_TIMEOUT_SECONDS", "0.5"}, {"KEEPALIVE_TIMEOUT_SECONDS", "0.5"}});
  // One header line every 150 ms: each arrives well within any per-read timeout, but the whole request never
  // does.
  auto started = std::chrono::steady_clock::now();
  std::string trickle = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 40; ++i) trickle += "X-Slow-" + std::to_string(i) + ": y\r\n";
  auto closed_after = slow_send(gw.port(), trickle, 150ms);
  CHECK(closed_after < 4s);  // 40 lines would take 6 s
  auto idle_closed = idle_close_after(gw.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 5s);
  CHECK(idle_closed < 4s);
  CHECK(gw.get("/healthz").status == 200);
  (void)started;
}

TEST_CASE(
    "MAX_CONNECTIONS: past the cap a new connection gets 503 and is closed; loopback probes still pass") {
  simulator sim;
  gateway gw(
      sim.port(),
      {{"MAX_CONNECTIONS", "4"}, {"CLIENT_CONNECTION_SHARE", "1"}, {"CORS_ORIGINS", "https://ci.example"}});
  // Hold four connections, each proven accepted by one answered request (a connection refused while the
  // start-up probe's session was still closing is opened again).
  std::vector<held_connection> held;
  while (held.size() < 4) {
    held_connection c(gw.port());
    if (c.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 2s).rfind("HTTP/1.1 200", 0) == 0)
      held.push_back(std::move(c));
    else
      std::this_thread::sleep_for(50ms);
  }
  std::string answer;
  bool refused = wait_until(
      [&] {
        answer = raw_exchange(gw.port(),
                              "GET /api/v1/runners HTTP/1.1\r\nHost: x\r\nOrigin: https://ci.example\r\n"
                              "X-Request-ID: saturated-1\r\nConnection: close\r\n\r\n",
                              2s);
        return answer.rfind("HTTP/1.1 503", 0) == 0;
      },
      5s);
  INFO(answer);
  REQUIRE(refused);
  CHECK(json_string(answer.substr(answer.find("\r\n\r\n") + 4), "/message") ==
        "Gateway saturado: demasiadas conexiones abiertas");
  // It leaves by the one answer path: the client's request id, CORS, the request counted in /metrics.
  CHECK(answer.find("\r\nX-Request-ID: saturated-1\r\n") != std::string::npos);
  CHECK(answer.find("\r\nAccess-Control-Allow-Origin: https://ci.example\r\n") != std::string::npos);
  CHECK(answer.find("\r\nRetry-After: 1\r\n") != std::string::npos);
  // The container's own loopback probe is still answered at the cap (a small reserve, probes only).
  CHECK(gw.get("/healthz").status == 200);
  process probe(GW_GATEWAY_BIN, {"--healthcheck"}, {{"API_GATEWAY_PORT", std::to_string(gw.port())}});
  CHECK(probe.wait_exit(10s) == std::optional<int>(0));
  held.clear();
  CHECK(wait_until([&] { return gw.get("/healthz").status == 200; }, 5s));
  CHECK(scrape(gw)[R"(gha_gateway_requests_total{route="/api/v1/runners",method="GET",status="503"})"] >= 1);
}

TEST_CASE("MAX_REQUESTS_IN_FLIGHT: 503 with Retry-After at once instead of queueing; probes pass") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_REQUESTS_IN_FLIGHT", "2"}});
  sim.add_fault(R"({"kind":"latency","latency_ms":800,"path":"/runners"})");
  auto a = std::async(std::launch::async, [&] { return gw.get("/api/v1/runners"); });
  auto b = std::async(std::launch::async, [&] { return gw.get("/api/v1/runners"); });
  REQUIRE(wait_until([&] { return sim.requests_except_health().size() == 2; }, 5s));
  auto third = gw.get("/api/v1/runners");
  CHECK(third.status == 503);
  CHECK(third.header("retry-after") == "1");
  CHECK(gw.get("/healthz").status == 200);
  CHECK(a.get().status == 200);
  CHECK(b.get().status == 200);
  CHECK(sim.requests_except_health().size() == 2);
}

TEST_CASE("REQUEST_TIMEOUT_SECONDS bounds a request's whole life, retries included") {
  simulator sim;
  gateway gw(
      sim.port(),
      {{"REQUEST_TIMEOUT_SECONDS", "0.5"}, {"RETRY_BACKOFF_SECONDS", "0.3"}, {"RETRY_MAX_ATTEMPTS", "5"}});
  sim.add_fault(R"({"kind":"status","status":503,"path":"/runners"})");
  auto r = gw.get("/api/v1/runners");
  CHECK(r.status == 503);
  // Attempt 1 at 0 s, attempt 2 after 0.3 s; attempt 3 would start at 0.9 s, past the deadline.
  std::size_t attempts = 0;
  for (auto& logged : sim.requests_except_health()) attempts += logged.target == "/runners";
  CHECK(attempts == 2);
}

TEST_CASE("REQUEST_TIMEOUT_SECONDS also cuts short a retry that hangs") {
  simulator sim;
  gateway gw(sim.port(), {{"REQUEST_TIMEOUT_SECONDS", "1"},
                          {"ORCHESTRATOR_TIMEOUT_SECONDS", "3"},
                          {"RETRY_BACKOFF_SECONDS", "0.05"}});
  // The first attempt fails fast and is retried; the retry hangs. Bounded by the attempt timeout alone it
  // would answer after 3 s; bounded by the request deadline it answers after about 1 s.
  sim.add_fault(R"({"kind":"status","status":503,"path":"/runners","times":1})");
  sim.add_fault(R"({"kind":"hang","path":"/runners"})");
  auto r = request(gw.port(), "GET", "/api/v1/runners", {}, {}, 2500ms);
  CHECK(r.status == 504);
  std::size_t attempts = 0;
  for (auto& logged : sim.requests_except_health()) attempts += logged.target == "/runners";
  CHECK(attempts == 2);
}

TEST_CASE("a connection that never sends a byte is closed by the read timeout, not the keep-alive one") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_CONNECTIONS", "20"},
                          {"CLIENT_CONNECTION_SHARE", "1"},
                          {"CLIENT_READ_TIMEOUT_SECONDS", "0.5"},
                          {"KEEPALIVE_TIMEOUT_SECONDS", "60"}});
  std::vector<held_connection> silent;
  for (int i = 0; i < 20; ++i) silent.emplace_back(gw.port());
  CHECK(gw.get("/healthz").status == 200);         // at the cap: the loopback reserve
  CHECK(gw.get("/api/v1/runners").status == 503);  // the reserve is for probes only
  // All twenty are gone long before a keep-alive minute, and the gateway takes API traffic again.
  REQUIRE(wait_until([&] { return gw.get("/api/v1/runners").status == 200; }, 10s));
  CHECK(scrape(gw)["gha_gateway_open_connections"] <= 2);
  // A connection that did get an answer keeps the keep-alive grace.
  held_connection kept(gw.port());
  CHECK(kept.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 2s).rfind("HTTP/1.1 200", 0) == 0);
  std::this_thread::sleep_for(1500ms);
  CHECK(kept.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 2s).rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE("failed API keys cost the address its own budget: guessing gets 429, whatever RATE_LIMIT_RPS") {
  simulator sim;
  gateway gw(sim.port(),
             {{"API_KEYS", "right-key"}, {"AUTH_FAILURE_BURST", "5"}, {"AUTH_FAILURE_RPS", "0.01"}});
  for (int i = 0; i < 5; ++i)
    CHECK(gw.get("/api/v1/runners", {{"Authorization", "Bearer guess-" + std::to_string(i)}}).status == 401);
  auto throttled = gw.get("/api/v1/runners", {{"Authorization", "Bearer guess-6"}});
  CHECK(throttled.status == 429);
  CHECK(std::stoi(throttled.header("retry-after")) >= 1);
  CHECK(gw.get("/api/v1/runners", {{"Authorization", "Bearer guess-7"}}).status == 429);
  // A right key from the same address is never locked out by the failures (a NAT, a shared ingress).
  CHECK(gw.get("/api/v1/runners", {{"Authorization", "Bearer right-key"}}).status == 200);
  CHECK(gw.get("/healthz").status == 200);                                      // probes are not keyed routes
  CHECK(count_requests(sim.requests_except_health(), "GET", "/runners") == 1);  // the right key's only
}

TEST_CASE("the failed-key budget does not touch clients with the right key") {
  simulator sim;
  gateway gw(sim.port(), {{"API_KEYS", "right-key"}, {"AUTH_FAILURE_BURST", "2"}});
  for (int i = 0; i < 50; ++i)
    REQUIRE(gw.get("/api/v1/runners", {{"Authorization", "Bearer right-key"}}).status == 200);
}

TEST_CASE("one client address holds at most CLIENT_CONNECTION_SHARE of the connections") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_CONNECTIONS", "10"}, {"CLIENT_CONNECTION_SHARE", "0.3"}});  // 3 per address
  std::vector<held_connection> held;
  REQUIRE(wait_until(
      [&] {
        held_connection c(gw.port());
        if (c.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 2s).rfind("HTTP/1.1 200", 0) == 0)
          held.push_back(std::move(c));
        return held.size() == 3;
      },
      5s));
  auto refused = raw_exchange(gw.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2s);
  CHECK(refused.rfind("HTTP/1.1 503", 0) == 0);
  CHECK(refused.find("Gateway saturado: demasiadas conexiones abiertas") != std::string::npos);
  held.pop_back();  // a slot of its share comes back when one of its connections closes
  CHECK(wait_until([&] { return gw.get("/healthz").status == 200; }, 5s));
}
