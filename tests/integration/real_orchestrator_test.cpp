// Against the orchestrator's real manners (the simulator's --manners=real, freezes scaled down to
// seconds): a busy orchestrator is not a dead one, time budgets fit the work, and status, destroy and
// cleanup mean what the reference says whichever way the orchestrator answers. The routes' semantics are
// checked against both manners.
#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <thread>

#include "harness.hpp"

using namespace harness;

namespace {
bool holds(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The simulator's arguments for one of the two manners the route tests run against (freezes kept short).
std::vector<std::string> manners(bool real) {
  return real ? std::vector<std::string>{"--manners=real", "--create-ms-per-runner=50", "--destroy-ms=50"}
              : std::vector<std::string>{};
}

std::vector<std::string> real_manners(int create_ms, int destroy_ms) {
  return {"--manners=real", "--create-ms-per-runner=" + std::to_string(create_ms),
          "--destroy-ms=" + std::to_string(destroy_ms)};
}

const std::string one_runner = R"({"scope":"repo","scope_name":"octo/hello","count":1})";
const std::string fail_fast_message =
    "Orquestador no disponible: no responde a las comprobaciones de salud; la solicitud no se envió";

std::string created_id(gateway& gw, const std::string& body = one_runner) {
  auto r = gw.post("/api/v1/runners", body);
  REQUIRE(r.status == 200);
  return json_string(r.body, "/data/0/runner_id");
}
}  // namespace

TEST_CASE("real manners: a frozen orchestrator is busy, not down; requests wait and are answered") {
  simulator sim(real_manners(2500, 100));
  gateway gw(sim.port(), {{"ORCHESTRATOR_TIMEOUT_SECONDS", "4"}});
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  auto create = std::async(std::launch::async, [&] { return gw.post("/api/v1/runners", one_runner); });
  REQUIRE(gw.wait_for_orchestrator("busy", 5s));  // the poll connected and got no answer in time
  auto health = gw.get("/api/v1/health");
  CHECK(json_string(health.body, "/data/status") == "degraded");
  // Sent during the freeze: not an instant 503; answered once the orchestrator is.
  auto list = request(gw.port(), "GET", "/api/v1/runners", {}, {}, 10s);
  CHECK(list.status == 200);
  auto created = create.get();
  CHECK(created.status == 200);
  CHECK(json_string(created.body, "/data/0/runner_id") == "gw-m-1");
  CHECK(json_string(created.body, "/data/0/status") == "created");
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  auto metrics = scrape(gw);
  CHECK(metrics["gha_gateway_fail_fast_rejections_total"] == 0);
  CHECK(metrics["gha_gateway_orchestrator_state{state=\"healthy\"}"] == 1);
}

TEST_CASE("real manners: busy past HEALTH_BUSY_LIMIT_SECONDS counts as down, and recovers by itself") {
  simulator sim(real_manners(4000, 100));
  gateway gw(sim.port(), {{"ORCHESTRATOR_TIMEOUT_SECONDS", "6"}, {"HEALTH_BUSY_LIMIT_SECONDS", "0.5"}});
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  auto create = std::async(std::launch::async, [&] { return gw.post("/api/v1/runners", one_runner); });
  REQUIRE(gw.wait_for_orchestrator("unreachable", 4s));
  auto refused = gw.get("/api/v1/runners");
  CHECK(refused.status == 503);
  CHECK(json_string(refused.body, "/message") == fail_fast_message);
  CHECK(create.get().status == 200);  // the create already under way was not cut short
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  CHECK(gw.get("/api/v1/runners").status == 200);
}

TEST_CASE("a refused connection is down: fail-fast with its own message after the threshold") {
  simulator sim;
  gateway gw(sim.port(), {{"HEALTH_UNHEALTHY_THRESHOLD", "3"}, {"RETRY_BACKOFF_SECONDS", "10"}});
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  sim.stop();
  REQUIRE(gw.wait_for_orchestrator("unreachable"));
  auto r = request(gw.port(), "GET", "/api/v1/runners", {}, {}, 5s);
  CHECK(r.status == 503);
  CHECK(json_string(r.body, "/message") == fail_fast_message);
  CHECK(scrape(gw)["gha_gateway_fail_fast_active"] == 1);
}

TEST_CASE("real manners: a create's attempt timeout grows with its count") {
  simulator sim(real_manners(700, 100));
  // 3 runners take 2.1 s: more than one quick attempt (1 s), less than 1 s + 3 x 1 s.
  gateway gw(sim.port(),
             {{"ORCHESTRATOR_TIMEOUT_SECONDS", "1"}, {"ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER", "1"}});
  auto r = gw.post("/api/v1/runners", R"({"scope":"repo","scope_name":"octo/hello","count":3})");
  CHECK(r.status == 200);
  CHECK(json_size(r.body, "/data") == 3);
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
}

TEST_CASE("real manners: a create past the client's deadline is answered 504, runs on, and is logged") {
  simulator sim(real_manners(2000, 100));
  gateway gw(sim.port(),
             {{"REQUEST_TIMEOUT_SECONDS", "0.7"}, {"ORCHESTRATOR_CREATE_SECONDS_PER_RUNNER", "5"}});
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  auto r = gw.post("/api/v1/runners", one_runner,
                   {{"Content-Type", "application/json"}, {"X-Request-ID", "late-1"}});
  CHECK(r.status == 504);
  CHECK(json_string(r.body, "/message") ==
        "Timeout del orquestador: los runners pueden crearse igualmente; compruébelo con GET /api/v1/runners "
        "antes de reintentar");
  REQUIRE(wait_until(
      [&] { return scrape(gw)["gha_gateway_late_create_outcomes_total{outcome=\"created\"}"] == 1; }, 10s));
  CHECK(count_requests(sim.requests(), "POST", "/runners/create") == 1);
  CHECK(json_string(gw.get("/api/v1/runners").body, "/data/0/runner_id") == "gw-m-1");
  auto log = gw.proc().output();
  auto line = log.find("after its client's deadline: HTTP 200");
  REQUIRE(line != std::string::npos);
  auto line_end = log.find('\n', line);
  auto line_start = log.rfind('\n', line);
  CHECK(log.substr(line_start, line_end - line_start).find("late-1") != std::string::npos);
}

TEST_CASE("status: an id the orchestrator does not have is 404, whichever way it says so") {
  for (bool real : {false, true}) {
    INFO((real ? "real" : "simple") << " manners");
    simulator sim(manners(real));
    gateway gw(sim.port());
    auto id = created_id(gw);
    auto known = gw.get("/api/v1/runners/" + id);
    CHECK(known.status == 200);
    CHECK(json_string(known.body, "/data/runner_id") == id);
    CHECK(json_string(known.body, "/data/status") != "error");
    CHECK(json_is(known.body, "/data/labels", "object"));
    auto unknown = gw.get("/api/v1/runners/" + id + "0");
    CHECK(unknown.status == 404);
    CHECK(json_string(unknown.body, "/message") == "Runner no encontrado");
  }
}

TEST_CASE("destroy: only an id listed as a runner is sent; no substring reaches another container") {
  for (bool real : {false, true}) {
    INFO((real ? "real" : "simple") << " manners");
    simulator sim(manners(real));
    gateway gw(sim.port());
    auto id = created_id(gw);
    auto before = sim.containers();
    sim.clear_requests();
    for (const std::string& hostile :
         std::vector<std::string>{"orchestrator", "redis", id.substr(0, id.size() - 1), "m-1", "runner"}) {
      auto r = gw.del("/api/v1/runners/" + hostile);
      CHECK(r.status == 404);
      CHECK(json_string(r.body, "/message") == "Runner no encontrado");
    }
    CHECK(count_requests(sim.requests(), "DELETE") == 0);
    CHECK(sim.containers() == before);
    auto gone = gw.del("/api/v1/runners/" + id);
    CHECK(gone.status == 200);
    CHECK(json_string(gone.body, "/data/runner_id") == id);
    CHECK_FALSE(holds(sim.containers(), id));
    CHECK(count_requests(sim.requests(), "DELETE") == 1);
  }
}

TEST_CASE("real manners: a retried destroy that finds 404 after a timed-out attempt is destroyed") {
  simulator sim(real_manners(50, 1500));
  gateway gw(sim.port(),
             {{"ORCHESTRATOR_TIMEOUT_SECONDS", "1"}, {"ORCHESTRATOR_DESTROY_TIMEOUT_SECONDS", "1"}});
  auto id = created_id(gw);
  auto r = request(gw.port(), "DELETE", "/api/v1/runners/" + id, {}, {}, 10s);
  CHECK(r.status == 200);
  CHECK(json_string(r.body, "/data/runner_id") == id);
  CHECK(count_requests(sim.requests(), "DELETE", "/runners/" + id) ==
        2);  // the first timed out, the retry found 404
  CHECK_FALSE(holds(sim.containers(), id));
}

TEST_CASE("cleanup: the ids really cleaned, never an empty list beside a non-zero count") {
  for (bool real : {false, true}) {
    INFO((real ? "real" : "simple") << " manners");
    simulator sim(manners(real));
    gateway gw(sim.port());
    auto broken = created_id(gw);
    auto healthy = created_id(gw);
    sim.set_runner_status(broken, "error");
    auto r = gw.post("/api/v1/runners/cleanup", "");
    CHECK(r.status == 200);
    CHECK(json_int(r.body, "/data/cleaned_count") == 1);
    REQUIRE(json_size(r.body, "/data/cleaned_runners") == 1);
    CHECK(json_string(r.body, "/data/cleaned_runners/0") == broken);
    CHECK(holds(sim.containers(), healthy));
    auto nothing = gw.post("/api/v1/runners/cleanup", "");
    CHECK(json_int(nothing.body, "/data/cleaned_count") == 0);
    CHECK(json_size(nothing.body, "/data/cleaned_runners") == 0);
  }
}
