// What operators rely on: request ids across hops, JSON logs, /metrics, the docs pages, --healthcheck.
#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "harness.hpp"

using namespace harness;

namespace {
const std::string valid_create = R"({"scope":"repo","scope_name":"myorg/myrepo","count":1})";
const std::regex uuid4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

std::string requests_series(const std::string& route, const std::string& method, const std::string& status) {
  return "gha_gateway_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" + status +
         "\"}";
}
}  // namespace

TEST_CASE("X-Request-ID is kept when well-formed, else generated, returned, forwarded and logged") {
  simulator sim;
  gateway gw(sim.port(), {{"LOG_LEVEL", "INFO"}});

  auto kept = gw.post("/api/v1/runners", valid_create,
                      {{"Content-Type", "application/json"}, {"X-Request-ID", "client-trace.42"}});
  CHECK(kept.status == 200);
  CHECK(kept.header("x-request-id") == "client-trace.42");
  auto forwarded = sim.requests_except_health();
  REQUIRE(forwarded.size() == 1);
  CHECK(forwarded[0].request_id == "client-trace.42");

  sim.clear_requests();
  auto replaced = request(gw.port(), "GET", "/api/v1/runners", {}, {{"X-Request-ID", "two words"}});
  CHECK(replaced.status == 200);
  auto new_id = replaced.header("x-request-id");
  CHECK(std::regex_match(new_id, uuid4));
  forwarded = sim.requests_except_health();
  REQUIRE(forwarded.size() == 1);
  CHECK(forwarded[0].request_id == new_id);

  // Every answer carries one, the gateway's own errors included.
  auto generated = gw.get("/api/v1/runners/bad%2Fid");
  CHECK(generated.status == 400);
  CHECK(std::regex_match(generated.header("x-request-id"), uuid4));
  CHECK(std::regex_match(gw.get("/nope").header("x-request-id"), uuid4));
  auto too_large = gw.post("/api/v1/runners", std::string(70000, 'x'),
                           {{"Content-Type", "application/json"}, {"X-Request-ID", "big-one"}});
  CHECK(too_large.status == 413);
  CHECK(too_large.header("x-request-id") == "big-one");
  CHECK(std::regex_match(
      gw.get("/api/v1/runners", {{"X-Request-ID", std::string(129, 'a')}}).header("x-request-id"), uuid4));

  // Browsers may read it.
  auto cors = request(gw.port(), "GET", "/healthz", {}, {{"Origin", "https://ci.example.com"}});
  CHECK(cors.header("access-control-expose-headers") == "X-Request-ID, Idempotent-Replayed");

  REQUIRE(
      wait_until([&] { return gw.proc().output().find("request_id=" + new_id) != std::string::npos; }, 5s));
  auto log = gw.proc().output();
  CHECK(std::regex_search(
      log, std::regex(
               R"(POST /api/v1/runners 200 [0-9.]+ms client=127\.0\.0\.1:\d+ request_id=client-trace\.42)")));
  CHECK(log.find("request_id=big-one") != std::string::npos);
}

TEST_CASE("a retried call keeps its request id on every attempt and in the retry's log line") {
  simulator sim;
  gateway gw(sim.port(), {{"LOG_LEVEL", "DEBUG"}});
  sim.add_fault(R"({"kind":"status","status":503,"method":"GET","path":"/runners","times":2})");
  auto r = gw.get("/api/v1/runners", {{"X-Request-ID", "retry-me"}});
  CHECK(r.status == 200);
  auto forwarded = sim.requests_except_health();
  REQUIRE(forwarded.size() == 3);
  for (const auto& f : forwarded) CHECK(f.request_id == "retry-me");
  REQUIRE(
      wait_until([&] { return gw.proc().output().find("request_id=retry-me") != std::string::npos; }, 5s));
  CHECK(std::regex_search(
      gw.proc().output(),
      std::regex(
          R"(DEBUG - orchestrator GET /runners: attempt 1 failed; retrying in \d+ ms request_id=retry-me)")));
}

TEST_CASE("LOG_FORMAT=json writes one JSON object per line, with the request's fields") {
  simulator sim;
  gateway gw(sim.port(), {{"LOG_FORMAT", "json"}, {"LOG_LEVEL", "INFO"}});
  gw.get("/api/v1/runners", {{"X-Request-ID", "json-1"}});
  gw.get("/api/v1/runners/bad%22quote");
  REQUIRE(wait_until([&] { return gw.proc().output().find("json-1") != std::string::npos; }, 5s));
  std::istringstream lines(gw.proc().output());
  std::string line;
  int lines_seen = 0;
  bool saw_access = false;
  while (std::getline(lines, line)) {
    INFO(line);
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    CHECK(std::regex_match(std::string(doc["time"].GetString()),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    CHECK(std::string(doc["logger"].GetString()) == "api-gateway");
    CHECK(doc["level"].IsString());
    CHECK(doc["message"].IsString());
    ++lines_seen;
    if (doc.HasMember("request_id") && std::string(doc["request_id"].GetString()) == "json-1") {
      saw_access = true;
      CHECK(std::string(doc["method"].GetString()) == "GET");
      CHECK(std::string(doc["path"].GetString()) == "/api/v1/runners");
      CHECK(doc["status"].GetInt() == 200);
      CHECK(doc["duration_ms"].IsNumber());
      CHECK(std::string(doc["client"].GetString()).rfind("127.0.0.1:", 0) == 0);
    }
  }
  CHECK(lines_seen >= 3);
  CHECK(saw_access);
}

TEST_CASE("/metrics counts requests, upstream attempts, retries, failures and fail-fast as they happen") {
  simulator sim;
  gateway gw(sim.port());
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  auto before = scrape(gw);
  CHECK(before["gha_gateway_orchestrator_up"] == 1);
  CHECK(before["gha_gateway_orchestrator_state{state=\"healthy\"}"] == 1);
  CHECK(before["gha_gateway_fail_fast_active"] == 0);
  CHECK(before["gha_gateway_build_info{version=\"1.1.0\"}"] == 1);

  for (int i = 0; i < 3; ++i) CHECK(gw.get("/api/v1/runners").status == 200);
  CHECK(gw.post("/api/v1/runners", R"({"scope":"nope","scope_name":"x"})").status == 400);
  CHECK(gw.get("/api/v1/runners/abc").status == 404);
  sim.add_fault(R"({"kind":"status","status":503,"method":"GET","path":"/runners","times":1})");
  CHECK(gw.get("/api/v1/runners").status == 200);

  auto after = scrape(gw);
  auto delta = [&](const std::string& series) { return after[series] - before[series]; };
  CHECK(delta(requests_series("/api/v1/runners", "GET", "200")) == 4);
  CHECK(delta(requests_series("/api/v1/runners", "POST", "400")) == 1);
  CHECK(delta(requests_series("/api/v1/runners/{runner_id}", "GET", "404")) == 1);
  CHECK(delta("gha_gateway_request_duration_seconds_count{route=\"/api/v1/runners\"}") == 5);
  CHECK(delta("gha_gateway_request_duration_seconds_bucket{route=\"/api/v1/runners\",le=\"+Inf\"}") == 5);
  CHECK(delta("gha_gateway_upstream_attempts_total") == 6);  // 4 lists + 1 retry + the 404 status call
  CHECK(delta("gha_gateway_upstream_retries_total") == 1);
  CHECK(delta("gha_gateway_upstream_failures_total{kind=\"status_5xx\"}") == 1);
  CHECK(after["gha_gateway_requests_in_flight"] >= 1);  // the scrape itself
  CHECK(after["gha_gateway_open_connections"] >= 1);

  // Orchestrator down: the gauges flip and requests are refused at once, and counted.
  sim.stop();
  REQUIRE(gw.wait_for_orchestrator("unreachable"));
  CHECK(gw.get("/api/v1/runners").status == 503);
  auto down = scrape(gw);
  CHECK(down["gha_gateway_orchestrator_up"] == 0);
  CHECK(down["gha_gateway_orchestrator_state{state=\"unreachable\"}"] == 1);
  CHECK(down["gha_gateway_fail_fast_active"] == 1);
  CHECK(down["gha_gateway_fail_fast_rejections_total"] - after["gha_gateway_fail_fast_rejections_total"] ==
        1);
}

TEST_CASE("/metrics shows requests in flight and open connections") {
  simulator sim;
  gateway gw(sim.port(), {{"ORCHESTRATOR_TIMEOUT_SECONDS", "5"}});
  sim.add_fault(R"({"kind":"latency","latency_ms":1500,"path":"/runners"})");
  std::vector<held_connection> idle;
  for (int i = 0; i < 5; ++i) idle.emplace_back(gw.port());
  std::thread slow([&] { gw.get("/api/v1/runners"); });
  bool seen = wait_until(
      [&] {
        auto s = scrape(gw);
        return s["gha_gateway_requests_in_flight"] >= 2 && s["gha_gateway_open_connections"] >= 7;
      },
      1200ms);
  slow.join();
  CHECK(seen);
}

TEST_CASE("/openapi.json, Swagger UI at /docs and ReDoc at /redoc are served by the gateway itself") {
  simulator sim;
  gateway gw(sim.port());
  auto openapi = gw.get("/openapi.json");
  CHECK(openapi.status == 200);
  CHECK(openapi.header("content-type") == "application/json");
  CHECK(json_string(openapi.body, "/info/version") == "1.1.0");
  CHECK(json_is(openapi.body, "/paths/~1api~1v1~1runners~1{runner_id}/delete", "object"));

  auto docs = gw.get("/docs");
  REQUIRE(docs.status == 200);
  CHECK(docs.header("content-type") == "text/html; charset=utf-8");
  CHECK(docs.header("content-security-policy").find("default-src 'self'") != std::string::npos);
  CHECK(docs.body.find("swagger-ui-bundle.js") != std::string::npos);
  auto bundle = gw.get("/docs/swagger-ui-bundle.js");
  CHECK(bundle.status == 200);
  CHECK(bundle.header("content-type") == "application/javascript; charset=utf-8");
  CHECK(bundle.body.size() > 500000);
  CHECK(gw.get("/docs/swagger-ui.css").header("content-type") == "text/css; charset=utf-8");
  auto redoc = gw.get("/redoc");
  CHECK(redoc.status == 200);
  CHECK(redoc.body.find("<redoc spec-url=\"openapi.json\">") != std::string::npos);
  CHECK(gw.get("/redoc/redoc.standalone.js").body.size() > 500000);
  CHECK(gw.get("/docs/../CMakeLists.txt").status == 404);
  CHECK(gw.get("/docs/package.json").status == 404);
  CHECK(request(gw.port(), "POST", "/docs", "{}").status == 405);

  // Without the assets the API documents itself still; the pages say what is missing.
  char dir[] = "/tmp/gw-no-docs-XXXXXX";
  REQUIRE(::mkdtemp(dir));
  gateway bare(sim.port(), {{"DOCS_ASSETS_DIR", dir}});
  CHECK(bare.get("/openapi.json").status == 200);
  auto missing = bare.get("/docs");
  CHECK(missing.status == 503);
  CHECK(json_string(missing.body, "/message").find("Documentación no disponible") != std::string::npos);
  ::rmdir(dir);
}

TEST_CASE("--healthcheck exits 0 when its own /healthz answers 200, 1 otherwise; the simulator's too") {
  simulator sim;
  gateway gw(sim.port());
  process ok(GW_GATEWAY_BIN, {"--healthcheck"}, {{"API_GATEWAY_PORT", std::to_string(gw.port())}});
  CHECK(ok.wait_exit(10s) == std::optional<int>(0));
  process flag(GW_GATEWAY_BIN, {"--healthcheck", "--api-gateway-port=" + std::to_string(gw.port())}, {});
  CHECK(flag.wait_exit(10s) == std::optional<int>(0));
  process closed(GW_GATEWAY_BIN, {"--healthcheck"}, {{"API_GATEWAY_PORT", std::to_string(free_port())}});
  CHECK(closed.wait_exit(10s) == std::optional<int>(1));
  CHECK(closed.output().find("gha-gateway healthcheck: connect") != std::string::npos);
  // Something answers, but not 200 (the simulator has no /healthz): unhealthy too.
  process wrong(GW_GATEWAY_BIN, {"--healthcheck"}, {{"API_GATEWAY_PORT", std::to_string(sim.port())}});
  CHECK(wrong.wait_exit(10s) == std::optional<int>(1));
  CHECK(wrong.output().find("unexpected answer: HTTP/1.1 404") != std::string::npos);
  // The simulator's own probe of its /health, as its image's HEALTHCHECK runs it.
  process sim_ok(GW_SIM_BIN, {"--healthcheck", "--port=" + std::to_string(sim.port())}, {});
  CHECK(sim_ok.wait_exit(10s) == std::optional<int>(0));
  process sim_down(GW_SIM_BIN, {"--healthcheck", "--port=" + std::to_string(free_port())}, {});
  CHECK(sim_down.wait_exit(10s) == std::optional<int>(1));
}

TEST_CASE("an orchestrator's health word cannot forge log lines") {
  simulator sim;
  gateway gw(sim.port());
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  sim.add_fault(
      R"({"kind":"status_word","method":"GET","path":"/health","detail":"down\n2026-11-30 00:00:00,000 - api-gateway - INFO - forged \u001b[31m"})");
  REQUIRE(wait_until(
      [&] { return gw.proc().output().find("orchestrator health: down") != std::string::npos; }, 10s));
  auto log = gw.proc().output();
  CHECK(log.find("\n2026-11-30 00:00:00,000 - api-gateway - INFO - forged") == std::string::npos);
  CHECK(log.find("\x1b[31m") == std::string::npos);
  CHECK(log.find("orchestrator health: down\\x0a2026-11-30") != std::string::npos);
}

TEST_CASE("W3C trace context: continued or started, a new span per orchestrator call, in every log line") {
  simulator sim;
  gateway gw(sim.port(), {{"LOG_LEVEL", "DEBUG"}});
  const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
  sim.add_fault(R"({"kind":"status","status":503,"method":"GET","path":"/runners","times":1})");
  auto r = gw.get("/api/v1/runners", {{"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"},
                                      {"tracestate", "rojo=00f067aa0ba902b7"},
                                      {"X-Request-ID", "traced-1"}});
  CHECK(r.status == 200);
  auto forwarded = sim.requests_except_health();
  REQUIRE(forwarded.size() == 2);  // the first attempt got 503, the retry 200
  for (const auto& f : forwarded) {
    CHECK(f.traceparent.substr(0, 36) == "00-" + trace + "-");
    CHECK(f.traceparent.substr(36, 16) != "00f067aa0ba902b7");  // the gateway's own span
    CHECK(f.traceparent.substr(52) == "-01");
    CHECK(f.tracestate == "rojo=00f067aa0ba902b7");
  }
  REQUIRE(wait_until(
      [&] { return gw.proc().output().find("request_id=traced-1 trace_id=" + trace) != std::string::npos; },
      5s));
  auto log = gw.proc().output();
  CHECK(log.find("retrying in") != std::string::npos);
  CHECK(std::regex_search(log, std::regex("retrying in [0-9]+ ms request_id=traced-1 trace_id=" + trace)));

  // No (or a broken) traceparent: a new trace, and no tracestate passed on.
  sim.clear_requests();
  gw.get("/api/v1/runners", {{"traceparent", "garbage"}, {"tracestate", "rojo=1"}});
  auto fresh = sim.requests_except_health();
  REQUIRE(fresh.size() == 1);
  CHECK(std::regex_match(fresh[0].traceparent, std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-01")));
  CHECK(fresh[0].traceparent.find(trace) == std::string::npos);
  CHECK(fresh[0].tracestate.empty());

  // A valid traceparent with a tracestate that is not W3C's list: the trace goes on, the tracestate does not.
  sim.clear_requests();
  gw.get("/api/v1/runners",
         {{"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"}, {"tracestate", "Rojo=1,congo=a=b"}});
  auto unlisted = sim.requests_except_health();
  REQUIRE(unlisted.size() == 1);
  CHECK(unlisted[0].traceparent.substr(0, 36) == "00-" + trace + "-");
  CHECK(unlisted[0].tracestate.empty());
}

TEST_CASE("W3C trace context: the trace id is a member of JSON log lines") {
  simulator sim;
  gateway gw(sim.port(), {{"LOG_FORMAT", "json"}});
  const std::string trace = "0af7651916cd43dd8448eb211c80319c";
  gw.get("/api/v1/runners", {{"traceparent", "00-" + trace + "-b7ad6b7169203331-00"}});
  REQUIRE(wait_until(
      [&] { return gw.proc().output().find("\"trace_id\":\"" + trace + "\"") != std::string::npos; }, 5s));
}
