// The eight endpoints end to end: gateway and simulator as real processes on loopback.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace harness;

namespace {
void check_envelope(const response& r, int status, const std::string& state, const std::string& message) {
  INFO(r.body);
  CHECK(r.status == status);
  CHECK(r.header("content-type") == "application/json");
  CHECK(json_string(r.body, "/status") == state);
  CHECK(json_string(r.body, "/message") == message);
  CHECK(is_timestamp(json_string(r.body, "/timestamp")));
  if (state == "error") CHECK(json_is(r.body, "/data", "null"));
}

const std::string valid_create =
    R"({"scope":"repo","scope_name":"myorg/myrepo","runner_name":"my-runner-01","runner_group":"default",)"
    R"("labels":["linux","x64"],"count":2,"enable_dind":true,"privileged":true})";
}  // namespace

TEST_CASE("create, list, status, destroy and cleanup through the gateway") {
  simulator sim;
  gateway gw(sim.port());

  auto created = gw.post("/api/v1/runners", valid_create);
  check_envelope(created, 200, "success", "Creados 2 runners exitosamente");
  REQUIRE(json_size(created.body, "/data") == 2);
  auto id = json_string(created.body, "/data/0/runner_id");
  CHECK(json_string(created.body, "/data/0/status") == "creating");

  auto forwarded = sim.requests_except_health();
  REQUIRE(forwarded.size() == 1);
  CHECK(forwarded[0].method == "POST");
  CHECK(forwarded[0].target == "/runners/create");
  CHECK(
      forwarded[0].body ==
      R"({"scope":"repo","scope_name":"myorg/myrepo","runner_name":"my-runner-01","runner_group":"default",)"
      R"("labels":["linux","x64"],"count":2})");
  CHECK(forwarded[0].user_agent == "GHA-API-Gateway/1.1.0");
  CHECK(forwarded[0].content_type == "application/json");

  auto listed = gw.get("/api/v1/runners");
  check_envelope(listed, 200, "success", "Listados 2 runners activos");
  CHECK(json_string(listed.body, "/data/0/labels/scope") == "repo");

  auto status = gw.get("/api/v1/runners/" + id);
  check_envelope(status, 200, "success", "Estado obtenido exitosamente");
  CHECK(json_string(status.body, "/data/runner_id") == id);
  CHECK(json_string(status.body, "/data/image") == "gha-runner:latest");

  auto destroyed = gw.del("/api/v1/runners/" + id);
  check_envelope(destroyed, 200, "success", "Runner " + id + " destruido exitosamente");
  CHECK(json_string(destroyed.body, "/data/runner_id") == id);
  CHECK(json_is(destroyed.body, "/data/destroyed", "bool"));
  CHECK(json_string(destroyed.body, "/data/message") == "Runner " + id + " destruido exitosamente");

  auto gone = gw.get("/api/v1/runners/" + id);
  check_envelope(gone, 404, "error", "Runner no encontrado");
  check_envelope(gw.del("/api/v1/runners/" + id), 404, "error", "Runner no encontrado");

  auto other = json_string(listed.body, "/data/1/runner_id");
  sim.set_runner_status(other, "error");
  auto cleaned = gw.post("/api/v1/runners/cleanup", "");
  check_envelope(cleaned, 200, "success", "Limpieza completada exitosamente");
  CHECK(json_int(cleaned.body, "/data/cleaned_count") == 1);
  CHECK(json_string(cleaned.body, "/data/cleaned_runners/0") == other);
  check_envelope(gw.get("/api/v1/runners"), 200, "success", "Listados 0 runners activos");
}

TEST_CASE("the reference's curl examples work as documented") {
  simulator sim;
  gateway gw(sim.port());
  check_envelope(gw.post("/api/v1/runners", R"({"scope": "repo", "scope_name": "owner/repo"})"), 200,
                 "success", "Creados 1 runners exitosamente");
  check_envelope(gw.post("/api/v1/runners", R"({"scope":"org","scope_name":"myorg","runner_group":"default",)"
                                            R"("labels":["linux","self-hosted"],"count":3})"),
                 200, "success", "Creados 3 runners exitosamente");
  check_envelope(gw.post("/api/v1/runners", R"({"scope_name": "myorg/myrepo"})"), 400, "error",
                 "Campo obligatorio faltante: scope");
  check_envelope(gw.post("/api/v1/runners", R"({"scope": "repo", "scope_name": "myorg"})"), 400, "error",
                 "Para scope='repo', scope_name debe tener formato owner/repo");
  check_envelope(gw.get("/api/v1/runners/nonexistent"), 404, "error", "Runner no encontrado");
}

TEST_CASE("validation errors are 400 envelopes and never reach the orchestrator") {
  simulator sim;
  gateway gw(sim.port());
  struct bad_case {
    std::string body, message;
  };
  for (const auto& [body, message] : std::vector<bad_case>{
           {"", "El cuerpo debe ser un objeto JSON válido"},
           {"not json", "El cuerpo debe ser un objeto JSON válido"},
           {"[1,2]", "El cuerpo debe ser un objeto JSON válido"},
           {R"({"scope":"repo"})", "Campo obligatorio faltante: scope_name"},
           {R"({"scope":"team","scope_name":"a/b"})", "Scope debe ser 'repo' u 'org'"},
           {R"({"scope":"repo","scope_name":"a/b","count":0})", "Count debe ser un entero entre 1 y 10"},
           {R"({"scope":"repo","scope_name":"a/b","count":"3"})", "Count debe ser un entero entre 1 y 10"},
           {R"({"scope":"repo","scope_name":"a/b","count":2.0})", "Count debe ser un entero entre 1 y 10"},
           {R"({"scope":"repo","scope_name":"a/b","count":true})", "Count debe ser un entero entre 1 y 10"},
           {R"({"scope":"repo","scope_name":"a/b","labels":"x"})", "Labels debe ser una lista"},
           {R"({"scope":"repo","scope_name":"a/b","labels":["ok",""]})",
            "Cada label debe ser una cadena no vacía"},
       }) {
    INFO(body);
    check_envelope(gw.post("/api/v1/runners", body), 400, "error", message);
  }
  CHECK(sim.requests_except_health().empty());
}

TEST_CASE("health endpoints answer from the monitor's snapshot") {
  simulator sim;
  gateway gw(sim.port());
  REQUIRE(gw.wait_for_orchestrator("healthy"));
  for (const char* path : {"/health", "/api/v1/health"}) {
    auto r = gw.get(path);
    check_envelope(r, 200, "success", "Gateway y orchestrator funcionando correctamente");
    CHECK(json_string(r.body, "/data/status") == "healthy");
    CHECK(json_string(r.body, "/data/service") == "api-gateway");
    CHECK(json_string(r.body, "/data/version") == "1.1.0");
  }
  auto before = sim.requests().size();
  for (int i = 0; i < 20; ++i) gw.get("/health");
  // 20 probes cost no upstream call each: only the monitor's own polls (every 0.2 s) may have happened.
  CHECK(sim.requests().size() - before < 10);
  check_envelope(gw.get("/healthz"), 200, "success", "Gateway funcionando correctamente");
}

TEST_CASE("an orchestrator answering status:healthy is healthy too") {
  simulator sim({"--health-style=status"});
  gateway gw(sim.port());
  CHECK(gw.wait_for_orchestrator("healthy"));
}

TEST_CASE("health is 200 degraded when the orchestrator cannot be reached; /healthz stays 200") {
  gateway gw(free_port());
  REQUIRE(gw.wait_for_orchestrator("unreachable"));
  for (const char* path : {"/health", "/api/v1/health"}) {
    auto r = gw.get(path);
    check_envelope(r, 200, "success", "Gateway con problemas en orchestrator");
    CHECK(json_string(r.body, "/data/status") == "degraded");
  }
  CHECK(gw.get("/healthz").status == 200);
}

TEST_CASE("unknown paths are 404 and wrong methods 405 with Allow, in the envelope") {
  simulator sim;
  gateway gw(sim.port());
  check_envelope(gw.get("/api/v2/runners"), 404, "error", "Ruta no encontrada");
  check_envelope(gw.get("/"), 404, "error", "Ruta no encontrada");
  auto r = request(gw.port(), "PUT", "/api/v1/runners", "{}");
  check_envelope(r, 405, "error", "Método no permitido");
  CHECK(r.header("allow") == "GET, HEAD, POST");
  auto p = request(gw.port(), "POST", "/api/v1/runners/abc", "{}");
  CHECK(p.status == 405);
  CHECK(p.header("allow") == "GET, HEAD, DELETE");
  CHECK(request(gw.port(), "PATCH", "/healthz").header("allow") == "GET, HEAD");
  CHECK(sim.requests_except_health().empty());
}

TEST_CASE("hostile runner ids never reach any orchestrator route") {
  simulator sim;
  gateway gw(sim.port());
  for (const char* target :
       {"/api/v1/runners/abc%2Fdebug", "/api/v1/runners/abc%2fdebug", "/api/v1/runners/abc%252Fdebug",
        "/api/v1/runners/..%2Fconfig%2Finfo", "/api/v1/runners/%2E%2E", "/api/v1/runners/abc/debug",
        "/api/v1/runners/abc/logs", "/api/v1/runners/abc/../../config/info", "/api/v1/runners/abc%5Cdebug",
        "/api/v1/runners/abc\\debug", "/api/v1/runners/%C0%AE%C0%AE", "/api/v1/runners/abc%00",
        "/api/v1/runners/.env", "/api/v1/runners/"}) {
    INFO(target);
    for (const char* method : {"GET", "DELETE"}) {
      auto r = request(gw.port(), method, target);
      CHECK(r.status == 400);
      CHECK(json_string(r.body, "/status") == "error");
    }
  }
  for (const char* target :
       {"/api/v1/../config/info", "/config/info", "/runners/x/debug", "/api/v1/runners/x/info/"})
    CHECK(
        (request(gw.port(), "GET", target).status == 404 || request(gw.port(), "GET", target).status == 400));
  CHECK(sim.requests_except_health().empty());
}

TEST_CASE("CORS: wildcard echoes the origin, a list filters it, preflight answered by the gateway") {
  simulator sim;
  {
    gateway gw(sim.port());
    auto r = gw.get("/api/v1/runners", {{"Origin", "https://ci.example.com"}});
    CHECK(r.header("access-control-allow-origin") == "https://ci.example.com");
    CHECK(r.header("access-control-allow-credentials") == "true");
    CHECK(r.header("vary") == "Origin");
    CHECK(gw.get("/api/v1/runners").header("access-control-allow-origin").empty());
  }
  gateway gw(sim.port(), {{"CORS_ORIGINS", "https://a.example,https://b.example"}});
  CHECK(gw.get("/healthz", {{"Origin", "https://b.example"}}).header("access-control-allow-origin") ==
        "https://b.example");
  auto denied = gw.get("/healthz", {{"Origin", "https://evil.example"}});
  CHECK(denied.status == 200);
  CHECK(denied.header("access-control-allow-origin").empty());

  sim.clear_requests();
  auto pre = request(gw.port(), "OPTIONS", "/api/v1/runners", {},
                     {{"Origin", "https://a.example"},
                      {"Access-Control-Request-Method", "POST"},
                      {"Access-Control-Request-Headers", "content-type,x-trace"}});
  CHECK(pre.status == 200);
  CHECK(pre.header("access-control-allow-origin") == "https://a.example");
  CHECK(pre.header("access-control-allow-methods") == "GET, POST, PUT, DELETE");
  CHECK(pre.header("access-control-allow-headers") == "content-type,x-trace");
  CHECK(pre.header("access-control-allow-credentials") == "true");
  auto pre_denied = request(gw.port(), "OPTIONS", "/api/v1/runners", {},
                            {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  CHECK(pre_denied.status == 400);
  CHECK(pre_denied.header("access-control-allow-origin").empty());
  CHECK(sim.requests_except_health().empty());
}
