// Retries, timeouts, fail-fast, recovery and graceful shutdown, counted at the simulator.
#include <catch2/catch.hpp>

#include <signal.h>

#include <future>
#include <thread>

#include "harness.hpp"

using namespace harness;

namespace {
const std::string create_body = R"({"scope":"org","scope_name":"myorg"})";
}  // namespace

TEST_CASE("idempotent calls are retried on 502/503/504 and succeed") {
  simulator sim;
  gateway gw(sim.port());
  sim.add_fault(R"({"kind":"status","status":503,"method":"GET","path":"/runners","times":2})");
  auto r = gw.get("/api/v1/runners");
  CHECK(r.status == 200);
  CHECK(count_requests(sim.requests(), "GET", "/runners") == 3);
}

TEST_CASE("after the last attempt an upstream error passes through with its detail") {
  simulator sim;
  gateway gw(sim.port());
  auto id = json_string(gw.post("/api/v1/runners", create_body).body, "/data/0/runner_id");
  REQUIRE_FALSE(id.empty());
  sim.add_fault(R"({"kind":"status","status":502,"method":"DELETE","detail":"GitHub API caído"})");
  auto r = gw.del("/api/v1/runners/" + id);
  CHECK(r.status == 502);
  CHECK(json_string(r.body, "/message") == "GitHub API caído");
  CHECK(count_requests(sim.requests(), "DELETE", "/runners/" + id) == 3);
}

TEST_CASE("4xx and 500 answers are not retried and pass through") {
  simulator sim;
  gateway gw(sim.port());
  sim.add_fault(R"({"kind":"status","status":500,"path":"/runners/cleanup","detail":"Docker no responde"})");
  auto r = gw.post("/api/v1/runners/cleanup", "");
  CHECK(r.status == 500);
  CHECK(json_string(r.body, "/message") == "Docker no responde");
  CHECK(count_requests(sim.requests(), "POST", "/runners/cleanup") == 1);
}

TEST_CASE("transport failures after the request was read are retried for GET, never for create") {
  simulator sim;
  gateway gw(sim.port());
  sim.add_fault(R"({"kind":"reset_after_read","method":"GET","path":"/runners","times":2})");
  CHECK(gw.get("/api/v1/runners").status == 200);
  CHECK(count_requests(sim.requests(), "GET", "/runners") == 3);

  sim.add_fault(R"({"kind":"reset_after_read","path":"/runners/create","times":5})");
  auto r = gw.post("/api/v1/runners", create_body);
  CHECK(r.status == 503);
  CHECK(json_string(r.body, "/message") == "Orquestador no disponible después de múltiples intentos");
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
}

TEST_CASE("an upstream 503 on create is not retried") {
  simulator sim;
  gateway gw(sim.port());
  sim.add_fault(
      R"({"kind":"status","status":503,"path":"/runners/create","times":1,"detail":"Docker no disponible"})");
  auto r = gw.post("/api/v1/runners", create_body);
  CHECK(r.status == 503);
  CHECK(json_string(r.body, "/message") == "Docker no disponible");
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
}

TEST_CASE("a create whose connection could not be made is retried and lands once") {
  simulator sim;
  // Slow health polls so the gateway still believes the orchestrator is up when it goes away.
  gateway gw(sim.port(), {{"HEALTH_CHECK_INTERVAL_SECONDS", "60"},
                          {"RETRY_BACKOFF_SECONDS", "0.6"},
                          {"RETRY_MAX_ATTEMPTS", "3"}});
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  auto before = scrape(gw);
  sim.stop();
  auto pending = std::async(std::launch::async, [&] { return gw.post("/api/v1/runners", create_body); });
  std::this_thread::sleep_for(200ms);
  sim.restart();  // same port, back before the 2nd attempt (0.6 s) or the 3rd (1.8 s)
  auto r = pending.get();
  INFO(gw.proc().output());
  CHECK(r.status == 200);
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
  // The first attempt really found nobody, and a retry delivered it.
  auto after = scrape(gw);
  CHECK(after["gha_gateway_upstream_failures_total{kind=\"connect\"}"] -
            before["gha_gateway_upstream_failures_total{kind=\"connect\"}"] >=
        1);
  CHECK(after["gha_gateway_upstream_retries_total"] - before["gha_gateway_upstream_retries_total"] >= 1);
}

TEST_CASE("timeouts: idempotent calls retry then 504; create gives up after one attempt") {
  simulator sim;
  gateway gw(sim.port(),
             {{"ORCHESTRATOR_TIMEOUT_SECONDS", "0.3"}, {"ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER", "0.2"}});
  sim.add_fault(R"({"kind":"hang","method":"GET","path":"/runners"})");
  auto r = gw.get("/api/v1/runners");
  CHECK(r.status == 504);
  CHECK(json_string(r.body, "/message") == "Timeout del orquestador después de múltiples intentos");
  CHECK(count_requests(sim.requests(), "GET", "/runners") == 3);

  sim.add_fault(R"({"kind":"hang","path":"/runners/create"})");
  auto c = gw.post("/api/v1/runners", create_body);
  CHECK(c.status == 504);  // after 0.3 s + 1 x 0.2 s
  CHECK(json_string(c.body, "/message") ==
        "Timeout del orquestador: los runners pueden crearse igualmente; compruébelo con GET /api/v1/runners "
        "antes de reintentar");
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
}

TEST_CASE("a 2xx answer that is not JSON is a 502") {
  simulator sim;
  gateway gw(sim.port());
  sim.add_fault(R"({"kind":"bad_json","path":"/runners"})");
  auto r = gw.get("/api/v1/runners");
  CHECK(r.status == 502);
  CHECK(json_string(r.body, "/status") == "error");
}

TEST_CASE("slow orchestrator answers within the timeout still succeed") {
  simulator sim;
  gateway gw(sim.port());
  sim.add_fault(R"({"kind":"latency","latency_ms":300,"path":"/runners","times":1})");
  CHECK(gw.get("/api/v1/runners").status == 200);
  CHECK(count_requests(sim.requests(), "GET", "/runners") == 1);
}

TEST_CASE("fail fast while the orchestrator is down, recover by itself when it returns") {
  simulator sim;
  // Retrying would take over 20 s (backoff 10 s then 20 s); the client below waits 5 s at most.
  gateway gw(sim.port(), {{"RETRY_BACKOFF_SECONDS", "10"}, {"HEALTH_CHECK_INTERVAL_SECONDS", "0.2"}});
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  sim.stop();
  REQUIRE(gw.wait_for_orchestrator("unreachable"));
  for (int i = 0; i < 5; ++i) {
    auto r = request(gw.port(), "GET", "/api/v1/runners", {}, {}, 5s);
    REQUIRE(r.status == 503);
    CHECK(json_string(r.body, "/message") ==
          "Orquestador no disponible: no responde a las comprobaciones de salud; la solicitud no se envió");
    CHECK_FALSE(r.header("retry-after").empty());
  }
  CHECK(request(gw.port(), "POST", "/api/v1/runners", create_body, {{"Content-Type", "application/json"}}, 5s)
            .status == 503);
  sim.restart();
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  CHECK(gw.get("/api/v1/runners").status == 200);
}

TEST_CASE("graceful shutdown: the request in flight gets its 200, new connections are refused, exit 0") {
  simulator sim;
  gateway gw(sim.port(), {{"SHUTDOWN_GRACE_SECONDS", "5"}, {"ORCHESTRATOR_TIMEOUT_SECONDS", "10"}});
  sim.add_fault(R"({"kind":"latency","latency_ms":1500,"path":"/runners"})");
  auto slow = std::async(std::launch::async, [&] { return gw.get("/api/v1/runners"); });
  REQUIRE(wait_until([&] { return count_requests(sim.requests(), "GET", "/runners") == 1; }, 5s));
  gw.proc().signal(SIGTERM);
  CHECK(wait_until([&] { return !can_connect(gw.port()); }, 2s));
  auto r = slow.get();
  CHECK(r.status == 200);
  CHECK(json_string(r.body, "/message") == "Listados 0 runners activos");
  CHECK(gw.proc().wait_exit(10s) == std::optional<int>(0));
}

TEST_CASE("graceful shutdown gives up on requests after the grace period") {
  simulator sim;
  gateway gw(sim.port(), {{"SHUTDOWN_GRACE_SECONDS", "0.3"}, {"ORCHESTRATOR_TIMEOUT_SECONDS", "30"}});
  sim.add_fault(R"({"kind":"hang","path":"/runners"})");
  auto stuck = std::async(std::launch::async, [&] { return gw.get("/api/v1/runners"); });
  REQUIRE(wait_until([&] { return count_requests(sim.requests(), "GET", "/runners") == 1; }, 5s));
  gw.proc().signal(SIGTERM);
  CHECK(gw.proc().wait_exit(10s) == std::optional<int>(0));
  stuck.get();
}

TEST_CASE("bytes the orchestrator sends outside an exchange never become anybody's answer") {
  simulator sim;
  gateway gw(sim.port(), {{"IO_THREADS", "1"}});  // one pool: the next call would take that connection
  for (int round = 0; round < 5; ++round) {
    sim.add_fault(R"({"kind":"unsolicited","method":"GET","path":"/runners","times":1,"latency_ms":5})");
    auto first = gw.get("/api/v1/runners");
    CHECK(first.status == 200);
    std::this_thread::sleep_for(30ms);  // the forged answer is on the pooled connection by now
    auto next = gw.get("/api/v1/runners");
    CHECK(next.status == 200);
    CHECK(next.body.find("forged") == std::string::npos);
  }
}

TEST_CASE("an orchestrator answer past MAX_ORCHESTRATOR_ANSWER_BYTES is a 502, fetched once") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_ORCHESTRATOR_ANSWER_BYTES", "4096"}});
  sim.add_fault(R"({"kind":"large_body","method":"GET","path":"/runners","times":1,"size":100000})");
  auto r = gw.get("/api/v1/runners");
  CHECK(r.status == 502);
  CHECK(json_string(r.body, "/message") == "Respuesta inválida del orquestador");
  CHECK(count_requests(sim.requests(), "GET", "/runners") == 1);
  sim.add_fault(R"({"kind":"large_body","method":"GET","path":"/runners","times":1,"size":4000})");
  auto small = gw.get("/api/v1/runners");
  CHECK(small.status == 200);  // under the cap
}
