// Bad input at the HTTP level, configuration at start-up, and the log format.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "harness.hpp"

using namespace harness;

TEST_CASE("bodies over MAX_BODY_BYTES get 413 and the gateway keeps serving") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_BODY_BYTES", "1024"}});
  auto r = gw.post("/api/v1/runners", std::string(4096, 'x'));
  CHECK(r.status == 413);
  CHECK(json_string(r.body, "/status") == "error");
  CHECK(gw.get("/healthz").status == 200);
  CHECK(sim.requests_except_health().empty());
}

TEST_CASE("malformed HTTP and ambiguous framing get 400 envelopes") {
  simulator sim;
  gateway gw(sim.port());
  auto garbage = raw_exchange(gw.port(), "THIS IS NOT HTTP\r\n\r\n");
  CHECK(garbage.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(garbage.find("\"status\":\"error\"") != std::string::npos);

  auto smuggle = raw_exchange(gw.port(),
                              "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  CHECK(smuggle.rfind("HTTP/1.1 400", 0) == 0);
  auto double_cl = raw_exchange(gw.port(),
                                "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                "Content-Length: 2\r\n\r\n{}");
  CHECK(double_cl.rfind("HTTP/1.1 400", 0) == 0);
  auto te_gzip =
      raw_exchange(gw.port(),
                   "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
                   "GET /api/v1/runners HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(te_gzip.rfind("HTTP/1.1 501", 0) == 0);  // an unknown coding; the request behind it is not served
  CHECK(te_gzip.find("HTTP/1.1", 1) == std::string::npos);
  CHECK(gw.get("/healthz").status == 200);
  CHECK(sim.requests_except_health().empty());
}

TEST_CASE("pipelined requests on one connection get their answers in order") {
  simulator sim;
  gateway gw(sim.port());
  auto both = raw_exchange(gw.port(),
                           "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                           "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto first = both.find("HTTP/1.1 200");
  auto second = both.find("HTTP/1.1 404");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(first < second);
}

TEST_CASE("a chunked body is read as a body") {
  simulator sim;
  gateway gw(sim.port());
  auto r = raw_exchange(gw.port(),
                        "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        "d\r\n{\"scope\":\"org\r\n16\r\n\",\"scope_name\":\"acme\"}\r\n0\r\n\r\n");
  CHECK(r.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(r.find("Creados 1 runners exitosamente") != std::string::npos);
}

// Boost 1.74's Beast asserts that an empty chunked body short of its end is next seen with 5 bytes or more;
// 4 are valid (fixed upstream in Beast PR 2861). The sanitized (Debug) build runs this and must not abort.
TEST_CASE("an empty chunked body whose end arrives a byte at a time gets its 400") {
  simulator sim;
  gateway gw(sim.port());
  held_connection client(gw.port());
  CHECK(client
            .exchange("POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n",
                      200ms)
            .empty());
  CHECK(client.exchange("X", 200ms).empty());
  CHECK(client.exchange("-Trailer: 1\r\n", 200ms).empty());
  auto answer = client.exchange("\r\n", 5s);
  while (answer.find("\"status\":\"error\"") == std::string::npos) {  // the rest, until the gateway closes
    auto more = client.exchange({}, 2s);
    if (more.empty()) break;
    answer += more;
  }
  CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(answer.find("\"status\":\"error\"") != std::string::npos);
  CHECK(gw.get("/healthz").status == 200);
  CHECK(sim.requests_except_health().empty());
}

TEST_CASE("configuration: --help, --version, and bad values exit non-zero with a clear line") {
  {
    process help(GW_GATEWAY_BIN, {"--help"}, {});
    CHECK(help.wait_exit(5s) == std::optional<int>(0));
    for (const char* v :
         {"API_GATEWAY_PORT", "--api-gateway-port", "ORCHESTRATOR_URL", "CORS_ORIGINS", "LOG_LEVEL",
          "RETRY_MAX_ATTEMPTS", "RETRY_BACKOFF_SECONDS", "HEALTH_CHECK_INTERVAL_SECONDS",
          "SHUTDOWN_GRACE_SECONDS", "MAX_BODY_BYTES", "ORCHESTRATOR_TIMEOUT_SECONDS", "LOG_FORMAT",
          "--log-format", "DOCS_ASSETS_DIR", "--healthcheck"})
      CHECK(help.output().find(v) != std::string::npos);
  }
  {
    process version(GW_GATEWAY_BIN, {"--version"}, {});
    CHECK(version.wait_exit(5s) == std::optional<int>(0));
    CHECK(version.output() == "gha-gateway 1.1.0\n");
  }
  {
    process bad(GW_GATEWAY_BIN, {}, {{"RETRY_MAX_ATTEMPTS", "zero"}});
    CHECK(bad.wait_exit(5s) == std::optional<int>(2));
    CHECK(bad.output().find("RETRY_MAX_ATTEMPTS=zero is invalid") != std::string::npos);
  }
  {
    process bad_flag(GW_GATEWAY_BIN, {"--log-level=LOUD"}, {});
    CHECK(bad_flag.wait_exit(5s) == std::optional<int>(2));
    CHECK(bad_flag.output().find("LOG_LEVEL") != std::string::npos);
  }
  {
    auto port = free_port();
    process flags(GW_GATEWAY_BIN,
                  {"--api-gateway-host=127.0.0.1", "--api-gateway-port=" + std::to_string(port),
                   "--orchestrator-url=http://127.0.0.1:1"},
                  {{"API_GATEWAY_PORT", "1"}});
    CHECK(wait_until([&] { return request(port, "GET", "/healthz").status == 200; }, 10s));
  }
}

TEST_CASE("log lines follow the reference format; loopback probes are not logged") {
  simulator sim;
  gateway gw(sim.port(), {{"LOG_LEVEL", "INFO"}, {"AUDIT_LOG", "on"}});
  gw.get("/healthz");
  gw.get("/health");
  gw.get("/api/v1/runners");
  // The audit line names the scope (on purpose); nothing else of a body is ever logged.
  gw.post("/api/v1/runners", R"({"scope":"org","scope_name":"acme","runner_group":"secretbody"})");
  REQUIRE(
      wait_until([&] { return gw.proc().output().find("POST /api/v1/runners") != std::string::npos; }, 5s));
  auto log = gw.proc().output();
  std::regex line(
      R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - api-gateway(\.audit)? - (DEBUG|INFO|WARNING|ERROR) - .+)");
  std::istringstream lines(log);
  std::string l;
  int n = 0;
  while (std::getline(lines, l)) {
    INFO(l);
    CHECK(std::regex_match(l, line));
    ++n;
  }
  CHECK(n >= 3);
  CHECK(std::regex_search(log, std::regex(R"(GET /api/v1/runners 200 [0-9.]+ms client=127\.0\.0\.1:\d+)")));
  CHECK(log.find("/healthz") == std::string::npos);
  CHECK(log.find("GET /health ") == std::string::npos);
  CHECK(log.find("secretbody") == std::string::npos);
  CHECK(log.find(" - api-gateway.audit - INFO - AUDIT create key=- scope=org:acme runners=runner-") !=
        std::string::npos);
}

TEST_CASE("LOG_LEVEL=WARNING keeps the access log quiet; DEBUG shows retries") {
  simulator sim;
  {
    gateway quiet(sim.port(), {{"LOG_LEVEL", "WARNING"}});
    quiet.get("/api/v1/runners");
    quiet.get("/nope");
    CHECK(quiet.proc().output().find("GET /api/v1/runners") == std::string::npos);
    CHECK(quiet.proc().output().find(" - INFO - ") == std::string::npos);
  }
  gateway verbose(sim.port(), {{"LOG_LEVEL", "DEBUG"}});
  sim.add_fault(R"({"kind":"status","status":503,"method":"GET","path":"/runners","times":1})");
  CHECK(verbose.get("/api/v1/runners").status == 200);
  REQUIRE(wait_until([&] { return verbose.proc().output().find(" - DEBUG - ") != std::string::npos; }, 5s));
  CHECK(verbose.proc().output().find("retrying in") != std::string::npos);
}

TEST_CASE("RFC 9112 framing: one coding, one Host, no folding, a bounded number of fields") {
  simulator sim;
  gateway gw(sim.port(), {{"MAX_HEADER_FIELDS", "20"}});
  auto count_answers = [](const std::string& bytes) {
    std::size_t n = 0;
    for (auto at = bytes.find("HTTP/1.1 "); at != std::string::npos; at = bytes.find("HTTP/1.1 ", at + 1))
      ++n;
    return n;
  };
  // Unknown codings before chunked: 501, the connection closes, the request hidden behind is not served.
  for (const char* coding : {"gzip, chunked", "chunked;q=1", "identity"}) {
    INFO(coding);
    auto r = raw_exchange(
        gw.port(), std::string("POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ") + coding +
                       "\r\n\r\n0\r\n\r\nGET /api/v1/runners HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(r.rfind("HTTP/1.1 501", 0) == 0);
    CHECK(r.find("Transfer-Encoding no soportado: solo se acepta chunked") != std::string::npos);
    CHECK(count_answers(r) == 1);
  }
  auto chunked = raw_exchange(gw.port(),
                              "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:  Chunked \r\n"
                              "Content-Type: application/json\r\nConnection: close\r\n\r\n"
                              "23\r\n{\"scope\":\"org\",\"scope_name\":\"acme\"}\r\n0\r\n\r\n");
  CHECK(chunked.rfind("HTTP/1.1 200", 0) == 0);

  // Host: none or two in HTTP/1.1 is 400; HTTP/1.0 may go without.
  for (const char* head :
       {"GET /healthz HTTP/1.1\r\n\r\n", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"}) {
    auto r = raw_exchange(gw.port(), head);
    CHECK(r.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(r.find("se requiere exactamente una cabecera Host") != std::string::npos);
  }
  CHECK(raw_exchange(gw.port(), "GET /healthz HTTP/1.0\r\n\r\n").rfind("HTTP/1.0 200", 0) == 0);

  // Folded lines are refused, not joined: a folded Authorization or Content-Length is never honoured.
  auto folded = raw_exchange(gw.port(),
                             "POST /api/v1/runners HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n 2\r\n\r\n{}"
                             "GET /api/v1/runners HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(folded.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(folded.find("cabeceras plegadas (obs-fold) no permitidas") != std::string::npos);
  CHECK(count_answers(folded) == 1);

  // A bounded number of header fields.
  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 20; ++i) many += "X-F" + std::to_string(i) + ": 1\r\n";
  CHECK(raw_exchange(gw.port(), many + "\r\n").rfind("HTTP/1.1 431", 0) == 0);
  std::string enough = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
  for (int i = 0; i < 18; ++i) enough += "X-F" + std::to_string(i) + ": 1\r\n";
  CHECK(raw_exchange(gw.port(), enough + "\r\n").rfind("HTTP/1.1 200", 0) == 0);
  CHECK(count_requests(sim.requests_except_health(), "POST", "/runners/create") ==
        1);  // the valid chunked one
}

TEST_CASE("absolute-form targets are routed on their path; HEAD is served wherever GET is") {
  simulator sim;
  gateway gw(sim.port());
  auto absolute =
      raw_exchange(gw.port(),
                   "GET http://gateway.example:8080/api/v1/runners?x=1 HTTP/1.1\r\nHost: gateway.example\r\n"
                   "Connection: close\r\n\r\n");
  CHECK(absolute.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(absolute.find("Listados 0 runners activos") != std::string::npos);
  CHECK(raw_exchange(gw.port(), "GET http://x/config/info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .rfind("HTTP/1.1 404", 0) == 0);

  for (const char* path : {"/healthz", "/api/v1/runners", "/api/v1/health", "/openapi.json", "/metrics"}) {
    INFO(path);
    auto get = gw.get(path);
    auto head = request(gw.port(), "HEAD", path);
    CHECK(head.status == get.status);
    CHECK(head.body.empty());
    CHECK(head.header("content-type") == get.header("content-type"));
    if (std::string(path) != "/metrics" && std::string(path) != "/api/v1/health")  // their bodies change
      CHECK(head.header("content-length") == get.header("content-length"));
    CHECK_FALSE(head.header("content-length").empty());
  }
  // Nothing follows the head on the wire.
  auto raw = raw_exchange(gw.port(), "HEAD /api/v1/runners HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(raw.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(raw.find("\r\n\r\n") == raw.size() - 4);
  auto status = request(gw.port(), "HEAD", "/api/v1/runners/nope");
  CHECK(status.status == 404);
  CHECK(status.body.empty());
  // HEAD reaches the orchestrator only as the GET would.
  for (const auto& r : sim.requests_except_health()) CHECK(r.method == "GET");
}
